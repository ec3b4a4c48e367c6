"""Ringkasan: the headline numbers of one kecamatan and year."""

import streamlit as st

from lkjip import laporan
from lkjip.charts.capaian import capaian_bar
from lkjip.charts.style import WARNA_STREAMLIT
from lkjip.charts.tren import triwulan_chart
from lkjip.format import format_angka, format_nilai, format_persen, format_rupiah, format_teks, tabel_tampilan
from pages._alur import tandai_nilai
from pages._pilihan import halaman
from pages._tampilan import grafik, polos, tabel_data, teks_md, unduh_tabel

r, kecamatan, tahun = halaman("Ringkasan Kinerja Kecamatan")
data = laporan.ringkasan(r, kecamatan, tahun)
st.caption(
    f"Tahun {tahun} · setiap angka membawa dokumen dan tabel sumbernya (lihat tabel di bawah dan Sumber & Metodologi)"
)

c1, c2, c3, c4 = st.columns(4)
if data.skm is not None:
    ikm = data.skm["ikm_dilaporkan"]
    c1.metric(
        "IKM (SKM)",
        format_angka(ikm),
        help=teks_md(f"Mutu {data.skm['mutu']} · {data.skm['sumber_tabel']}"),
        border=True,
    )
    c1.badge(f"Mutu {data.skm['mutu']}", color=WARNA_STREAMLIT.get(data.skm["mutu"], "gray"))
else:
    c1.metric("IKM (SKM)", "–", help="Laporan tahun ini tidak memuat IKM", border=True)
if data.anggaran is not None:
    c2.metric(
        "Serapan anggaran",
        format_persen(data.anggaran["serapan_persen"]),
        border=True,
        help=teks_md(
            f"Realisasi {format_rupiah(data.anggaran['realisasi'])} dari pagu berlaku · {data.anggaran['sumber_tabel']}"
        ),
    )
else:
    c2.metric("Serapan anggaran", "–", border=True, help="Belum ada data anggaran tahun ini")
if data.sakip is not None:
    c3.metric(
        f"Nilai SAKIP ({int(data.sakip['tahun_dinilai'])})",
        format_angka(data.sakip["nilai"]),
        border=True,
        help=teks_md(f"Predikat {data.sakip['predikat']} · {data.sakip['sumber_tabel']}"),
    )
    c3.badge(f"Predikat {data.sakip['predikat']}", color="blue")
else:
    c3.metric("Nilai SAKIP", "–", border=True, help="Belum ada nilai evaluasi SAKIP")
c4.metric(
    "Temuan kualitas data", data.n_temuan, border=True, help="Angka laporan yang tidak cocok dengan hitungan ulang"
)
c4.page_link(
    "pages/kualitas_data.py",
    label="Lihat temuan",
    icon=":material/fact_check:",
    query_params={"kecamatan": kecamatan, "tahun": str(tahun)},
)

df = data.capaian
utama = laporan.indikator_utama(df)
if df.empty:  # a year under way: the quarters to date, not an empty page
    q = laporan.triwulan(r, kecamatan, tahun)
    if q.empty:
        st.info(polos(f"Belum ada data capaian {kecamatan} tahun {tahun}."))
        st.stop()
    sampai = laporan.periode_terakhir(q)
    st.info(
        f"Tahun {tahun} baru berisi data triwulan (sampai {sampai}); capaian tahunan belum ada. "
        "Di bawah: progres triwulan indikator kinerja utama terhadap target tahunan.",
        icon=":material/event_upcoming:",
    )
    for iid in laporan.indikator_grafik_bawaan(q, maks=4):
        g = q[q["indikator_id"] == iid]
        grafik(
            triwulan_chart(g, indikator=g["indikator"].iloc[0], satuan=g["satuan"].iloc[0]),
            None,
            f"triwulan_{iid}_{tahun}",
            f"tw-{iid}",
        )
    st.page_link(
        "pages/triwulan.py",
        label="Semua indikator per triwulan",
        icon=":material/calendar_month:",
        query_params={"kecamatan": kecamatan, "tahun": str(tahun)},
    )
    st.stop()

st.subheader("Indikator kinerja utama")
TILE_MAKS = 6  # more main indicators (30 per synthetic kecamatan, 10 of them main) are in the table below
if len(utama) > TILE_MAKS:
    st.caption(f"{len(utama)} indikator utama: {TILE_MAKS} dengan capaian terendah di bawah; semuanya ada di tabel.")
    utama = utama.sort_values("capaian_persen", kind="stable").head(TILE_MAKS)
cols = st.columns(min(len(utama), 4))
for i, (_, row) in enumerate(utama.iterrows()):
    col = cols[i % len(cols)]
    change = row["perubahan_persen"]
    delta, arrow = None, "auto"
    if change == change and change is not None:
        delta = f"{format_persen(change)} dari tahun lalu" if change else "sama dengan tahun lalu"
        arrow = "auto" if change else "off"
    tercetak = (
        "" if row["realisasi"] == row["realisasi"] else f" · realisasi tercetak: {format_teks(row['realisasi_teks'])}"
    )
    col.metric(
        teks_md(row["indikator"]),
        format_nilai(row["realisasi"], row["satuan"]),  # a printed 'N/A' is a dash here, the text in the help
        delta=delta,
        delta_color="normal" if row["arah"] == "naik" else "inverse",
        delta_arrow=arrow,
        border=True,
        help=teks_md(
            f"{row['indikator']} · Target {format_teks(row['target_teks'], format_angka(row['target']))} "
            f"({row['target_jenis']}){tercetak} · {row['sumber_tabel']}"
        ),
    )
    col.badge(
        f"Capaian {format_persen(row['capaian_persen'])} · {row['kategori']}"
        if row["kategori"]
        else "Capaian tidak dapat dihitung",
        color=WARNA_STREAMLIT.get(row["kategori"], "gray"),
    )

# the chart's data is the table "Semua indikator" right below (with its CSV/XLSX): not repeated under the chart
grafik(capaian_bar(df, kecamatan=kecamatan, tahun=tahun), None, f"capaian_{kecamatan}_{tahun}", "capaian")

st.subheader("Semua indikator")
kolom_tabel = [  # what matters first (a phone shows the first columns)
    "indikator",
    "capaian_persen",
    "kategori",
    "realisasi",
    "target",
    "satuan",
    "capaian_dilaporkan",
    "tingkat",
    "sasaran",
    "alasan",
    "sumber_tabel",
]
bertanda, kolom_tabel = tandai_nilai(r, kecamatan, df, kolom_tabel)  # values not approved yet, marked
tampil = tabel_tampilan(
    bertanda[kolom_tabel],
    {"target": "angka", "realisasi": "angka", "capaian_persen": "persen", "capaian_dilaporkan": "persen"},
)
tabel_data(tampil, "tabel-capaian")
unduh_tabel(df, f"capaian_{kecamatan}_{tahun}", key="unduh-capaian")
