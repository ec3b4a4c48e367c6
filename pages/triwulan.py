"""Progres Triwulan: quarter and semester values of every indicator, and the quarterly cash plan."""

import streamlit as st

from lkjip import laporan
from lkjip.charts.anggaran import kas_chart
from lkjip.charts.tren import triwulan_chart
from pages._alur import tandai_nilai
from pages._pilihan import halaman
from pages._tampilan import grafik, polos, tabel

r, kecamatan, tahun = halaman("Progres Triwulan")
q = laporan.triwulan(r, kecamatan, tahun)
kas = laporan.anggaran_kas(r, kecamatan, tahun)

if q.empty:
    st.info(
        polos(f"Belum ada data triwulan untuk {kecamatan} tahun {tahun}: laporan hanya memuat nilai tahunan."),
        icon=":material/event_busy:",
    )
    st.page_link(
        "pages/entri.py",
        label="Isi realisasi triwulan",
        icon=":material/edit_note:",
        query_params={"kecamatan": kecamatan, "tahun": str(tahun)},
    )
else:
    st.caption(
        "Indikator kumulatif ditampilkan sebagai jumlah berjalan; sel yang dicantumkan tabel tetapi kosong "
        "tetap tampil sebagai periode tanpa nilai."
    )
    digambar = laporan.indikator_grafik_bawaan(q)
    semua = list(dict.fromkeys(q["indikator_id"]))
    if len(semua) > len(digambar):
        nama = dict(zip(q["indikator_id"], q["indikator"], strict=True))
        digambar = st.multiselect(
            "Indikator yang digambar",
            semua,
            default=digambar,
            format_func=nama.get,
            key=f"tw-indikator-{kecamatan}-{tahun}",
            placeholder="Pilih indikator",
            select_all=False,
        )
        st.caption(
            f"{len(semua)} indikator berdata triwulan: grafik untuk yang dipilih (bawaan: indikator kinerja utama, "
            f"paling banyak {laporan.GRAFIK_TRIWULAN_MAKS}). Tabel di bawah memuat semuanya."
        )
    for iid, g in q[q["indikator_id"].isin(digambar)].groupby("indikator_id", sort=False):
        grafik(
            triwulan_chart(g, indikator=g["indikator"].iloc[0], satuan=g["satuan"].iloc[0]),
            g[["periode", "target", "realisasi", "realisasi_kumulatif", "capaian_persen", "alasan", "sumber_tabel"]],
            f"triwulan_{iid}_{tahun}",
            f"tw-{iid}",
        )
    bertanda, kolom_tabel = tandai_nilai(
        r,
        kecamatan,
        q,
        [
            "indikator",
            "periode",
            "realisasi",
            "target",
            "capaian_persen",
            "realisasi_kumulatif",
            "alasan",
            "sumber_tabel",
        ],
    )
    tabel(
        bertanda,
        kolom_tabel,
        {"target": "angka", "realisasi": "angka", "realisasi_kumulatif": "angka", "capaian_persen": "persen"},
        f"triwulan_{kecamatan}_{tahun}",
        "triwulan",
    )

st.subheader("Anggaran kas per triwulan")
if kas.empty:
    st.info("Laporan tahun ini tidak memuat rencana anggaran kas per triwulan.", icon=":material/event_busy:")
else:
    grafik(kas_chart(kas), kas, f"anggaran_kas_{kecamatan}_{tahun}", "kas")
