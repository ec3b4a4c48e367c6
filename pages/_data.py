"""The pages' access to the data: the shared read-only connection (reopened when the file is swapped), the
kecamatan list, and the page data cached per database version. Also makes app.py the router on a first visit."""

from __future__ import annotations

import threading

import pandas as pd
import streamlit as st

from lkjip import laporan
from lkjip.config import get_settings
from lkjip.db.repository import Repository


def _route_through_app() -> None:
    """Make app.py's st.navigation the router even for the first visitor after a server start.

    Streamlit still treats a folder named pages/ as the old automatic page list until st.navigation has run once
    in the process: a deep link such as /entri opened first would run the page without app.py (no page config,
    file names as navigation). Turn that off and rerun, so app.py runs and routes to the same URL.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


_route_through_app()


@st.cache_resource
def _connections() -> dict[str, tuple[float, Repository]]:
    return {}


_OPEN_LOCK = threading.Lock()


def repo() -> Repository:
    """A cursor of the shared read-only connection (a DuckDB connection is not thread-safe).

    When the file changes (rebuild or import swap the file), the old connection is closed before the new one is
    opened: DuckDB caches one database instance per path in a process, so while the old connection is open a new
    connect would silently return the old, replaced file.
    """
    path = get_settings().db_path
    mtime = path.stat().st_mtime if path.exists() else 0.0
    with _OPEN_LOCK:
        conns = _connections()
        current = conns.get(str(path))
        if current is None or current[0] != mtime:
            if current is not None:
                current[1].close()
            conns[str(path)] = (mtime, Repository.open(path, read_only=True))
        return conns[str(path)][1].cursor()


BANYAK_KECAMATAN = laporan.BANYAK_KECAMATAN  # above this the sidebar narrows by provinsi and kab/kota first


def daftar_kecamatan() -> pd.DataFrame:
    """Every kecamatan with kab/kota, provinsi and flags (thousands at national scale: read once per database
    version, not on every rerun; shared, not to be modified)."""
    return wilayah().tabel


def wilayah() -> laporan.Wilayah:
    return _wilayah(str(get_settings().db_path), db_versi())


@st.cache_resource(max_entries=4, show_spinner=False)
def _wilayah(db_path: str, db_mtime: float) -> laporan.Wilayah:
    return laporan.wilayah(repo())


def sintetis() -> frozenset[str]:
    """Synthetic kecamatan of the current database."""
    return wilayah().sintetis


@st.cache_data(max_entries=8, show_spinner=False)
def materi_rapat(db_mtime: float, kecamatan: str, tahun: int, banding: tuple[str, ...] = ()):  # type: ignore[no-untyped-def]
    """The rapat materials for one kecamatan/year, compared with ``banding`` (cached per database version)."""
    from lkjip.report.materi import materi

    return materi(repo(), kecamatan, tahun, banding=list(banding) or None)


def db_versi() -> float:
    path = get_settings().db_path
    return path.stat().st_mtime if path.exists() else 0.0


@st.cache_data(max_entries=32, show_spinner=False)
def benchmark_data(
    db_path: str, db_mtime: float, tema: str, provinsi: str | None, kab_kota: str | None
) -> pd.DataFrame:
    """One theme's comparison (cached per database version: a national comparison is read once, not per rerun)."""
    return laporan.benchmark(repo(), tema, provinsi, kab_kota)


@st.cache_data(max_entries=16, show_spinner=False)
def perbandingan_data(db_path: str, db_mtime: float, kecamatan: tuple[str, ...]) -> pd.DataFrame:
    """The comparison of chosen kecamatan (cached per database version: at national scale its reads of v_benchmark
    take ~1 s, and the page reruns on every change of the picker)."""
    return laporan.perbandingan(repo(), list(kecamatan))
