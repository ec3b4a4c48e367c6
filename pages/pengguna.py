"""Kelola Pengguna: the admin's list of the users inside their scope, and adding, changing and removing one.

Admins only (app.py hides the page from every other role and refuses it by URL; the page checks again). Every write
goes through lkjip.db.pengguna with the signed-in admin as ``oleh``, which refuses a role or scope outside the
admin's own; the scopes offered are those the admin holds (lkjip.db.pengguna.pilihan_lingkup). In the local mode the
page is the local admin's over everything, so the first admin can be made here as well as on the command line."""

import pandas as pd
import streamlit as st

from lkjip.akses import LINGKUP_PERAN, Pengguna, boleh
from lkjip.akses import PERAN as SEMUA_PERAN
from lkjip.config import tulis_ke
from lkjip.db.pengguna import hapus_pengguna, letak_kecamatan, pengguna_kelola, pilihan_lingkup, tambah_pengguna
from lkjip.errors import LkjipError
from lkjip.format import KOSONG, tabel_tampilan
from pages._data import repo, setelah_tulis
from pages._identitas import PERAN
from pages._tampilan import polos, tabel_data, tampilkan_error
from pages._tulis import petugas

SELURUH = "seluruh"  # the choice of no scope (a pembaca over everything; only the local mode may give it)
JENIS = {
    "kecamatan": "Kecamatan",
    "kab_kota": "Kabupaten/kota",
    "provinsi": "Provinsi",
    SELURUH: "Tanpa lingkup (seluruh wilayah)",
}
LABEL = {
    "email": "Email",
    "nama": "Nama",
    "peran": "Peran",
    "jenis_lingkup": "Jenis lingkup",
    "lingkup": "Lingkup",
    "aktif": "Aktif",
    "terhubung": "Pernah masuk",
    "dibuat": "Didaftarkan",
}
TINDAKAN = {"tambah": "Tambah pengguna", "ubah": "Ubah pengguna", "hapus": "Hapus pengguna"}

r = repo()  # first: a first visit is routed through app.py, which sets who is signed in
oleh = st.session_state.get("_pengguna")
letak = letak_kecamatan(r)
if not isinstance(oleh, Pengguna) or not boleh(oleh, "kelola_pengguna", None, letak):
    st.title("Halaman tidak tersedia")
    st.error("Halaman ini untuk admin.")
    st.stop()

try:
    df = pengguna_kelola(r, oleh)
except LkjipError as exc:
    tampilkan_error(exc)
    st.stop()
pilihan = pilihan_lingkup(oleh, letak)
wilayah = oleh.lingkup or "seluruh wilayah"

st.title("Kelola Pengguna")
if df.empty:
    st.info(polos(f"Belum ada pengguna terdaftar di {wilayah}. Daftarkan yang pertama di bawah."))
else:
    st.caption(
        polos(
            f"{len(df)} pengguna di {wilayah} yang dapat Anda kelola. Pernah masuk: akun itu sudah login sekali dan "
            "kini terikat pada identitasnya di penyedia login."
        )
    )
    tampil = df.assign(
        peran=[PERAN.get(p, p) for p in df["peran"]],
        jenis_lingkup=[KOSONG if pd.isna(j) else JENIS.get(j, j) for j in df["jenis_lingkup"]],
    )
    tabel_data(tabel_tampilan(tampil, {}), "tabel-pengguna", label=LABEL)


def _sah(key: str, opsi: list[str] | tuple[str, ...]) -> None:
    """Drop a remembered choice the options no longer hold (another role, another kind of scope)."""
    if key in st.session_state and st.session_state[key] not in opsi:
        del st.session_state[key]


def _isian(awalan: str) -> tuple[str, str, str | None, str | None]:
    """Nama, peran, jenis lingkup and lingkup, offered from the admin's own scope; what lkjip checks on saving."""
    nama = st.text_input("Nama", max_chars=120, key=f"{awalan}-nama")
    peran_boleh = [
        p
        for p in SEMUA_PERAN
        if any(pilihan[j] for j in LINGKUP_PERAN[p]) or (p == "pembaca" and oleh.jenis_lingkup is None)
    ]
    _sah(f"{awalan}-peran", peran_boleh)
    peran = st.selectbox("Peran", peran_boleh, format_func=lambda p: PERAN.get(p, p), key=f"{awalan}-peran")
    jenis_opsi = [j for j in LINGKUP_PERAN[peran] if pilihan[j]]
    if peran == "pembaca" and oleh.jenis_lingkup is None:
        jenis_opsi.append(SELURUH)
    _sah(f"{awalan}-jenis", jenis_opsi)
    jenis = st.selectbox("Jenis lingkup", jenis_opsi, format_func=JENIS.get, key=f"{awalan}-jenis")
    if jenis == SELURUH:
        return nama, peran, None, None
    _sah(f"{awalan}-lingkup", pilihan[jenis])
    lingkup = st.selectbox(
        JENIS[jenis], pilihan[jenis], index=None, placeholder="Ketik nama wilayah", key=f"{awalan}-lingkup"
    )
    return nama, peran, lingkup, jenis


def _disimpan(teks: str) -> None:
    setelah_tulis()  # the list below shows the change
    st.session_state["pengguna-hasil"] = polos(teks)
    st.session_state["pengguna-simpan"] = st.session_state.get("pengguna-simpan", 0) + 1  # a fresh form
    st.rerun()


def _sebutan(p: Pengguna) -> str:
    wilayah_p = f" {p.lingkup}" if p.lingkup else " (seluruh wilayah)"
    return f"{PERAN.get(p.peran, p.peran)}{wilayah_p}"


st.subheader("Tambah, ubah atau hapus")
opsi_tindakan = list(TINDAKAN) if not df.empty else ["tambah"]
_sah("pengguna-tindakan", opsi_tindakan)
tindakan = st.radio(
    "Tindakan",
    opsi_tindakan,
    format_func=TINDAKAN.get,
    horizontal=True,
    key="pengguna-tindakan",
    label_visibility="collapsed",
)
hasil = st.session_state.pop("pengguna-hasil", None)
if hasil is not None:
    st.success(hasil)
db = tulis_ke()
gen = st.session_state.get("pengguna-simpan", 0)
nama_email = dict(zip(df["email"], df["nama"], strict=True))

if tindakan == "tambah":
    email = st.text_input("Email", max_chars=200, placeholder="nama@bontangkota.go.id", key=f"tambah-{gen}-email")
    nama, peran, lingkup, jenis = _isian(f"tambah-{gen}")
    siapa = petugas()  # the signed-in admin (in local mode: the name typed, for the change log)
    if st.button("Daftarkan", type="primary", icon=":material/person_add:", key="tambah-simpan"):
        try:
            p = tambah_pengguna(db, Pengguna(email, nama, peran, lingkup, jenis), oleh=siapa)
        except LkjipError as exc:
            tampilkan_error(exc)
        else:
            _disimpan(f"{p.email} ({p.nama}) terdaftar sebagai {_sebutan(p)}.")
elif tindakan == "ubah":
    _sah("ubah-email", list(nama_email))
    email = st.selectbox(
        "Pengguna yang diubah",
        list(nama_email),
        format_func=lambda e: f"{e} ({nama_email[e]})",
        key="ubah-email",
    )
    awalan = f"ubah-{gen}"
    if st.session_state.get("_ubah_diisi") != (email, gen):  # the form opens on what is stored for this user
        baris = df[df["email"] == email].iloc[0]
        st.session_state[f"{awalan}-nama"] = baris["nama"]
        st.session_state[f"{awalan}-peran"] = baris["peran"]
        st.session_state[f"{awalan}-jenis"] = SELURUH if pd.isna(baris["jenis_lingkup"]) else baris["jenis_lingkup"]
        st.session_state[f"{awalan}-lingkup"] = None if pd.isna(baris["lingkup"]) else baris["lingkup"]
        st.session_state["_ubah_diisi"] = (email, gen)
    nama, peran, lingkup, jenis = _isian(awalan)
    siapa = petugas()
    if st.button("Simpan perubahan", type="primary", icon=":material/save:", key="ubah-simpan"):
        try:
            p = tambah_pengguna(db, Pengguna(email, nama, peran, lingkup, jenis), oleh=siapa, ganti=True)
        except LkjipError as exc:
            tampilkan_error(exc)
        else:
            _disimpan(f"{p.email} ({p.nama}) kini {_sebutan(p)}.")
else:
    _sah("hapus-email", list(nama_email))
    email = st.selectbox(
        "Pengguna yang dihapus",
        list(nama_email),
        format_func=lambda e: f"{e} ({nama_email[e]})",
        key="hapus-email",
    )
    if email == oleh.email:
        st.warning("Ini akun Anda sendiri: setelah dihapus Anda tidak dapat masuk lagi.", icon=":material/warning:")
    yakin = st.checkbox(
        polos(f"Ya, hapus {email} ({nama_email[email]}) dari daftar pengguna"), key=f"hapus-{gen}-yakin-{email}"
    )
    siapa = petugas()
    if st.button("Hapus", type="primary", icon=":material/person_remove:", disabled=not yakin, key="hapus-simpan"):
        try:
            hapus_pengguna(db, email, oleh=siapa)
        except LkjipError as exc:
            tampilkan_error(exc)
        else:
            _disimpan(f"{email} ({nama_email[email]}) dihapus dari daftar pengguna.")
