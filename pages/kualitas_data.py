"""Kualitas Data: the findings of the consistency checks, with both numbers and the source table."""

import streamlit as st

from lkjip import laporan
from lkjip.format import tabel_tampilan
from pages._pilihan import halaman
from pages._tampilan import tabel_data, unduh_tabel

r, kecamatan, _ = halaman("Kualitas Data")
df = laporan.temuan(r, kecamatan)
st.caption(
    "Hasil pemeriksaan konsistensi: nilai yang dicetak laporan dibandingkan dengan hitungan ulang atau dengan "
    "tabel lain. Pemeriksaan hanya melaporkan; data tidak diubah."
)
if df.empty:
    st.success("Tidak ada temuan untuk kecamatan ini.")
    st.stop()
c1, c2 = st.columns(2)
jenis = c1.multiselect(
    "Jenis temuan", sorted(df["jenis"].unique()), key="filter-jenis", placeholder="Semua jenis", select_all=False
)
tahun = c2.multiselect(
    "Tahun",
    sorted(df["tahun"].dropna().astype(int).unique()),
    key="filter-tahun",
    placeholder="Semua tahun",
    select_all=False,
)
view = df
if jenis:
    view = view[view["jenis"].isin(jenis)]
if tahun:
    view = view[view["tahun"].isin(tahun)]
st.metric("Jumlah temuan", len(view))
tabel_data(tabel_tampilan(view, {}), "tabel-temuan")
unduh_tabel(view, f"temuan_{kecamatan}", key="unduh-temuan")
