"""Log Perubahan: every write by an import or the form (when, what, old -> new, file and SHA-256)."""

import streamlit as st

from lkjip import laporan
from lkjip.errors import LkjipError
from lkjip.io.impor import LABEL_PRATINJAU, log_tampilan
from pages._data import repo
from pages._tampilan import tabel_data, tampilkan_error, unduh_tabel

try:
    df = laporan.audit(repo())
except LkjipError as exc:
    tampilkan_error(exc)
    st.stop()
st.title("Log Perubahan")
if df.empty:
    st.info("Belum ada perubahan lewat impor atau formulir.")
    st.stop()
st.caption(
    "Setiap nilai yang ditulis impor atau formulir, terbaru di atas. Nilai lama kosong (–) berarti baris baru; "
    "unduhan berisi seluruh log persis seperti tersimpan (SHA-256 lengkap)."
)
semua = st.toggle("Tampilkan semua isian (termasuk kode, sumber dan penanda baris baru)", key="audit-semua")
tabel_data(log_tampilan(df, semua=semua), "tabel-audit", label=LABEL_PRATINJAU)
unduh_tabel(df, "log_perubahan", key="unduh-audit", label=LABEL_PRATINJAU)
