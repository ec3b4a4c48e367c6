"""Impor Data: the Excel template, then upload -> every problem or a preview -> confirm -> saved."""

import streamlit as st

from lkjip.config import get_settings
from lkjip.errors import LkjipError
from lkjip.io.cadangan import ekspor
from lkjip.io.impor import BATAS_UKURAN, periksa, terapkan
from lkjip.io.templat import templat
from pages._shared import petugas, rencana_atau_berhenti, repo, tampilkan_error

st.title("Impor Data")
st.caption(
    "Unduh templat, isi per triwulan, lalu unggah. Semua kesalahan ditampilkan sekaligus; tidak ada yang "
    "disimpan sebelum Anda menyetujui pratinjau. Mengunggah berkas yang sama dua kali tidak mengubah apa pun."
)
try:
    r = repo()
    st.download_button(
        "Unduh templat Excel",
        lambda: templat(repo()),
        "templat_lkjip.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="templat",
        icon=":material/download:",
        on_click="ignore",
    )
    st.download_button(
        "Unduh cadangan seluruh data",
        lambda: ekspor(repo()),
        "cadangan_lkjip.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="cadangan",
        icon=":material/backup:",
        on_click="ignore",
        help="Semua tabel data mentah, sumbernya dan log perubahan dalam satu berkas Excel. Pulihkan ke basis data "
        "baru dengan: python -m lkjip import cadangan_lkjip.xlsx --db baru.duckdb --yes",
    )
except LkjipError as exc:
    tampilkan_error(exc)
    st.stop()

berkas = st.file_uploader(
    f"Berkas templat (.xlsx) atau CSV per lembar, maks. {BATAS_UKURAN // 1_000_000} MB",
    type=["xlsx", "csv"],
    key="berkas",
)
if berkas is None:
    st.stop()
rencana = rencana_atau_berhenti(lambda: periksa(r, berkas.name, berkas.getvalue()))

st.subheader("Pratinjau")
st.dataframe(rencana.ringkasan(), hide_index=True, key="ringkasan-impor")
if not rencana.ada_perubahan:
    st.info("Tidak ada perubahan: semua baris sudah sama dengan data di dasbor.")
    st.stop()
st.dataframe(rencana.perubahan(), hide_index=True, key="perubahan-impor")
if rencana.peringatan:
    st.warning(f"{len(rencana.peringatan)} peringatan: periksa sebelum menyimpan (tetap disimpan bila disetujui).")
    st.dataframe(rencana.peringatan_tabel(), hide_index=True, key="peringatan-impor")
pengguna = petugas()
if st.button("Simpan ke dasbor", type="primary", key="simpan-impor"):
    with st.spinner("Menyimpan (satu transaksi)…"):
        n = terapkan(get_settings().db_path, rencana, pengguna=pengguna)
    st.cache_data.clear()
    st.success(f"{n} baris disimpan dari {berkas.name}. Halaman lain kini menampilkan angka baru.")
