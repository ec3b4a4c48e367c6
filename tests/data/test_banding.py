"""Perbandingan: chosen kecamatan side by side, each value its kecamatan's latest with year and source, and a
kab/kota median that only combines values of one year."""

from __future__ import annotations

import pandas as pd
import pytest

from lkjip import laporan

TIGA = ["Bontang Barat", "Kota Bangun", "Bantargebang"]


def test_every_theme_side_by_side_with_the_year_and_source_of_each_value(repo):
    df = laporan.perbandingan(repo, TIGA)
    ikm = df[df["ukuran"] == "IKM (SKM)"].set_index("kecamatan")
    assert ikm.loc["Bontang Barat", ["nilai", "tahun", "label"]].tolist() == [94.75, 2024, "A"]
    assert ikm.loc["Kota Bangun", ["nilai", "tahun", "label"]].tolist() == [pytest.approx(83.514), 2023, "B"]
    assert ikm.loc["Bantargebang", ["nilai", "tahun"]].tolist() == [81.18, 2024]
    # reported beside computed where a report has both (Kota Bangun: 83,514 printed, 83,44 from its NRR)
    assert ikm.loc["Kota Bangun", "nilai_dihitung"] == pytest.approx(83.4444, abs=1e-3)
    sakip = df[df["tema"] == "akuntabilitas"].set_index("kecamatan")
    assert sakip.loc["Bontang Barat", ["nilai", "label", "tahun"]].tolist() == [78.65, "BB", 2023]
    assert sakip.loc["Kota Bangun", "metode"] == "nilai total saja, tanpa komponen"
    # nine unsur for each kecamatan whose report has them, by their own latest complete period
    unsur = df[df["tema"] == "skm_unsur"]
    assert unsur.groupby("kecamatan")["ukuran"].nunique().to_dict() == {"Bantargebang": 9, "Kota Bangun": 9}
    assert set(unsur.loc[unsur["kecamatan"] == "Bantargebang", "periode"]) == {"TW4"}
    themes = {t for t, _, _ in laporan.UKURAN_BANDING}
    assert themes <= set(df["tema"])
    assert df["sumber_tabel"].notna().all() and df["sumber_dokumen"].notna().all()
    # kecamatan in the order chosen within each measure
    assert df[df["ukuran"] == "Serapan anggaran"]["kecamatan"].tolist() == TIGA


def test_differences_of_year_and_method_are_marked(repo):
    catatan = laporan.catatan_banding(laporan.perbandingan(repo, TIGA)).set_index("ukuran")["catatan"]
    assert catatan["IKM (SKM)"] == "tahun berbeda (2023–2024); cara/indikator berbeda"
    assert catatan["Capaian IKU ketentraman dan ketertiban"].endswith("cara/indikator berbeda")
    same = laporan.catatan_banding(laporan.perbandingan(repo, ["Bontang Barat", "Bantargebang"])).set_index("ukuran")
    assert pd.isna(same.loc["Serapan anggaran", "catatan"])  # both 2024


def test_default_peers_are_the_kecamatan_and_the_others_with_data(repo):
    assert laporan.peer_bawaan(repo, "Kota Bangun")[0] == "Kota Bangun"
    assert set(laporan.peer_bawaan(repo, "Kota Bangun")) == {*TIGA, "Balikpapan Selatan"}


def test_a_kab_kota_median_combines_only_values_of_the_same_year():
    nilai = pd.DataFrame(
        {
            "tema": ["kepuasan_layanan"] * 6,
            "kab_kota": ["Kota A"] * 5 + ["Kota B"],
            "kecamatan": ["k1", "k2", "k3", "k4", "k1", "k9"],
            "tahun": [2024, 2024, 2024, 2023, 2023, 2024],
            "nilai": [80.0, 90.0, 70.0, 10.0, 99.0, 50.0],
        }
    )
    m = laporan.median_kab_kota(nilai, ["tema"]).set_index(["kab_kota", "tahun"])
    # 2024 in Kota A: k1, k2, k3 only (k4's 2023 value is not mixed in); 2023 has two kecamatan and Kota B one:
    # too few for a median
    assert m.loc[("Kota A", 2024), "median_kab_kota"] == 80.0 and m.loc[("Kota A", 2024), "n_kab_kota"] == 3
    assert list(m.index) == [("Kota A", 2024)]


def test_no_median_where_a_kab_kota_has_too_few_kecamatan(repo):
    df = laporan.perbandingan(repo, TIGA)  # each real kecamatan is alone in its kab/kota
    assert df["median_kab_kota"].isna().all()
