"""SKM per Unsur: the nine unsur per period, the weakest unsur, periods and kecamatan side by side."""

import streamlit as st

from lkjip import laporan
from lkjip.charts.skm import judul_antar_periode, sebaran_jawaban, unsur_bar, unsur_per_kelompok
from lkjip.config import get_settings
from lkjip.format import format_angka, format_persen
from pages._pilihan import halaman
from pages._tampilan import grafik, polos, tabel

r, kecamatan, tahun = halaman("SKM per Unsur")
skala = get_settings().skala_mutu
target = laporan.ikm_terhadap_target(r, kecamatan, tahun)
skm = laporan.skm(r, kecamatan)
unsur = laporan.skm_unsur(r, kecamatan, tahun)
banding = laporan.skm_unsur_banding(r, kecamatan)
sebaran = laporan.sebaran_jawaban(r, kecamatan)

if target is not None:
    tercapai = target["tercapai"]
    pesan = (
        f"IKM {tahun}: target {format_angka(target['target'])}, realisasi {format_angka(target['realisasi'])}, "
        f"capaian {format_persen(target['capaian_persen'])} — "
        + ("target tercapai." if tercapai else "target belum tercapai.")
    )
    (st.success if tercapai else st.warning)(polos(pesan + f" Sumber: {target['sumber_tabel']}."))

st.subheader("IKM per periode: dilaporkan dan dihitung ulang")
tabel(
    skm,
    [
        "tahun",
        "periode",
        "ikm_dilaporkan",
        "ikm_dihitung",
        "mutu",
        "responden",
        "cara_bentuk",
        "alasan",
        "sumber_tabel",
    ],
    {"ikm_dilaporkan": "angka", "ikm_dihitung": "angka"},
    f"skm_{kecamatan}",
    "skm",
)

if unsur.empty:
    st.info(
        polos(f"Laporan {kecamatan} tahun {tahun} tidak memuat nilai per unsur (NRR); hanya IKM keseluruhan."),
        icon=":material/info:",
    )
else:
    periode_list = list(dict.fromkeys(unsur["periode"]))
    # the latest period in full; the earlier ones in the comparison chart below (three near-identical charts
    # made Bantargebang's page 5.000 px long)
    terakhir = periode_list[-1]
    g = unsur[unsur["periode"] == terakhir]
    grafik(
        unsur_bar(g, judul_periode=f"{kecamatan} {terakhir} {tahun}", skala=skala),
        g,
        f"skm_unsur_{kecamatan}_{terakhir}_{tahun}",
        f"unsur-{terakhir}",
    )
    for periode, gp in unsur.groupby("periode", sort=False):
        lemah = gp[gp["terlemah"]].iloc[0]
        st.caption(
            polos(
                f"Kandidat rencana tindak lanjut ({periode}): {lemah['unsur_kode']} {lemah['unsur_nama']} "
                f"(IKM unsur {format_angka(lemah['ikm_unsur'])}, mutu {lemah['mutu']})."
            )
        )
    if len(periode_list) > 1:
        grafik(
            unsur_per_kelompok(
                unsur, kelompok="periode", judul=judul_antar_periode(unsur, kecamatan, tahun), skala=skala
            ),
            unsur,
            f"skm_periode_{kecamatan}_{tahun}",
            "periode",
        )

if not sebaran.empty:
    grafik(sebaran_jawaban(sebaran), sebaran, f"sebaran_jawaban_{kecamatan}", "sebaran")

st.subheader("Perbandingan antar kecamatan per unsur")
if banding["kecamatan"].nunique() < 2:
    st.info("Baru satu kecamatan yang laporannya memuat nilai per unsur.")
else:
    grafik(
        unsur_per_kelompok(
            banding, kelompok="label", judul="IKM per unsur, periode terakhir tiap kecamatan", skala=skala
        ),
        banding,
        "skm_unsur_antar_kecamatan",
        "antar-kecamatan",
    )
    st.caption("Hanya kecamatan yang laporannya memuat NRR kesembilan unsur. Periode dan tahun berbeda: lihat label.")
