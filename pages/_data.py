"""The pages' access to the data: read-only connections, one per version of the database file (an import or a
rebuild swaps the file), the kecamatan list, and the page data cached per database version. Also makes app.py the
router on a first visit."""

from __future__ import annotations

import logging
import os
import threading
import time
import weakref
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
import streamlit as st

from lkjip import laporan
from lkjip.config import get_settings
from lkjip.db import skema
from lkjip.db.repository import Repository
from lkjip.db.tukar import tulis_lalu_tukar
from lkjip.errors import LkjipError

if TYPE_CHECKING:
    from lkjip.pg import ikuti


def _route_through_app() -> None:
    """Make app.py's st.navigation the router even for the first visitors after a server start.

    Streamlit still treats a folder named pages/ as the old automatic page list until st.navigation has run once
    in the process: a deep link such as /entri opened first runs the page without app.py (no page config, file
    names as navigation). Such a run is noticed at its first read of the data (app.py has not run in this session:
    no ``_lewat_app``) and rerun once, so app.py runs and routes to the same URL. Never during an import: a rerun raised while
    pages/_data.py is being imported left the module half-initialised for the other sessions starting at the same
    moment ("cannot import name ..."), so this is called from ``repo()``, in the page's body.
    """
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx(suppress_warning=True)  # None in a download's deferred callable: nothing to route
    if ctx is None or st.session_state.get("_lewat_app") or st.session_state.get("_dirutekan"):
        return
    if Path(ctx.pages_manager.main_script_path).name != "app.py":
        return  # a page run as its own main script (AppTest of one page): nothing to route
    PagesManager.uses_pages_directory = False
    st.session_state["_dirutekan"] = True  # once per session: app.py's run sets _halaman
    st.rerun()


@dataclass(eq=False)
class _Versi:
    """One version of the database file and its read-only connection, with the cursors handed out on it.

    DuckDB keeps one database instance per path in a process (it resolves links, /proc/self/fd included), so a file
    swapped in under the same name would be read through the old instance while that is open. Each version is
    therefore opened through a hard link of its own name (``lkjip.duckdb.baca-PID-INODE``, removed again as soon as
    DuckDB holds the file): sessions still reading the old version keep their cursors, and the old connection is
    closed only once none of its cursors is left."""

    kunci: tuple[int, int, int]  # inode, mtime (ns), size: a swap changes the inode
    repo: Repository
    sendiri: bool  # opened through its own link; False: the plain path (a folder the app cannot write to)
    kursor: weakref.WeakSet = field(default_factory=weakref.WeakSet)


@st.cache_resource
def _versions() -> dict[str, list[_Versi]]:
    """Per database path: the open versions, the newest last."""
    return {}


_OPEN_LOCK = threading.Lock()
_log = logging.getLogger("lkjip")


def _kunci(path: Path) -> tuple[int, int, int]:
    if not path.exists():
        return (0, 0, 0)
    s = path.stat()
    return (s.st_ino, s.st_mtime_ns, s.st_size)


def _buka(path: Path, kunci: tuple[int, int, int]) -> _Versi:
    """The file as it is now (``Repository.open`` gives the Indonesian message when it is missing or unreadable)."""
    if not path.exists():
        return _Versi(kunci, Repository.open(path), sendiri=False)
    link = path.with_name(f"{path.name}.baca-{os.getpid()}-{kunci[0]}-{kunci[1]}")
    try:
        link.unlink(missing_ok=True)
        os.link(path, link)
    except OSError as exc:
        # a folder the app may not link in (read-only; fs.protected_hardlinks and a file of another owner): one
        # connection for the path, closed at the next swap even if a run still reads it (that run fails once)
        _log.warning("tautan baca %s tidak dapat dibuat (%s): pertukaran berkas dapat memutus pembaca", link, exc)
        return _Versi(kunci, Repository.open(path), sendiri=False)
    try:
        return _Versi(kunci, Repository.open(link), sendiri=True)
    finally:
        link.unlink(missing_ok=True)


def _buka_terkini(path: Path, kunci: tuple[int, int, int]) -> _Versi:
    """``_buka``, and a file made by an older version (tables or columns the schema has since gained) brought up to
    today's schema first, once, through the write path (lkjip.db.skema): otherwise a page reading the workflow would
    fail on it. Where that write is not possible (a read-only folder) the file is read as it is, and logged."""
    versi = _buka(path, kunci)
    try:
        perlu = bool(skema.rencana(versi.repo))
    except LkjipError:  # a retyped column: the write path gives the message when someone writes
        perlu = False
    if not perlu:
        return versi
    try:
        tulis_lalu_tukar(path, lambda _repo: None, dari_awal=False)
    except LkjipError as exc:
        _log.warning("database %s tidak dapat dilengkapi ke skema sekarang: %s", path, exc)
        return versi
    versi.repo.close()  # no cursor was handed out yet
    return _buka(path, _kunci(path))


@dataclass(eq=False)
class _ModelPg:
    """This process's read model of PostgreSQL (LKJIP_DB=postgresql://..., issue 18): a DuckDB file of its own, opened
    writable once, written in place by its follower thread (lkjip.pg.ikuti); the sessions read through cursors."""

    repo: Repository
    versi: int = 0  # every catch-up adds one: the key of page caches over the whole country (db_versi)
    # the key of caches over one area: the version at which a change last touched a kecamatan, kab/kota or provinsi
    # (("kecamatan", name), ("kab_kota", name), ("provinsi", name)); a change of the region tables, or a rebuild,
    # moves every area (``versi_bersama``)
    versi_wilayah: dict[tuple[str, str], int] = field(default_factory=dict)
    versi_bersama: int = 0
    posisi: int = 0  # the last change of the sequence the model holds
    tiba: threading.Condition = field(default_factory=threading.Condition)  # notified at each catch-up
    terakhir: float = field(default_factory=time.time)  # the last round in touch with PostgreSQL
    galat: str | None = None
    berhenti: threading.Event = field(default_factory=threading.Event)

    def catat(self, hasil: ikuti.Diikuti, letak: dict[str, tuple[str, str]] | None) -> None:
        """One catch-up applied (``letak``: kecamatan -> (kab/kota, provinsi), lkjip.db.pengguna.letak_kecamatan;
        None when it could not be read, and then every area moves)."""
        with self.tiba:
            self.versi += 1
            if {"semua", "kab_kota", "kecamatan"} & set(hasil.bersama) or (letak is None and hasil.kecamatan):
                self.versi_bersama = self.versi
            for nama in hasil.kecamatan:  # a kecamatan not in the region tables yet still has its own caches
                self.versi_wilayah[("kecamatan", nama)] = self.versi
            for nama in hasil.kecamatan if letak is not None else ():
                if nama in letak:
                    kab_kota, provinsi = letak[nama]
                    self.versi_wilayah[("kab_kota", kab_kota)] = self.versi
                    self.versi_wilayah[("provinsi", provinsi)] = self.versi
            self.posisi = max(self.posisi, hasil.sampai)
            self.tiba.notify_all()

    def versi_untuk(self, wilayah: list[tuple[str, str]]) -> int:
        with self.tiba:
            return max([self.versi_bersama, *(self.versi_wilayah.get(w, 0) for w in wilayah)])


@st.cache_resource(show_spinner="Memuat data dari PostgreSQL ...")
def _model_pg() -> _ModelPg:
    """Build (or catch up) the read model at start, then follow PostgreSQL's change sequence in a thread."""
    from lkjip.db.pengguna import letak_kecamatan
    from lkjip.pg import ikuti
    from lkjip.pg.salin import model_baca

    s = get_settings()
    url, path = s.db_url or "", s.db_path
    if path.exists():
        ikuti.perbarui(url, path, lambda: Repository.open(path, read_only=False))
    else:
        model_baca(url, path)
    model = _ModelPg(Repository.open(path, read_only=False))
    pengikut = model.repo.cursor()
    model.posisi = ikuti.posisi(pengikut)

    def setelah(hasil: ikuti.Diikuti) -> None:  # in the follower's thread, on its cursor, after the commit
        letak = None
        try:
            if hasil.kecamatan:
                letak = letak_kecamatan(pengikut)
        finally:  # recorded whatever happens: the catch-up is in the model, its pages must not stay behind
            model.catat(hasil, letak)

    def detak(galat: str | None) -> None:
        model.galat = galat
        if galat is None:
            model.terakhir = time.time()

    threading.Thread(
        target=ikuti.jalankan,
        args=(url, pengikut, model.berhenti),
        kwargs={"setelah": setelah, "detak": detak},
        name="lkjip-ikuti",
        daemon=True,
    ).start()
    return model


def mode_pg() -> bool:
    return get_settings().db_url is not None


def kabar_pg() -> tuple[float, str | None] | None:
    """In the PostgreSQL mode, when the read model was last in touch with PostgreSQL and what failed since (None
    outside that mode)."""
    if not mode_pg():
        return None
    m = _model_pg()
    return m.terakhir, m.galat


def repo() -> Repository:
    """A cursor on the current version of the database file (a DuckDB connection is not thread-safe).

    When the file has been swapped (rebuild, import), the new version gets its own connection; a version no cursor
    uses any more is closed. A connection is never closed under a session that still reads from it (without a
    link of its own, in a folder the app cannot write to, the old connection must close before the path reopens)."""
    _route_through_app()
    if mode_pg():
        return _model_pg().repo.cursor()
    path = get_settings().db_path
    with _OPEN_LOCK:
        versi = _versions().setdefault(str(path), [])
        kunci = _kunci(path)
        if not versi or versi[-1].kunci != kunci:
            if versi and not versi[-1].sendiri:
                versi.pop().repo.close()  # DuckDB would hand back the old instance for the same path
            versi.append(_buka_terkini(path, kunci))
        for lama in [v for v in versi[:-1] if not len(v.kursor)]:
            versi.remove(lama)
            lama.repo.close()
        kursor = versi[-1].repo.cursor()
        versi[-1].kursor.add(kursor)
        return kursor


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
    """The rapat materials for one kecamatan/year, compared with ``banding``, from approved values only as the deck's
    default (cached per database version)."""
    from lkjip.report.disetujui import materi_rapat

    return materi_rapat(get_settings().db_path, kecamatan, tahun, banding=list(banding) or None)


def db_versi(*, kecamatan: object = (), kab_kota: object = (), provinsi: object = ()) -> float:
    """The key of a page cache: the database file's version (any write swaps it); on PostgreSQL, the read model's,
    over the whole country, or, when areas are named, the last version that changed something in one of them: a
    write in Kutai Kartanegara leaves the caches of Bontang as they are."""
    if mode_pg():
        model = _model_pg()
        wilayah = [
            (jenis, str(nama))
            for jenis, daftar in (("kecamatan", kecamatan), ("kab_kota", kab_kota), ("provinsi", provinsi))
            for nama in ([daftar] if isinstance(daftar, str) else daftar)  # type: ignore[attr-defined]
            if nama
        ]
        return float(model.versi_untuk(wilayah) if wilayah else model.versi)
    path = get_settings().db_path
    return path.stat().st_mtime if path.exists() else 0.0


def versi_cakupan(provinsi: str | None, kab_kota: str | None) -> float:
    """The cache key of a page over an area chosen as (provinsi, kab/kota): the narrowest one named, else the
    country."""
    if kab_kota:
        return db_versi(kab_kota=kab_kota)
    return db_versi(provinsi=provinsi) if provinsi else db_versi()


TUNGGU_TULISAN_DETIK = 10.0


def setelah_tulis() -> None:
    """After a write from a page: on the database file, every page cache dropped (the file was swapped); on
    PostgreSQL, wait until this process's read model holds the write (the follower applies it within about a
    second), so the rerun that follows shows what was saved. The caches of the areas it touched are then keyed by a
    new version by themselves. A model that has not caught up within TUNGGU_TULISAN_DETIK is said so on the next
    run (``kabar_tulisan``)."""
    from lkjip.db.tulis_pg import perubahan_terakhir

    nomor = perubahan_terakhir()
    if not mode_pg():
        st.cache_data.clear()
        return
    if nomor is None:
        return
    model = _model_pg()
    with st.spinner("Menunggu data baru tiba di dasbor ...", show_time=True), model.tiba:
        tiba = model.tiba.wait_for(lambda: model.posisi >= nomor, timeout=TUNGGU_TULISAN_DETIK)
    if not tiba:
        st.session_state["_tulisan_belum_tiba"] = nomor


def kabar_tulisan() -> str | None:
    """A write of this session that the read model did not hold when the page reran after it, while it still does
    not (None otherwise)."""
    nomor = st.session_state.get("_tulisan_belum_tiba")
    if nomor is None or not mode_pg():
        return None
    if _model_pg().posisi >= nomor:
        del st.session_state["_tulisan_belum_tiba"]
        return None
    return (
        "Perubahan Anda sudah tersimpan di server, tetapi halaman ini belum menerimanya: angka yang tampil mungkin "
        "belum memuatnya. Muat ulang halaman sebentar lagi untuk melihatnya."
    )


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


def letak() -> dict[str, tuple[str, str]]:
    """kecamatan -> (kab/kota, provinsi), the map lkjip.akses reads scopes with, from the cached Wilayah (not the
    7.300-row list read again on every rerun of the write pages)."""
    return _letak(str(get_settings().db_path), db_versi())


@st.cache_resource(max_entries=4, show_spinner=False)
def _letak(db_path: str, db_mtime: float) -> dict[str, tuple[str, str]]:
    w = wilayah()
    return {k: (w.kab_kota[k], w.provinsi[k]) for k in w.nama}


def belum_disetujui(kecamatan: str) -> pd.DataFrame:
    """The kecamatan's periods whose imported values are not approved yet (lkjip.db.status.belum_disetujui), read once
    per database version: the page's mark and its tables' marks share it. Shared, not to be modified."""
    return _belum_disetujui(str(get_settings().db_path), db_versi(kecamatan=kecamatan), kecamatan)


@st.cache_resource(max_entries=64, show_spinner=False)
def _belum_disetujui(db_path: str, db_mtime: float, kecamatan: str) -> pd.DataFrame:
    from lkjip.db import status

    return status.belum_disetujui(repo(), kecamatan)


def dokumen_impor() -> frozenset[str]:
    """The documents that are imports or form entries (dokumen.jenis 'Impor'), once per database version."""
    return _dokumen_impor(str(get_settings().db_path), db_versi())


@st.cache_resource(max_entries=4, show_spinner=False)
def _dokumen_impor(db_path: str, db_mtime: float) -> frozenset[str]:
    dok = repo().fetch("dokumen")
    return frozenset(dok.loc[dok["jenis"] == "Impor", "dokumen_id"])
