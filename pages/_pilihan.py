"""The choice that follows the user: kecamatan and tahun in the sidebar (session and URL; a link from outside wins),
the Perbandingan picker, the rapat's peers, and the common page start (``halaman``)."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from datetime import datetime

import streamlit as st

from lkjip import laporan
from lkjip.db.repository import Repository
from lkjip.errors import LkjipError
from pages._alur import tanda_belum_disetujui
from pages._data import BANYAK_KECAMATAN, kabar_pg, kabar_tulisan, repo, sintetis, wilayah
from pages._tampilan import polos, tampilkan_error, teks_md


def angka_url(teks: object, digit: int = 4) -> int | None:
    """A whole number from the URL (?tahun=2025, ?slide=3) written in ASCII digits, at most ``digit`` of them; None
    for anything else ('²' and other Unicode digits, a 5.000-digit number, '-1', '3.0'): a link never breaks a page."""
    teks = str(teks) if teks is not None else ""
    return int(teks) if re.fullmatch(f"[0-9]{{1,{digit}}}", teks) else None


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


def kecamatan_sendiri(w: laporan.Wilayah) -> str | None:
    """The signed-in camat's or operator's own kecamatan: where their first visit opens."""
    p = st.session_state.get("_pengguna")
    lingkup = getattr(p, "lingkup", None) if getattr(p, "jenis_lingkup", None) == "kecamatan" else None
    return lingkup if lingkup in w.kab_kota else None


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
    bawaan = kecamatan_sendiri(w) or w.bawaan or w.nama[0]
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
        pilihan = _pilih("tahun", lambda t: angka_url(t) in th.tahun)
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
        sendiri = sendiri if sendiri in w.kab_kota else (kecamatan_sendiri(w) or w.bawaan or w.nama[0])
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
            polos(f"Kecamatan {nama!r} tidak ada di basis data dan tidak dibandingkan.{saran}"),
            icon=":material/search_off:",
        )


def kecamatan_tidak_dikenal(nama: str, w: laporan.Wilayah) -> None:
    """Say that a linked kecamatan does not exist, with the closest name, and stop (never show another one)."""
    import difflib

    st.title("Kecamatan tidak ditemukan")
    lower = {n.casefold(): n for n in w.nama}
    dekat = difflib.get_close_matches(nama.casefold(), list(lower), n=1, cutoff=0.5)
    st.warning(
        polos(f"Tautan ini menyebut kecamatan yang tidak ada di basis data: {nama!r}."), icon=":material/search_off:"
    )
    if dekat:
        st.page_link(
            "pages/ringkasan.py",
            label=teks_md(f"Maksud Anda {lower[dekat[0]]}? Buka ringkasannya"),
            icon=":material/arrow_forward:",
            query_params={"kecamatan": lower[dekat[0]]},
        )
    st.caption("Pilih kecamatan di sidebar, atau periksa ejaan nama pada tautan.")
    st.stop()


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
        st.title(teks_md(f"{judul}: {kecamatan}"))
    tanda_pg()
    if kecamatan in sintetis():
        st.warning(
            "Kecamatan SINTETIS: angka dibangkitkan untuk uji kinerja (python -m lkjip synth), bukan data nyata.",
            icon=":material/science:",
        )
    if tahun is None:
        st.info(polos(f"Belum ada data kinerja untuk Kecamatan {kecamatan}."))
        st.stop()
    tanda_belum_disetujui(r, kecamatan, tahun)
    return r, kecamatan, tahun


BASI_DETIK = 5.0  # the read model's follower polls every second: longer without touch means PostgreSQL is away


def tanda_pg() -> None:
    """In the PostgreSQL mode, a notice when the read model has lost touch with PostgreSQL: the page still shows what
    it holds, and says it may not be current; saving is refused meanwhile (lkjip.db.tulis_pg)."""
    kabar = kabar_pg()
    if kabar is None:
        return
    if belum := kabar_tulisan():
        st.info(belum, icon=":material/hourglass_top:")
    terakhir, galat = kabar
    if galat is None and time.time() - terakhir < BASI_DETIK:
        return
    jam = datetime.fromtimestamp(terakhir).strftime("%H.%M.%S")
    st.warning(
        f"Server data (PostgreSQL) tidak terhubung: data mungkin tidak terbaru (terakhir diperbarui pukul {jam}). "
        "Menyimpan data ditolak sampai server kembali; halaman tersambung lagi sendiri.",
        icon=":material/cloud_off:",
    )


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
