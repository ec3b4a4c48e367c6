"""Benchmark Antar Kecamatan: themes compared across all kecamatan and years, with a league table."""

import streamlit as st

from lkjip import laporan
from lkjip.charts.skm import ikm_tren
from lkjip.charts.tren import banding_tren, sebaran_tren
from lkjip.config import get_settings
from lkjip.errors import LkjipError
from lkjip.format import format_angka
from pages._data import BANYAK_KECAMATAN, benchmark_data, daftar_kecamatan, repo, versi_cakupan
from pages._pilihan import ingat_kecamatan, kecamatan_terpilih
from pages._tampilan import grafik, tabel, tampilkan_error, teks_md

GARIS_MAKS = laporan.GARIS_MAKS

try:
    r = repo()
    wilayah = daftar_kecamatan()
    cited = laporan.pembanding(r)
except LkjipError as exc:
    tampilkan_error(exc)
    st.stop()

st.title("Benchmark Antar Kecamatan")
sorot = kecamatan_terpilih()  # the user's kecamatan, chosen on any page: highlighted here, kept in the URL
if sorot:
    ingat_kecamatan(sorot)
    st.page_link(
        "pages/banding.py",
        label=teks_md(f"Bandingkan {sorot} dengan kecamatan pilihan, semua tema berdampingan"),
        icon=":material/compare:",
    )
tema = (
    st.segmented_control(
        "Tema", list(laporan.TEMA), format_func=laporan.TEMA.get, default="kepuasan_layanan", key="tema"
    )
    or "kepuasan_layanan"
)
st.query_params["tema"] = tema
provinsi = kab_kota = None
if len(wilayah) > BANYAK_KECAMATAN:  # a national database: compare within a provinsi or kab/kota, or all
    c1, c2 = st.columns(2)
    provinsi = c1.selectbox("Provinsi", sorted(wilayah["provinsi"].unique()), index=None, placeholder="Semua provinsi")
    kabs = sorted(wilayah.loc[wilayah["provinsi"] == provinsi, "kab_kota"].unique()) if provinsi else []
    kab_kota = c2.selectbox("Kab/Kota", kabs, index=None, placeholder="Semua kab/kota", disabled=not provinsi)
data = benchmark_data(str(get_settings().db_path), versi_cakupan(provinsi, kab_kota), tema, provinsi, kab_kota)
st.warning(laporan.CATATAN_TEMA[tema], icon=":material/compare_arrows:")

if data.empty:
    st.info("Belum ada data untuk tema ini.")
    st.stop()

liga = laporan.peringkat(data, tema)
liga["pilihan"] = ["◀ pilihan Anda" if k == sorot else "" for k in liga["kecamatan"]]
st.subheader("Peringkat (tahun data terakhir tiap kecamatan)")
tabel(
    liga,
    [
        "peringkat",
        "kecamatan",
        "nilai",
        "tahun",
        "pilihan",
        "tren",
        "nilai_sebelumnya",
        "kab_kota",
        "keterangan",
        "sumber_tabel",
    ],
    {"nilai": "angka", "nilai_sebelumnya": "angka"},
    f"peringkat_{tema}",
    "peringkat",
)

n_kec = data["kecamatan"].nunique()
if n_kec > GARIS_MAKS:  # one line per kecamatan is unreadable: the spread of all kecamatan per year
    grafik(
        sebaran_tren(
            data, judul=f"{laporan.TEMA[tema]}: sebaran {n_kec} kecamatan", satuan=data["satuan"].iloc[0], sorot=sorot
        ),
        data,
        f"benchmark_{tema}_sebaran",
        "sebaran",
    )
    st.caption(
        f"{n_kec} kecamatan: garis median dan rentang persentil 10–90 per tahun. Pilih provinsi atau kab/kota untuk "
        f"melihat garis per kecamatan (hingga {GARIS_MAKS})."
    )
elif tema == "kepuasan_layanan":
    ikm_cited = laporan.pembanding_tema(cited, "kepuasan_layanan")
    grafik(
        ikm_tren(data, skala=get_settings().skala_mutu, pembanding=ikm_cited, sorot=sorot), data, "benchmark_ikm", "ikm"
    )
    if not ikm_cited.empty:
        st.caption(
            "Titik × adalah nilai unit lain yang dikutip laporan: "
            + "; ".join(
                f"{p} {format_angka(v)} ({t})"
                for p, v, t in zip(ikm_cited["pembanding"], ikm_cited["nilai"], ikm_cited["tahun"], strict=True)
            )
        )
else:
    grafik(
        banding_tren(data, judul=laporan.TEMA[tema], satuan=data["satuan"].iloc[0], sorot=sorot),
        data,
        f"benchmark_{tema}",
        "tren",
    )

st.subheader("Nilai pembanding yang dikutip laporan")
tabel(
    cited,
    [
        "kecamatan",
        "tahun",
        "pembanding",
        "indikator",
        "nilai",
        "target",
        "persen_dilaporkan",
        "catatan",
        "sumber_tabel",
    ],
    {"nilai": "angka", "target": "angka", "persen_dilaporkan": "persen"},
    "pembanding",
    "pembanding",
)
