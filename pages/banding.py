"""Perbandingan: 2 to 6 chosen kecamatan side by side on every theme, each value with its year, in one table and
small multiples; the choice is in the URL as a repeated key (/banding?kecamatan=A&kecamatan=B)."""

import streamlit as st

from lkjip import laporan
from lkjip.charts.banding import banding_panel, banding_unsur
from lkjip.config import get_settings
from lkjip.errors import LkjipError
from pages._data import db_versi, perbandingan_data, repo, sintetis, wilayah
from pages._pilihan import kecamatan_tidak_dikenal_daftar, pilihan_banding
from pages._tampilan import grafik, polos, tabel, tabel_data, tampilkan_error

st.title("Perbandingan Kecamatan")
try:
    r = repo()
    pilihan = pilihan_banding(r)
except LkjipError as exc:
    tampilkan_error(exc)
    st.stop()
kecamatan_tidak_dikenal_daftar()
if len(pilihan) < 2:
    st.info(f"Pilih 2 sampai {laporan.BANDING_MAKS} kecamatan untuk dibandingkan berdampingan.")
    st.stop()

if set(pilihan) & sintetis():
    st.warning(
        "Perbandingan memuat kecamatan SINTETIS: angka dibangkitkan untuk uji kinerja, bukan data nyata.",
        icon=":material/science:",
    )
# keyed by the chosen kecamatan's kab/kota (the medians beside them are of those): a write elsewhere keeps the cache
kab = wilayah().kab_kota
df = perbandingan_data(str(get_settings().db_path), db_versi(kab_kota=[kab.get(k) for k in pilihan]), tuple(pilihan))
st.caption(
    "Nilai terakhir tiap kecamatan untuk setiap tema; tahun (dan periode) tertulis di setiap nilai. "
    + (
        "Median kab/kota dihitung dari kecamatan dengan nilai pada tahun yang sama."
        if df["median_kab_kota"].notna().any()
        else ""
    )
)
catatan = laporan.catatan_banding(df).dropna(subset=["catatan"])
if not catatan.empty:
    beda_tahun = int(catatan["catatan"].str.contains("tahun|periode").sum())
    beda_cara = catatan.loc[catatan["catatan"].str.contains("cara"), "ukuran"].tolist()
    st.warning(
        (
            f"Tahun atau periode data berbeda antar kecamatan pada {beda_tahun} dari {df['ukuran'].nunique()} ukuran. "
            if beda_tahun
            else ""
        )
        + (f"Cara pembentukan atau indikatornya berbeda pada: {', '.join(beda_cara)}. " if beda_cara else "")
        + "Bandingkan dengan hati-hati; rinciannya di kolom Catatan dan tabel sumber di bawah.",
        icon=":material/compare_arrows:",
    )

st.subheader("Semua tema berdampingan")
matriks = laporan.matriks_banding(df, pilihan)
tabel_data(matriks, "tabel-banding", height=36 * (len(matriks) + 1) + 4)  # every row without scrolling

tema = df[df["tema"] != "skm_unsur"]
unsur = df[df["tema"] == "skm_unsur"]
if not tema.empty:
    grafik(banding_panel(tema, pilihan), None, "perbandingan_tema", "banding-tema")
if not unsur.empty:
    grafik(banding_unsur(unsur, pilihan, skala=get_settings().skala_mutu), None, "perbandingan_unsur", "banding-unsur")
    tanpa = [k for k in pilihan if k not in set(unsur["kecamatan"])]
    if tanpa:
        st.caption(polos(f"Tanpa nilai per unsur (laporannya hanya memuat IKM keseluruhan): {', '.join(tanpa)}."))

st.subheader("Rincian dan sumber")
tabel(
    df,
    [
        "ukuran",
        "kecamatan",
        "tahun",
        "periode",
        "nilai",
        "label",
        "nilai_dihitung",
        "metode",
        "keterangan",
        *(["median_kab_kota", "n_kab_kota"] if df["median_kab_kota"].notna().any() else []),
        "sumber_tabel",
    ],
    {"nilai": "angka", "nilai_dihitung": "angka", "median_kab_kota": "angka"},
    "perbandingan_kecamatan",
    "banding",
    label={
        "label": "Mutu/predikat",
        "nilai_dihitung": "Nilai (dihitung ulang)",
        "metode": "Cara/indikator",
        "n_kab_kota": "Jumlah kecamatan (median)",
    },
)
st.page_link(
    "pages/bahan_rapat.py",
    label="Susun bahan rapat dengan pembanding ini",
    icon=":material/slideshow:",
    query_params={"kecamatan": pilihan[0], "banding": pilihan[1:]},
)
