"""Ringkasan: capaian of every indicator for the chosen kecamatan and tahun."""

import streamlit as st

from lkjip import laporan
from lkjip.charts.capaian import capaian_bar
from lkjip.errors import LkjipError
from lkjip.format import format_angka, format_persen, tabel_tampilan
from pages._shared import pilih_kecamatan_tahun, repo, tampilkan_error, unduh_tabel

try:
    r = repo()
    kecamatan, tahun = pilih_kecamatan_tahun(r)
    st.title(f"Ringkasan Kinerja Kecamatan {kecamatan}")
    if tahun is None:
        st.info(f"Belum ada data kinerja untuk Kecamatan {kecamatan}.")
        st.stop()
    df = laporan.capaian_tahunan(r, kecamatan, tahun)
    n_temuan = len(laporan.temuan(r, kecamatan))
except LkjipError as exc:
    tampilkan_error(exc)
    st.stop()

st.caption(f"Tahun {tahun} · sumber: LKjIP dan dokumen pendukung yang tercatat di tiap baris")
if df.empty:
    st.info("Belum ada data capaian tahunan untuk tahun ini.")
else:
    cols = st.columns(min(len(df), 4))
    for i, row in df.iterrows():
        change = row["perubahan_persen"]
        delta, colour = None, "normal" if row["arah"] == "naik" else "inverse"
        if isinstance(change, float) and change == change:
            delta = f"{format_persen(change)} dari tahun lalu" if change else "sama dengan tahun lalu"
            colour = colour if change else "off"
        cols[i % len(cols)].metric(
            row["indikator"],
            f"{format_angka(row['realisasi'])} {row['satuan']}".strip(),
            delta=delta,
            delta_color=colour,
            help=f"Target {format_angka(row['target'])} · capaian {format_persen(row['capaian_persen'])} "
            f"({row['kategori'] or row['alasan']}) · {row['sumber_tabel']}",
        )
    st.plotly_chart(capaian_bar(df, kecamatan=kecamatan, tahun=tahun), key="chart-capaian")
    tampil = tabel_tampilan(
        df[
            [
                "sasaran",
                "indikator",
                "satuan",
                "target",
                "realisasi",
                "capaian_persen",
                "capaian_dilaporkan",
                "kategori",
                "alasan",
                "sumber_tabel",
            ]
        ],
        {"target": "angka", "realisasi": "angka", "capaian_persen": "persen", "capaian_dilaporkan": "persen"},
    ).rename(columns={"capaian_persen": "capaian (dihitung)", "capaian_dilaporkan": "capaian (laporan)"})
    st.dataframe(tampil, hide_index=True, key="tabel-capaian")
    unduh_tabel(df, f"capaian_{kecamatan}_{tahun}", key="unduh-capaian")

if n_temuan:
    st.page_link(
        "pages/kualitas_data.py",
        label=f"{n_temuan} temuan kualitas data untuk {kecamatan}",
        icon=":material/fact_check:",
        query_params={"kecamatan": kecamatan},
    )
