"""Benchmark Antar Kecamatan: themes compared across all kecamatan and years, with a league table."""

import streamlit as st

from lkjip import laporan
from lkjip.charts.skm import ikm_tren
from lkjip.charts.tren import banding_tren
from lkjip.errors import LkjipError
from lkjip.format import format_angka
from pages._shared import grafik, repo, tabel, tampilkan_error

try:
    r = repo()
    bench = laporan.benchmark(r)
    cited = laporan.pembanding(r)
except LkjipError as exc:
    tampilkan_error(exc)
    st.stop()

st.title("Benchmark Antar Kecamatan")
tema = (
    st.segmented_control(
        "Tema", list(laporan.TEMA), format_func=laporan.TEMA.get, default="kepuasan_layanan", key="tema"
    )
    or "kepuasan_layanan"
)
st.query_params["tema"] = tema
data = bench[bench["tema"] == tema]
st.warning(laporan.CATATAN_TEMA[tema], icon=":material/compare_arrows:")

if data.empty:
    st.info("Belum ada data untuk tema ini.")
    st.stop()

liga = laporan.peringkat(bench, tema)
st.subheader("Peringkat (tahun data terakhir tiap kecamatan)")
tabel(
    liga,
    ["peringkat", "kecamatan", "tahun", "nilai", "nilai_sebelumnya", "tren", "keterangan", "sumber_tabel"],
    {"nilai": "angka", "nilai_sebelumnya": "angka"},
    f"peringkat_{tema}",
    "peringkat",
)

if tema == "kepuasan_layanan":
    ikm_cited = cited[cited["indikator"].str.contains("Kepuasan", case=False)]
    grafik(ikm_tren(data, ikm_cited), data, "benchmark_ikm", "ikm")
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
        banding_tren(data, judul=laporan.TEMA[tema], satuan=data["satuan"].iloc[0]), data, f"benchmark_{tema}", "tren"
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
