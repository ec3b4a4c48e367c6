"""Impor Data: the Excel template, then upload -> every problem or a preview -> confirm -> saved."""

import streamlit as st

from lkjip.config import tulis_ke
from lkjip.errors import LkjipError
from lkjip.io.cadangan import ekspor
from lkjip.io.impor import BATAS_UKURAN, LABEL_PRATINJAU, periksa, terapkan
from lkjip.io.templat import templat
from pages._data import repo, setelah_tulis
from pages._tampilan import polos, tabel_data, tampilkan_error
from pages._tulis import petugas, rencana_atau_berhenti

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

MB = BATAS_UKURAN // (1024 * 1024)  # Streamlit's megabyte is 1024 × 1024 bytes, as is BATAS_UKURAN's
berkas = st.file_uploader(
    f"Berkas templat (.xlsx) atau CSV per lembar, maks. {MB} MB",
    type=["xlsx", "csv"],
    key="berkas",
    max_upload_size=MB,
)
if berkas is None:
    st.stop()
dilihat = st.session_state.get("impor-pratinjau")  # the plan whose preview the person approves by clicking Simpan
rencana = rencana_atau_berhenti(lambda: periksa(r, berkas.name, berkas.getvalue()))
st.session_state["impor-pratinjau"] = rencana

st.subheader("Pratinjau")
tabel_data(rencana.ringkasan(), "ringkasan-impor", label=LABEL_PRATINJAU)
if not rencana.ada_perubahan:
    st.info("Tidak ada perubahan: semua baris sudah sama dengan data di dasbor.")
    st.stop()
tabel_data(rencana.perubahan(), "perubahan-impor", label=LABEL_PRATINJAU)
if rencana.peringatan:
    st.warning(f"{len(rencana.peringatan)} peringatan: periksa sebelum menyimpan (tetap disimpan bila disetujui).")
    tabel_data(rencana.peringatan_tabel(), "peringatan-impor", label={"pesan": "Peringatan"})
pengguna = petugas()
if st.button("Simpan ke dasbor", type="primary", key="simpan-impor"):
    try:
        with st.spinner("Menyimpan (satu transaksi)…"):
            # the previewed plan, not this run's: if the database changed since the preview, it is refused
            sama = dilihat is not None and (dilihat.berkas, dilihat.sha256) == (rencana.berkas, rencana.sha256)
            n = terapkan(tulis_ke(), dilihat if sama else rencana, pengguna=pengguna)
    except LkjipError as exc:  # most often: someone saved the same rows since the preview was made
        tampilkan_error(exc)
        st.info("Pratinjau di atas kini menunjukkan nilai yang tersimpan; simpan lagi bila tetap ingin menggantinya.")
        st.stop()
    setelah_tulis()
    st.success(polos(f"{n} baris disimpan dari {berkas.name}. Halaman lain kini menampilkan angka baru."))
