"""Anggaran & Efisiensi: pagu murni vs perubahan vs realisasi by level, and efficiency by each method."""

import streamlit as st

from lkjip import laporan
from lkjip.calc.periode import LEVEL_ANGGARAN
from lkjip.charts.anggaran import anggaran_bar, efisiensi_chart
from lkjip.format import NILAI_KODE
from pages._pilihan import halaman
from pages._tampilan import grafik, polos, tabel, teks

r, kecamatan, tahun = halaman("Anggaran & Efisiensi")
ang = laporan.anggaran(r, kecamatan, tahun)
ef = laporan.efisiensi_banding(r, kecamatan, tahun)

if ang.empty:
    st.info(polos(f"Belum ada data anggaran {kecamatan} tahun {tahun}."))
    st.stop()

LEVEL = NILAI_KODE["level"]
levels = [lv for lv in LEVEL_ANGGARAN if lv in set(ang["level"])]
level = st.segmented_control(
    "Tingkat", levels, format_func=LEVEL.get, default=levels[min(2, len(levels) - 1)], key="level"
)
sel = ang[ang["level"] == (level or levels[0])]
if level in ("kegiatan", "sub_kegiatan"):
    induk = sorted(sel["induk"].dropna().unique())
    pilih = st.selectbox("Induk", ["(semua)", *induk], key="induk")
    if pilih != "(semua)":
        sel = sel[sel["induk"] == pilih]
grafik(
    anggaran_bar(sel, judul_level=LEVEL.get(level or levels[0], "")),
    sel,
    f"anggaran_{kecamatan}_{tahun}_{level}",
    "anggaran",
)
for catatan in laporan.catatan_sumber_nilai(sel):
    teks(catatan, kelas="keterangan")
tabel(
    sel,
    [
        "nama",
        "serapan_persen",
        "realisasi",
        "pagu_perubahan",
        "pagu_murni",
        "serapan_dilaporkan",
        "induk",
        "sumber_tabel",
        *laporan.sumber_nilai_lain(sel),
        "perbaikan",
    ],
    {
        "pagu_murni": "rupiah",
        "pagu_perubahan": "rupiah",
        "realisasi": "rupiah",
        "serapan_persen": "persen",
        "serapan_dilaporkan": "persen",
    },
    f"anggaran_{kecamatan}_{tahun}",
    "anggaran",
)

st.subheader("Efisiensi: metode laporan dan metode seragam")
if ef.empty:
    st.info("Laporan tahun ini tidak menyajikan analisis efisiensi.")
else:
    st.caption(
        "Metode seragam proyek ini: capaian % − serapan %. Kolom 'dilaporkan' adalah angka atau label laporan; "
        "'dihitung' menerapkan metode laporan itu sendiri pada angka yang ada."
    )
    # the chart follows the level chosen above (Bantargebang reports 58 lines on three levels at once)
    ef_level = ef[ef["level"] == level] if level in set(ef["level"]) else ef
    if len(ef_level) < len(ef):
        st.caption(
            f"Grafik: {len(ef_level)} pos tingkat {LEVEL.get(level or '', level)}; tabel memuat semua {len(ef)} pos."
        )
    grafik(efisiensi_chart(ef_level), None, f"efisiensi_{kecamatan}_{tahun}", "efisiensi")
    kolom = ["pos", "efisiensi_seragam", "capaian_persen", "serapan_persen", "efisiensi_dilaporkan"]
    kolom += ["efisiensi_dihitung", "metode_laporan", "level", "sumber_tabel"]
    tabel(
        ef,
        kolom,
        {"capaian_persen": "persen", "serapan_persen": "persen", "efisiensi_seragam": "angka"},
        f"efisiensi_{kecamatan}_{tahun}",
        "efisiensi",
    )
