"""Kualitas Data: the findings of the consistency checks, with both numbers and the source table."""

import streamlit as st

from lkjip import laporan
from lkjip.errors import LkjipError
from pages._shared import pilih_kecamatan_tahun, repo, tampilkan_error, unduh_tabel

try:
    r = repo()
    kecamatan, _ = pilih_kecamatan_tahun(r)
    df = laporan.temuan(r, kecamatan)
except LkjipError as exc:
    tampilkan_error(exc)
    st.stop()

st.title(f"Kualitas Data: {kecamatan}")
st.caption(
    "Hasil pemeriksaan konsistensi: nilai yang dicetak laporan dibandingkan dengan hitungan ulang. "
    "Pemeriksaan hanya melaporkan; data tidak diubah."
)
if df.empty:
    st.success("Tidak ada temuan untuk kecamatan ini.")
else:
    jenis = st.multiselect("Jenis temuan", sorted(df["jenis"].unique()), key="filter-jenis")
    view = df[df["jenis"].isin(jenis)] if jenis else df
    st.metric("Jumlah temuan", len(view))
    st.dataframe(view, hide_index=True, key="tabel-temuan")
    unduh_tabel(view, f"temuan_{kecamatan}", key="unduh-temuan")
