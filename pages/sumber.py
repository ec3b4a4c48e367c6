"""Sumber & Metodologi: the documents behind the data, every formula and scale in use, glossary."""

import streamlit as st

from lkjip import laporan
from lkjip.calc.agregasi import JENIS_AGREGASI
from lkjip.calc.anggaran import METODE_EFISIENSI
from lkjip.calc.capaian import FORMULAS
from lkjip.config import get_settings
from lkjip.errors import LkjipError
from lkjip.format import NILAI_KODE, format_angka, tabel_tampilan
from pages._shared import repo, tabel_data, tampilkan_error, teks, unduh_tabel

try:
    docs = laporan.dokumen(repo())
    sintetis = laporan.dokumen_sintetis(repo())
except LkjipError as exc:
    tampilkan_error(exc)
    st.stop()

st.title("Sumber & Metodologi")
st.subheader("Dokumen")
if sintetis is not None:
    st.warning(
        f"Basis data ini memuat {format_angka(sintetis['dokumen'], 0)} dokumen SINTETIS untuk "
        f"{format_angka(sintetis['kecamatan'], 0)} kecamatan ({sintetis['tahun_awal']}–{sintetis['tahun_akhir']}), "
        "dibangkitkan untuk uji kinerja (python -m lkjip synth): bukan data nyata, tidak dicantumkan satu per satu.",
        icon=":material/science:",
    )
st.caption("Kolom catatan menyebut tabel yang berupa gambar, tidak terbaca atau bernomor keliru.")
tabel_data(
    tabel_tampilan(docs[["kecamatan", "kab_kota", "jenis", "tahun", "tanggal", "judul", "dokumen_id", "catatan"]], {}),
    "tabel-dokumen",
)
unduh_tabel(docs, "dokumen", key="unduh-dokumen")

s = get_settings()
st.subheader("Rumus")
NAMA_RUMUS = {
    "naik_rasio": "Makin tinggi makin baik",
    "turun_selisih": "Makin rendah makin baik (bawaan)",
    "turun_rasio": "Makin rendah makin baik (cara lain)",
}
st.markdown("\n".join(f"- **{NAMA_RUMUS.get(k, k)}**: capaian = {v}" for k, v in FORMULAS.items()))
st.markdown(
    "Target rentang (mis. 60–70) tercapai di dalam rentang; target 0, teks atau predikat tidak dibagi dan "
    "alasannya ditampilkan."
)
st.markdown(
    "\n".join(f"- Agregasi **{NILAI_KODE['agregasi'].get(k, k).lower()}**: {v}" for k, v in JENIS_AGREGASI.items())
)
st.markdown(
    "- IKM = Σ NRR × 1/9 × 25 (1/9 eksak, dibulatkan hanya saat tampil); IKM unsur = NRR × 25 "
    "(PermenPANRB 14/2017). Unsur dipetakan menurut nama, bukan urutan."
)
st.markdown("- Serapan = realisasi / pagu berlaku × 100 (pagu perubahan bila ada).")
st.markdown("\n".join(f"- Efisiensi: {v}" for v in METODE_EFISIENSI.values()))
st.markdown(
    "- Status menuju target akhir Renstra: laju tercapai dibanding laju yang diperlukan "
    "(gagasan ukuran progres Open SDG, laju linear)."
)

st.subheader("Skala")


def _tingkat(batas: float, tanda: str) -> str:
    """A scale's lower bound in Indonesian format (88,31; the lowest step reads 'lainnya')."""
    if batas == float("-inf"):
        return "lainnya"
    desimal = next((d for d in range(4) if round(batas, d) == batas), 3)
    return f"{tanda} {format_angka(batas, desimal)}"


for skala in (s.skala_capaian, *s.skala_capaian_lain, s.skala_mutu, s.skala_predikat):
    tanda = ">" if skala.lebih_besar_tegas else "≥"
    teks(
        f"{skala.nama} ({skala.sumber}): "
        + " · ".join(f"{_tingkat(t.batas_bawah, tanda)} {t.kode} {t.label}" for t in skala.tingkat)
    )

st.subheader("Glosarium")
st.markdown("""
- **LKjIP**: Laporan Kinerja Instansi Pemerintah, laporan tahunan SAKIP.
- **Renstra**: rencana strategis lima tahun dengan target per tahun; **PK**: Perjanjian Kinerja tahunan.
- **IKU**: indikator kinerja utama; **sasaran strategis**: hasil yang hendak dicapai.
- **Realisasi**: nilai yang tercapai; **capaian**: realisasi dibanding target (%).
- **TW**: triwulan; **S1/S2**: semester.
- **Pagu** murni (awal) dan perubahan (setelah APBD Perubahan); **serapan**: realisasi anggaran / pagu.
- **SKM/IKM**: survei kepuasan masyarakat dan indeksnya; **unsur**: butir survei; **NRR**: nilai rata-rata unsur.
- **AKIP/SAKIP**: evaluasi akuntabilitas kinerja oleh inspektorat; **predikat** AA–D.
- **RTL**: rencana tindak lanjut.
""")
