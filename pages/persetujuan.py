"""Persetujuan: one kecamatan's periods and their approval state; the operator submits, the camat approves or returns
with a reason, the verifikator locks, an admin unlocks with a reason. Each person sees only the steps their role
may take (lkjip refuses the rest anyway); the values of the period are shown beside the steps, to be read first."""

import pandas as pd
import streamlit as st

from lkjip import laporan
from lkjip.calc.periode import PERIODE_URUT
from lkjip.db import status
from lkjip.format import format_angka, format_tanggal, format_teks
from pages._alur import JENIS_LABEL, label_status, panel_alur
from pages._catatan import jumlah_catatan, tampilkan_catatan
from pages._pilihan import halaman
from pages._tampilan import tabel_data

# every period a realisation can be entered for (semesters too: an operator may submit S1), in the order they close
PERIODE_ALUR = {"realisasi": PERIODE_URUT, "skm": ("Tahunan",), "anggaran": ("Tahunan",), "sakip": ("Tahunan",)}

r, kecamatan, tahun_data = halaman("Persetujuan")
c1, c2, c3 = st.columns(3)
tahun = int(c1.number_input("Tahun", min_value=2000, max_value=2100, value=tahun_data, step=1, key="tahun-persetujuan"))
jenis = c2.selectbox("Data", list(JENIS_LABEL), format_func=JENIS_LABEL.get, key="jenis-persetujuan")
tercatat = status.status_tahun(r, kecamatan, tahun)
tercatat = tercatat[tercatat["jenis"] == jenis].set_index("periode")
# the semesters only where they hold a value or a recorded state (most kecamatan report quarters)
berdata = set(r.fetch("capaian", kecamatan=kecamatan, tahun=tahun).dropna(subset=["realisasi"])["periode"])
daftar = [p for p in PERIODE_ALUR[jenis] if p not in ("S1", "S2") or p in tercatat.index or p in berdata]
periode = c3.selectbox("Periode", daftar, key=f"periode-persetujuan-{jenis}")

ringkas = pd.DataFrame(
    {
        "Periode": daftar,
        "Status": [label_status(tercatat.at[p, "status"]) if p in tercatat.index else "Draf" for p in daftar],
        "Terakhir diubah": [format_tanggal(tercatat.at[p, "diubah"]) if p in tercatat.index else "–" for p in daftar],
        "Oleh": [format_teks(tercatat.at[p, "oleh"]) if p in tercatat.index else "–" for p in daftar],
    }
)
st.caption(f"Status {JENIS_LABEL[jenis].lower()} {tahun}: periode tanpa catatan berstatus draf.")
tabel_data(ringkas, "ringkas-persetujuan")

st.subheader(f"{JENIS_LABEL[jenis]} {periode} {tahun}")
if jenis == "realisasi":
    lembar = laporan.lembar_entri(r, kecamatan, tahun, periode)
    terisi = lembar[lembar["realisasi"].notna()]
    if terisi.empty:
        st.info(f"Belum ada realisasi {periode} {tahun} yang tersimpan.")
    else:
        tabel_data(
            pd.DataFrame(
                {
                    "Indikator": terisi["indikator"],
                    f"Target {periode}": [format_angka(v) for v in terisi["target"]],
                    f"Realisasi {periode}": terisi["realisasi"],
                    "Satuan": [format_teks(v) for v in terisi["satuan"]],
                }
            ),
            "nilai-persetujuan",
        )
else:
    st.caption(
        f"Nilai {JENIS_LABEL[jenis]} tahunan ada di halamannya sendiri (SKM per Unsur, Anggaran & Efisiensi, "
        "Ringkasan); di sini status persetujuannya."
    )
panel_alur(r, kecamatan, tahun, periode, jenis=jenis, key=f"alur-{jenis}")
n_catatan = jumlah_catatan(r, kecamatan, tahun, periode, jenis)
with st.expander(f"Catatan verifikasi ({n_catatan})", expanded=n_catatan > 0):
    tampilkan_catatan(r, kecamatan, tahun, periode, jenis, key=f"catatan-{jenis}")
