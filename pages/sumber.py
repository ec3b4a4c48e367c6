"""Sumber & Metodologi: the documents behind the data, every formula and scale in use, glossary."""

import streamlit as st

from lkjip import laporan
from lkjip.calc.agregasi import JENIS_AGREGASI
from lkjip.calc.anggaran import METODE_EFISIENSI, RUMUS_SERAPAN
from lkjip.calc.capaian import CATATAN_FORMULA, FORMULAS, NAMA_FORMULA
from lkjip.calc.ikm import RUMUS_IKM
from lkjip.calc.trajectory import RUMUS_PROGRES
from lkjip.config import get_settings
from lkjip.errors import LkjipError
from lkjip.format import NILAI_KODE, format_angka, tabel_tampilan
from pages._data import repo
from pages._tampilan import tabel_data, tampilkan_error, teks, unduh_tabel

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
st.markdown("\n".join(f"- **{NAMA_FORMULA.get(k, k)}**: capaian = {v}" for k, v in FORMULAS.items()))
st.markdown(CATATAN_FORMULA)
st.markdown(
    "\n".join(f"- Agregasi **{NILAI_KODE['agregasi'].get(k, k).lower()}**: {v}" for k, v in JENIS_AGREGASI.items())
)
st.markdown(f"- {RUMUS_IKM}")
st.markdown(f"- {RUMUS_SERAPAN}")
st.markdown("\n".join(f"- Efisiensi: {v}" for v in METODE_EFISIENSI.values()))
st.markdown(f"- {RUMUS_PROGRES}")

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
