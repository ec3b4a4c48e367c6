"""Streamlit glue shared by every page: the cached connection, the kecamatan/tahun filter
(kept in the URL so a link can be shared and deep links work), errors and downloads."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pandas as pd
import streamlit as st

from lkjip import laporan
from lkjip.config import get_settings
from lkjip.db.repository import Repository
from lkjip.errors import LkjipError
from lkjip.format import label_kolom, tabel_tampilan
from lkjip.io.ekspor import csv_bytes, xlsx_bytes
from lkjip.io.impor import Rencana
from lkjip.io.validasi import ValidasiGagal


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


def pilih_kecamatan_tahun(r: Repository) -> tuple[str, int | None]:
    """Sidebar filter; the choice lives in st.query_params (?kecamatan=…&tahun=…).

    With many kecamatan (a province or the whole country) the list is narrowed by provinsi and kab/kota first; each
    list is searchable by typing. A deep link opens with the kecamatan's own provinsi and kab/kota selected."""
    w = wilayah()
    bawaan = w.ada_data[0] if w.ada_data else w.nama[0]
    wanted = st.query_params.get("kecamatan", bawaan)
    if wanted not in w.kab_kota:
        wanted = bawaan
    names: list[str] | tuple[str, ...] = w.nama
    if len(w.nama) > BANYAK_KECAMATAN:

        def ganti_provinsi() -> None:
            kab_baru = w.kab_per_provinsi[st.session_state["provinsi"]][0]
            st.session_state["kab_kota"] = kab_baru
            st.session_state["kecamatan"] = w.kecamatan_per_kab[kab_baru][0]

        def ganti_kab() -> None:
            st.session_state["kecamatan"] = w.kecamatan_per_kab[st.session_state["kab_kota"]][0]

        provs = w.daftar_provinsi
        prov = st.sidebar.selectbox(
            "Provinsi", provs, index=provs.index(w.provinsi[wanted]), key="provinsi", on_change=ganti_provinsi
        )
        kabs = w.kab_per_provinsi[prov]
        kab = st.sidebar.selectbox(
            "Kab/Kota",
            kabs,
            index=kabs.index(w.kab_kota[wanted]) if w.kab_kota[wanted] in kabs else 0,
            key="kab_kota",
            on_change=ganti_kab,
        )
        names = w.kecamatan_per_kab[kab]
    kecamatan = st.sidebar.selectbox(
        "Kecamatan",
        names,
        index=names.index(wanted) if wanted in names else 0,
        key="kecamatan",
        format_func=lambda n: f"{n} ({w.kab_kota[n]})",
    )
    years = laporan.daftar_tahun(r, kecamatan)
    tahun = None
    if years:
        q = st.query_params.get("tahun")
        default = int(q) if q and q.isdigit() and int(q) in years else years[0]
        tahun = st.sidebar.selectbox("Tahun", years, index=years.index(default), key="tahun")
    st.query_params["kecamatan"] = kecamatan
    if tahun is not None:
        st.query_params["tahun"] = str(tahun)
    return kecamatan, tahun


def tampilkan_error(exc: LkjipError) -> None:
    st.error(f"**{exc.judul}**\n\n{exc.pesan}")


def rencana_atau_berhenti(periksa: Callable[[], Rencana]) -> Rencana:
    """Run the import checks; on any problem show them all (nothing is saved) and stop the page."""
    try:
        return periksa()
    except ValidasiGagal as exc:
        st.error(f"**{len(exc.masalah)} masalah ditemukan; tidak ada yang disimpan.** Perbaiki lalu coba lagi.")
        st.dataframe(exc.as_frame(), hide_index=True, key="masalah")
        st.stop()
    except LkjipError as exc:
        tampilkan_error(exc)
        st.stop()
    raise AssertionError("st.stop() returns only in bare mode")


def petugas() -> str | None:
    """Who is saving, as typed (kept for the session, on every entry page); written to the change log.

    Self-declared until the app has sign-in: the log says who said they saved, not who was authenticated."""
    nama = st.text_input(
        "Nama petugas (dicatat di Log Perubahan)",
        value=st.session_state.get("_petugas", ""),
        max_chars=80,
        key="petugas",
    ).strip()
    st.session_state["_petugas"] = nama
    return nama or None


def kolom_config(kolom, label: dict[str, str] | None = None) -> dict:  # type: ignore[no-untyped-def]
    """column_config with a word for every header (``label`` overrides the shared LABEL_KOLOM)."""
    return {c: st.column_config.Column(label_header(c, label)) for c in kolom}


def label_header(kolom: str, label: dict[str, str] | None = None) -> str:
    return (label or {}).get(kolom) or label_kolom(kolom)


def tabel_data(df: pd.DataFrame, key: str, *, label: dict[str, str] | None = None, **kwargs) -> None:  # type: ignore[no-untyped-def]
    """st.dataframe of an already formatted frame, its headers in words (never the database names)."""
    st.dataframe(df, hide_index=True, key=key, column_config=kolom_config(df.columns, label), **kwargs)


def unduh_tabel(df: pd.DataFrame, nama: str, key: str, *, label: dict[str, str] | None = None) -> None:
    """CSV and XLSX downloads of the data behind a table or chart, written only when clicked (writing an XLSX of
    every table on every rerun was most of a filter change's time). The values are the data (numbers unformatted);
    the headers are the same words as on screen."""
    c1, c2 = st.columns(2)

    def berlabel() -> pd.DataFrame:
        return df.rename(columns={c: label_header(c, label) for c in df.columns})

    c1.download_button(
        "Unduh CSV", lambda: csv_bytes(berlabel()), f"{nama}.csv", "text/csv", key=f"{key}-csv", on_click="ignore"
    )
    c2.download_button(
        "Unduh XLSX",
        lambda: xlsx_bytes(berlabel(), nama),
        f"{nama}.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=f"{key}-xlsx",
        on_click="ignore",
    )


def tabel(
    df: pd.DataFrame,
    kolom: list[str],
    format_kolom: dict[str, str],
    nama: str,
    key: str,
    *,
    label: dict[str, str] | None = None,
) -> None:
    """A table in Indonesian number formats with worded headers, and its data as CSV/XLSX."""
    tabel_data(tabel_tampilan(df[kolom], format_kolom), f"tabel-{key}", label=label)
    unduh_tabel(df, nama, key=f"unduh-{key}", label=label)


def grafik(fig, data: pd.DataFrame | None, nama: str, key: str) -> None:  # type: ignore[no-untyped-def]
    """A chart with a PNG at presentation resolution (rendered on click) and the data behind it as CSV/XLSX.

    ``data`` None: the page shows the chart's data right below in its own table, with the same downloads."""
    from lkjip.report.gambar import png

    st.plotly_chart(fig, key=f"chart-{key}")
    st.download_button(
        "Unduh PNG (1600×900)",
        lambda: png(fig),
        f"{nama}.png",
        "image/png",
        key=f"png-{key}",
        icon=":material/image:",
        on_click="ignore",
    )
    if data is not None:
        with st.expander("Data grafik"):
            tabel_data(tabel_tampilan(data, {}), f"data-{key}")
            unduh_tabel(data, nama, key=f"unduh-grafik-{key}")


def halaman(judul: str | None) -> tuple[Repository, str, int | None]:
    """Common page start: connection, the kecamatan/tahun filter, the title (none when ``judul`` is None: the page
    shows its own). Stops the page on a database error."""
    try:
        r = repo()
        kecamatan, tahun = pilih_kecamatan_tahun(r)
    except LkjipError as exc:
        tampilkan_error(exc)
        st.stop()
    if judul is not None:
        st.title(f"{judul}: {kecamatan}")
    if kecamatan in sintetis():
        st.warning(
            "Kecamatan SINTETIS: angka dibangkitkan untuk uji kinerja (python -m lkjip synth), bukan data nyata.",
            icon=":material/science:",
        )
    if tahun is None:
        st.info(f"Belum ada data kinerja untuk Kecamatan {kecamatan}.")
        st.stop()
    return r, kecamatan, tahun


@st.cache_data(max_entries=8, show_spinner=False)
def materi_rapat(db_mtime: float, kecamatan: str, tahun: int, banding: tuple[str, ...] = ()):  # type: ignore[no-untyped-def]
    """The rapat materials for one kecamatan/year, compared with ``banding`` (cached per database version)."""
    from lkjip.report.materi import materi

    return materi(repo(), kecamatan, tahun, banding=list(banding) or None)


def pilih_banding(kecamatan: str, key: str, wadah=st) -> list[str]:  # type: ignore[no-untyped-def]
    """The kecamatan to compare with in the rapat materials (multiselect "Bandingkan dengan", at most MAKS_BANDING),
    kept in the URL as a repeated key (?banding=A&banding=B): the deck and Mode Presentasi share the choice and a
    link reproduces it. ``key`` is the page's own widget key (a widget's state does not survive a page switch; the
    URL does, so each page starts from it). ``wadah``: where the widget goes (st or st.sidebar)."""
    from lkjip.report.materi import MAKS_BANDING

    w = wilayah()
    lain = [k for k in w.nama if k != kecamatan]
    ada = set(lain)
    if key not in st.session_state:
        st.session_state[key] = [k for k in dict.fromkeys(st.query_params.get_all("banding")) if k in ada][
            :MAKS_BANDING
        ]
    else:  # the kecamatan changed: it cannot be its own peer
        st.session_state[key] = [k for k in st.session_state[key] if k in ada]
    pilihan = wadah.multiselect(
        "Bandingkan dengan",
        lain,
        max_selections=MAKS_BANDING,
        placeholder="Pilih kecamatan",
        select_all=False,
        format_func=lambda n: f"{n} ({w.kab_kota[n]})",
        key=key,
        help=f"Sampai {MAKS_BANDING} kecamatan lain: IKM, nilai SAKIP dan serapan berdampingan, tiap nilai dengan "
        "tahunnya.",
    )
    if pilihan:
        st.query_params["banding"] = pilihan
    elif "banding" in st.query_params:
        del st.query_params["banding"]
    return pilihan


def teks_md(teks: object) -> str:
    """Data-derived text for st.title/st.markdown shown as it is: every Markdown punctuation escaped (a name with
    '*', '_', '[' or a leading '1.' would otherwise become formatting or a link)."""
    return "".join(f"\\{c}" if c in _MD_KHUSUS else c for c in str(teks))


_MD_KHUSUS = frozenset("\\`*_{}[]()#+-.!|~<>$:=")


def db_versi() -> float:
    path = get_settings().db_path
    return path.stat().st_mtime if path.exists() else 0.0


@st.cache_data(max_entries=32, show_spinner=False)
def benchmark_data(
    db_path: str, db_mtime: float, tema: str, provinsi: str | None, kab_kota: str | None
) -> pd.DataFrame:
    """One theme's comparison (cached per database version: a national comparison is read once, not per rerun)."""
    return laporan.benchmark(repo(), tema, provinsi, kab_kota)
