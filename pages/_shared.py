"""Streamlit glue shared by every page: the cached connection, the kecamatan/tahun filter
(kept in the URL so a link can be shared and deep links work), errors and downloads."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from html import escape

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from lkjip import laporan
from lkjip.config import get_settings
from lkjip.db.repository import Repository
from lkjip.errors import LkjipError
from lkjip.format import label_kolom, tabel_tampilan
from lkjip.io.ekspor import csv_bytes, xlsx_bytes
from lkjip.io.impor import LABEL_PRATINJAU, Rencana
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


def _dari_url(nama: str) -> str | None:
    """The URL's value of ``nama`` when it came from outside the app (a deep link, a link with query_params, the
    browser's back/forward), not from this session's own last write: then it wins over the session's choice."""
    url = st.query_params.get(nama)
    return url if url is not None and url != st.session_state.get(f"_url_{nama}") else None


def _pilih(nama: str, sah: Callable[[str], bool]) -> str | None:
    """The choice to show: a link from outside, else the widget's own value (a change on this page), else the
    choice carried from the previous page (a sidebar link clears the URL), else the URL's value."""
    for calon in (
        _dari_url(nama),
        st.session_state.get(nama),
        st.session_state.get(f"_pilihan_{nama}"),
        st.query_params.get(nama),
    ):
        if calon is not None and sah(str(calon)):
            return str(calon)
    return None


def _ingat(**pilihan: str) -> None:
    """Keep the choice for the next page, and in the URL so a link reproduces the screen: one URL update, and none
    when the URL already says it (each update is an entry in the browser's history)."""
    for nama, nilai in pilihan.items():
        st.session_state[f"_pilihan_{nama}"] = nilai
        st.session_state[f"_url_{nama}"] = nilai
    if any(st.query_params.get(n) != v for n, v in pilihan.items()):
        st.query_params.update(pilihan)


def ingat_kecamatan(kecamatan: str) -> None:
    """Keep a kecamatan as the user's choice (for a page without the sidebar filter that shows it)."""
    _ingat(kecamatan=kecamatan)


def kecamatan_terpilih() -> str | None:
    """The kecamatan the user chose last (on any page), for pages without the sidebar filter (Perbandingan)."""
    w = wilayah()
    return _pilih("kecamatan", lambda n: n in w.kab_kota)


def pilih_kecamatan_tahun(r: Repository) -> tuple[str, int | None, laporan.TahunKecamatan]:
    """Sidebar filter. The choice follows the user: through every sidebar link and page_link (kept in the session,
    since a sidebar link clears the URL), and in the URL (?kecamatan=…&tahun=…) so a link can be shared; a link from
    outside (deep link, back/forward) wins. A kecamatan opens on its latest year with annual realisation.

    With many kecamatan (a province or the whole country) the list is narrowed by provinsi and kab/kota first; each
    list is searchable by typing. A deep link opens with the kecamatan's own provinsi and kab/kota selected.
    An unknown ?kecamatan= stops the page with the closest name (nothing of another kecamatan is shown)."""
    w = wilayah()
    asing = _dari_url("kecamatan")
    if asing is not None and asing not in w.kab_kota:
        kecamatan_tidak_dikenal(asing, w)
    bawaan = w.ada_data[0] if w.ada_data else w.nama[0]
    wanted = _pilih("kecamatan", lambda n: n in w.kab_kota) or bawaan
    names: list[str] | tuple[str, ...] = w.nama
    if len(w.nama) > BANYAK_KECAMATAN:

        def ganti_provinsi() -> None:
            kab_baru = w.kab_per_provinsi[st.session_state["provinsi"]][0]
            st.session_state["kab_kota"] = kab_baru
            st.session_state["kecamatan"] = w.kecamatan_per_kab[kab_baru][0]

        def ganti_kab() -> None:
            st.session_state["kecamatan"] = w.kecamatan_per_kab[st.session_state["kab_kota"]][0]

        st.session_state["provinsi"] = w.provinsi[wanted]
        st.session_state["kab_kota"] = w.kab_kota[wanted]
        st.sidebar.selectbox("Provinsi", w.daftar_provinsi, key="provinsi", on_change=ganti_provinsi)
        names = w.kecamatan_per_kab[w.kab_kota[wanted]]
        st.sidebar.selectbox("Kab/Kota", w.kab_per_provinsi[w.provinsi[wanted]], key="kab_kota", on_change=ganti_kab)
    st.session_state["kecamatan"] = wanted
    kecamatan = st.sidebar.selectbox(
        "Kecamatan", names, key="kecamatan", format_func=lambda n: f"{n} ({w.kab_kota[n]})"
    )
    th = laporan.tahun_kecamatan(r, kecamatan)
    tahun = None
    if th.tahun:
        pilihan = _pilih("tahun", lambda t: t.isascii() and t.isdigit() and int(t) in th.tahun)
        st.session_state["tahun"] = int(pilihan) if pilihan else th.bawaan
        tahun = st.sidebar.selectbox(
            "Tahun",
            th.tahun,
            key="tahun",
            format_func=lambda t: str(t) if t in th.tahunan else f"{t} (belum ada realisasi tahunan)",
        )
    _ingat(kecamatan=kecamatan, **({} if tahun is None else {"tahun": str(tahun)}))
    return kecamatan, tahun, th


def pilihan_banding(r: Repository) -> list[str]:
    """The Perbandingan picker: 2 to 6 kecamatan, in the URL as a repeated key (?kecamatan=A&kecamatan=B).

    A link from outside wins; else the picker's own value, else the last comparison of the session, else the
    sidebar's kecamatan and its peers. At national scale the list to add from is narrowed by provinsi and
    kab/kota (the chosen ones stay). Unknown names in a link are dropped and named (kecamatan_tidak_dikenal_daftar)."""
    w = wilayah()
    maks = laporan.BANDING_MAKS
    url = st.query_params.get_all("kecamatan")
    luar = bool(url) and url != st.session_state.get("_url_banding")
    st.session_state["_banding_asing"] = [k for k in url if k not in w.kab_kota] if luar else []
    if luar:
        wanted = [k for k in dict.fromkeys(url) if k in w.kab_kota][:maks]
    elif "banding-pilih" in st.session_state:
        wanted = list(st.session_state["banding-pilih"])
    elif "_pilihan_banding" in st.session_state:
        wanted = list(st.session_state["_pilihan_banding"])
    else:
        sendiri = st.session_state.get("_pilihan_kecamatan")
        sendiri = sendiri if sendiri in w.kab_kota else (w.ada_data[0] if w.ada_data else w.nama[0])
        wanted = laporan.peer_bawaan(r, sendiri)
    opsi: list[str] = list(w.nama)
    if len(w.nama) > BANYAK_KECAMATAN:  # search within a provinsi and kab/kota, keep the chosen ones
        acuan = wanted[0] if wanted else w.nama[0]
        c1, c2 = st.columns(2)
        if luar or "banding-provinsi" not in st.session_state:
            st.session_state["banding-provinsi"] = w.provinsi[acuan]
            st.session_state["banding-kab"] = w.kab_kota[acuan]

        def ganti_provinsi() -> None:
            st.session_state["banding-kab"] = w.kab_per_provinsi[st.session_state["banding-provinsi"]][0]

        prov = c1.selectbox("Cari di provinsi", w.daftar_provinsi, key="banding-provinsi", on_change=ganti_provinsi)
        kab = c2.selectbox("Kab/Kota", w.kab_per_provinsi[prov], key="banding-kab")
        opsi = list(dict.fromkeys([*wanted, *w.kecamatan_per_kab[kab]]))
    st.session_state["banding-pilih"] = wanted
    pilih = st.multiselect(
        f"Kecamatan yang dibandingkan (2–{maks})",
        opsi,
        key="banding-pilih",
        max_selections=maks,
        placeholder="Ketik nama kecamatan",
        select_all=False,
        format_func=lambda n: f"{n} ({w.kab_kota[n]})",
    )
    st.session_state["_pilihan_banding"] = pilih
    st.session_state["_url_banding"] = pilih
    if url != pilih:
        st.query_params["kecamatan"] = pilih
    return pilih


def kecamatan_tidak_dikenal_daftar() -> None:
    """Name the kecamatan of a comparison link that the database does not know, with the closest name."""
    import difflib

    w = wilayah()
    lower = {n.casefold(): n for n in w.nama}
    for nama in st.session_state.get("_banding_asing", []):
        dekat = difflib.get_close_matches(nama.casefold(), list(lower), n=1, cutoff=0.5)
        saran = f" Maksud Anda {lower[dekat[0]]}?" if dekat else ""
        st.warning(
            f"Kecamatan {nama!r} tidak ada di basis data dan tidak dibandingkan.{saran}", icon=":material/search_off:"
        )


def kecamatan_tidak_dikenal(nama: str, w: laporan.Wilayah) -> None:
    """Say that a linked kecamatan does not exist, with the closest name, and stop (never show another one)."""
    import difflib

    st.title("Kecamatan tidak ditemukan")
    lower = {n.casefold(): n for n in w.nama}
    dekat = difflib.get_close_matches(nama.casefold(), list(lower), n=1, cutoff=0.5)
    st.warning(f"Tautan ini menyebut kecamatan yang tidak ada di basis data: {nama!r}.", icon=":material/search_off:")
    if dekat:
        st.page_link(
            "pages/ringkasan.py",
            label=f"Maksud Anda {lower[dekat[0]]}? Buka ringkasannya",
            icon=":material/arrow_forward:",
            query_params={"kecamatan": lower[dekat[0]]},
        )
    st.caption("Pilih kecamatan di sidebar, atau periksa ejaan nama pada tautan.")
    st.stop()


_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$=^])")


def polos(teks: object) -> str:
    """Text for st.error/st.success/st.info shown as it is: markdown and LaTeX characters escaped, line breaks kept
    (a message may quote a file name, an indicator or a typed value; data is never rendered as markup)."""
    return _MARKDOWN.sub(r"\\\1", str(teks)).replace("\n", "  \n")


def tampilkan_error(exc: LkjipError) -> None:
    st.error(f"**{polos(exc.judul)}**\n\n{polos(exc.pesan)}")


def rencana_atau_berhenti(
    periksa: Callable[[], Rencana], masalah: Callable[[ValidasiGagal], pd.DataFrame] | None = None
) -> Rencana:
    """Run the import checks; on any problem show them all (nothing is saved) and stop the page.

    ``masalah`` shapes the problem table (a form names indicators, not sheet rows)."""
    try:
        return periksa()
    except ValidasiGagal as exc:
        st.error(f"**{len(exc.masalah)} masalah ditemukan; tidak ada yang disimpan.** Perbaiki lalu coba lagi.")
        tabel_data(tabel_tampilan(masalah(exc) if masalah else exc.as_frame(), {}), "masalah", label=LABEL_PRATINJAU)
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


# name columns at a fixed width: a long indicator name would take a phone's whole width and hide the numbers next to
# it (the full name shows on hover); 240 px leaves a 390 px phone one value column beside it
KOLOM_NAMA = ("indikator", "nama", "pos", "ukuran", "Ukuran", "subjek", "unsur_nama")
LEBAR_NAMA = 240


def kolom_config(kolom, label: dict[str, str] | None = None) -> dict:  # type: ignore[no-untyped-def]
    """column_config with a word for every header (``label`` overrides the shared LABEL_KOLOM)."""
    return {
        c: st.column_config.Column(label_header(c, label), width=LEBAR_NAMA if c in KOLOM_NAMA else None) for c in kolom
    }


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


def teks(isi: str, *, kelas: str = "teks", tag: str = "p") -> None:
    """Text from the data (names of kecamatan, indicators, budget lines) shown as text, never as markup: escaped
    HTML, so markdown, LaTeX, links or images in a name stay characters."""
    st.html(f'<{tag} class="lkjip-{kelas}">{escape(str(isi))}</{tag}>')


# Plotly's own toolbar is English and sits over the plot (on a phone over the title); the PNG button below replaces
# its one useful item
KONFIG_PLOTLY = {"displayModeBar": False, "locale": "id"}


def grafik(fig, data: pd.DataFrame | None, nama: str, key: str) -> None:  # type: ignore[no-untyped-def]
    """A chart with its finding as a heading above it, a PNG at presentation resolution (rendered on click, title
    included) and the data behind it as CSV/XLSX.

    The title is taken out of the figure on screen: as page text it wraps on a phone and nothing covers it (inside
    Plotly a long title runs off a 390 px screen). ``data`` None: the page shows the chart's data right below in its
    own table, with the same downloads."""
    from lkjip.report.gambar import png

    judul, sub = fig.layout.title.text, fig.layout.title.subtitle.text
    if judul:
        teks(judul, kelas="judul-grafik")
    if sub:
        teks(sub, kelas="subjudul-grafik")
    dengan_judul = fig.layout.title.to_plotly_json()
    fig.update_layout(title=None, margin_t=40)  # room for a legend or band labels above the plot
    st.plotly_chart(fig, key=f"chart-{key}", config=KONFIG_PLOTLY)

    def gambar() -> bytes:
        salinan = go.Figure(fig)
        salinan.update_layout(title=dengan_judul, margin_t=90 if sub else 70)
        return png(salinan)

    st.download_button(
        "Unduh PNG (1600×900)",
        gambar,
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
        kecamatan, tahun, _ = pilih_kecamatan_tahun(r)
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
    """The kecamatan to compare with in the rapat materials (a multiselect, "Bandingkan dengan", at most MAKS_BANDING),
    kept in the URL as a repeated key (?banding=A&banding=B): the deck and Mode Presentasi share the choice and a
    link reproduces it. ``key`` is the page's own widget key (a widget's state does not survive a page switch; the
    URL does, so each page starts from it). ``wadah``: where the widget goes (st or st.sidebar)."""
    from lkjip.report.materi import MAKS_BANDING

    w = wilayah()
    lain = [k for k in w.nama if k != kecamatan]
    if len(w.nama) > BANYAK_KECAMATAN:  # a national list is 7.300 options: its provinsi (the deck's comparison area)
        dalam = [k for kab in w.kab_per_provinsi[w.provinsi[kecamatan]] for k in w.kecamatan_per_kab[kab]]
        dipilih = [k for k in st.query_params.get_all("banding") if k in w.kab_kota]
        lain = [k for k in dict.fromkeys([*dipilih, *dalam]) if k != kecamatan]
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
        help=f"Sampai {MAKS_BANDING} kecamatan lain, semua tema berdampingan (seperti halaman Perbandingan), tiap nilai "
        "dengan tahunnya.",
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


@st.cache_data(max_entries=16, show_spinner=False)
def perbandingan_data(db_path: str, db_mtime: float, kecamatan: tuple[str, ...]) -> pd.DataFrame:
    """The comparison of chosen kecamatan (cached per database version: at national scale its reads of v_benchmark
    take ~1 s, and the page reruns on every change of the picker)."""
    return laporan.perbandingan(repo(), list(kecamatan))
