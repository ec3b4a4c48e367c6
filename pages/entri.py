"""Entri Triwulan: type one kecamatan's realisations for a period; the same checks and transaction as an import."""

import hashlib
import json

import streamlit as st

from lkjip import laporan
from lkjip.config import get_settings
from lkjip.format import format_angka
from lkjip.io.impor import PERIODE, formulir_ke_lembar, periksa_lembar, terapkan
from pages._shared import halaman, petugas, rencana_atau_berhenti

r, kecamatan, tahun_data = halaman("Entri Triwulan")
c1, c2 = st.columns(2)
tahun = c1.number_input("Tahun", min_value=2000, max_value=2100, value=tahun_data, step=1, key="tahun-entri")
periode = c2.selectbox("Periode", PERIODE, index=1, key="periode-entri")
lembar = laporan.lembar_entri(r, kecamatan, int(tahun), periode)
for kolom in ("target", "target_tahunan"):  # read-only reference, in Indonesian format
    lembar[kolom] = [format_angka(v) for v in lembar[kolom]]
st.caption("Isi kolom realisasi (angka boleh 94,75 atau 94.75). Kosongkan bila belum ada.")
isi = st.data_editor(
    lembar,
    hide_index=True,
    key="editor",
    disabled=["indikator_id", "indikator", "satuan", "target", "target_tahunan"],
    column_config={
        "indikator_id": st.column_config.TextColumn("Kode"),
        "indikator": st.column_config.TextColumn("Indikator"),
        "satuan": st.column_config.TextColumn("Satuan"),
        "target": st.column_config.TextColumn(f"Target {periode}"),
        "target_tahunan": st.column_config.TextColumn("Target tahunan"),
        "realisasi": st.column_config.TextColumn(f"Realisasi {periode} (isi)"),
    },
)
rows = [
    {
        "kecamatan": kecamatan,
        "indikator": x.indikator_id,
        "tahun": int(tahun),
        "periode": periode,
        "realisasi": x.realisasi,
    }
    for x in isi.itertuples()
    if x.realisasi not in (None, "")
]
if not rows:
    st.info("Belum ada realisasi yang diisi.")
    st.stop()
nama = f"Formulir {kecamatan} {int(tahun)} {periode}"
sha = hashlib.sha256(json.dumps(rows, sort_keys=True, default=str).encode()).hexdigest()
rencana = rencana_atau_berhenti(lambda: periksa_lembar(r, nama, formulir_ke_lembar("realisasi", rows), sha))
st.dataframe(rencana.perubahan(), hide_index=True, key="perubahan-entri")
if not rencana.ada_perubahan:
    st.info("Tidak ada perubahan.")
else:
    pengguna = petugas()
    if st.button("Simpan", type="primary", key="simpan-entri"):
        n = terapkan(get_settings().db_path, rencana, pengguna=pengguna)
        st.cache_data.clear()
        st.success(f"{n} realisasi disimpan.")
