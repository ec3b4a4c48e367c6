"""The comment thread of a period (catatan verifikasi) beside its values: Entri Triwulan shows it below the form, the
approval page beside the decision.

Every note shows who wrote it (name, or email, and role), when, what it is about (the period, or an indicator by its
name) and its text, never as markup. A user who may write one (lkjip.akses ``catat``: not a pembaca, and only inside
their scope) gets a small form; lkjip.db.catatan.tambah_catatan checks that again under the write lock."""

from __future__ import annotations

import streamlit as st

from lkjip import laporan
from lkjip.akses import Pengguna, boleh
from lkjip.config import tulis_ke
from lkjip.db.catatan import PANJANG_MAKS, daftar_catatan, tambah_catatan
from lkjip.db.repository import Repository
from lkjip.errors import LkjipError
from lkjip.format import format_tanggal
from lkjip.io.impor.tampilan import NAMA_PERAN
from lkjip.missing import is_missing
from pages._data import setelah_tulis, wilayah
from pages._tampilan import polos, tampilkan_error

SELURUH_PERIODE = "Seluruh periode"


def jumlah_catatan(r: Repository, kecamatan: str, tahun: int, periode: str | None, jenis: str = "realisasi") -> int:
    """How many notes the thread holds, for its heading ("Catatan verifikasi (2)")."""
    return len(daftar_catatan(r, kecamatan, tahun, periode, jenis))


def tampilkan_catatan(
    r: Repository, kecamatan: str, tahun: int, periode: str | None, jenis: str = "realisasi", *, key: str
) -> None:
    """The notes of the period (every period of the year when ``periode`` is None), oldest first, and the form to
    add one when the signed-in user may. ``key`` keeps the widgets of two threads on one page apart."""
    catatan = daftar_catatan(r, kecamatan, tahun, periode, jenis)
    terkirim = st.session_state.pop(f"{key}-terkirim", None)
    if catatan.empty:
        st.caption("Belum ada catatan untuk periode ini.")
    for baris in catatan.to_dict("records"):
        _satu_catatan(baris, tampil_periode=periode is None)
    if terkirim:
        st.success("Catatan terkirim.")
    pengguna = _pengguna()
    w = wilayah()
    letak = {kecamatan: (w.kab_kota[kecamatan], w.provinsi[kecamatan])} if kecamatan in w.kab_kota else {}
    if periode is None or not boleh(pengguna, "catat", kecamatan, letak):
        return
    _formulir(r, kecamatan, tahun, periode, jenis, pengguna, key)


def _satu_catatan(baris: dict, *, tampil_periode: bool) -> None:
    with st.container(border=True):
        kepala = (
            f"**{polos(_penulis(baris))}** · {polos(_peran(baris['peran']))} · {polos(format_tanggal(baris['waktu']))}"
        )
        st.markdown(kepala)
        tentang = SELURUH_PERIODE if is_missing(baris["indikator_id"]) else _nama_indikator(baris)
        if tampil_periode:
            tentang = f"{baris['periode']} · {tentang}"
        st.caption(polos(f"Tentang: {tentang}"))
        st.markdown(polos(baris["teks"]))


def _penulis(baris: dict) -> str:
    """The writer as the thread names them: the name the pengguna table knows, else the email; in local mode the
    typed name, else "Tanpa nama"."""
    if not is_missing(baris["nama_pengguna"]) and str(baris["nama_pengguna"]).strip():
        return str(baris["nama_pengguna"])
    if not is_missing(baris["pengguna"]) and str(baris["pengguna"]).strip():
        return str(baris["pengguna"])
    return "Tanpa nama"  # local mode, no name typed (the role beside it says "Mode lokal")


def _peran(peran: object) -> str:
    return NAMA_PERAN.get(str(peran), str(peran))


def _nama_indikator(baris: dict) -> str:
    nama = baris["indikator"]
    return str(baris["indikator_id"]) if is_missing(nama) else str(nama)  # an indicator gone since: its code


def _pengguna() -> Pengguna:
    masuk = st.session_state.get("_pengguna")
    return masuk if isinstance(masuk, Pengguna) else Pengguna.lokal()


def _formulir(r: Repository, kecamatan: str, tahun: int, periode: str, jenis: str, pengguna: Pengguna, key: str) -> None:  # fmt: skip
    ind = laporan.indikator(r, kecamatan)
    pilihan = [None, *ind["indikator_id"].tolist()]
    nama = dict(zip(ind["indikator_id"], ind["indikator"], strict=True))
    putaran = st.session_state.get(f"{key}-putaran", 0)  # a fresh, empty form after each note sent
    with st.form(f"{key}-form-{putaran}"):
        tentang = st.selectbox(
            "Catatan tentang",
            pilihan,
            format_func=lambda i: SELURUH_PERIODE if i is None else f"{nama[i]} ({i})",
            key=f"{key}-indikator-{putaran}",
        )
        teks = st.text_area("Isi catatan", max_chars=PANJANG_MAKS, key=f"{key}-teks-{putaran}")
        if pengguna.adalah_lokal:
            ketik = st.text_input(
                "Nama penulis (dicatat di Log Perubahan)",
                value=st.session_state.get("_petugas", ""),
                max_chars=80,
                key=f"{key}-nama-{putaran}",
            ).strip()
            pengguna = Pengguna.lokal(ketik or None)
        kirim = st.form_submit_button("Kirim catatan", key=f"{key}-kirim-{putaran}")
    if not kirim:
        return
    try:
        tambah_catatan(
            tulis_ke(), kecamatan, tahun, periode, pengguna=pengguna, teks=teks, jenis=jenis,
            indikator_id=tentang,
        )  # fmt: skip
    except LkjipError as exc:
        tampilkan_error(exc)
        return
    setelah_tulis()
    st.session_state[f"{key}-putaran"] = putaran + 1
    st.session_state[f"{key}-terkirim"] = True
    st.rerun()
