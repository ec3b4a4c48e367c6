"""SAKIP predikat, serapan, efficiency, quarterly aggregation, year-on-year change and Renstra progress."""

import numpy as np
import pytest

from lkjip.calc.agregasi import kumulatif_berjalan, nilai_tahunan
from lkjip.calc.anggaran import efisiensi, serapan, serapan_array
from lkjip.calc.sakip import predikat, predikat_array
from lkjip.calc.skala import SKALA_PREDIKAT_SAKIP
from lkjip.calc.trajectory import perubahan_tahunan, progres_renstra


@pytest.mark.parametrize(
    ("nilai", "kode"),
    [
        (78.65, "BB"),
        (77.83, "BB"),
        (90.01, "AA"),
        (90, "A"),
        (80, "BB"),
        (70, "B"),
        (60.5, "B"),
        (50, "C"),
        (30.01, "C"),
        (30, "D"),
        (0, "D"),
    ],
)
def test_predikat_permenpanrb_88_2021(nilai, kode):
    assert predikat(nilai, SKALA_PREDIKAT_SAKIP).label == kode


def test_predikat_out_of_range():
    assert (
        predikat(101, SKALA_PREDIKAT_SAKIP).label is None
        and "di luar rentang" in predikat(101, SKALA_PREDIKAT_SAKIP).alasan
    )


def test_predikat_of_a_column_leaves_missing_and_out_of_range_scores_without_one():
    assert predikat_array(np.array([78.65, float("nan"), 101.0, -1.0, 91.0]), SKALA_PREDIKAT_SAKIP) == [
        "BB",
        None,
        None,
        None,
        "AA",
    ]


def test_serapan_bontang_barat_sasaran_1_is_96_47():
    # Tabel 15: pagu 29.431.660.181, realisasi 28.392.221.833, printed 96,47
    assert round(serapan(28_392_221_833, 29_431_660_181).nilai, 2) == 96.47


def test_serapan_uses_pagu_perubahan_when_present():
    assert serapan(90, 200, 100).nilai == pytest.approx(90.0)


@pytest.mark.parametrize(("pagu", "fragment"), [(None, "Pagu tidak tersedia"), (0, "0 atau negatif")])
def test_serapan_cannot_compute(pagu, fragment):
    assert fragment in serapan(10, pagu).alasan


def test_serapan_of_a_whole_column_gives_each_row_its_value_or_its_first_reason():
    nan = float("nan")
    nilai, alasan = serapan_array(
        np.array([50.0, nan, 10.0, 10.0, -5.0, nan, 30.0]),
        np.array([100.0, 100.0, nan, 0.0, 100.0, nan, 100.0]),
        np.array([nan, nan, nan, nan, nan, nan, 60.0]),
    )
    assert nilai[0] == 50.0 and nilai[6] == 50.0 and np.isnan(nilai[1:6]).all()
    assert alasan == [
        None,
        "Realisasi anggaran tidak tersedia",
        "Pagu tidak tersedia",
        "Pagu bernilai 0 atau negatif: serapan tidak dapat dihitung",
        "Realisasi anggaran negatif",
        "Pagu tidak tersedia",  # the pagu is checked first
        None,
    ]


def test_efisiensi_bontang_barat_method():
    # Tabel 15: capaian 102,21 − serapan 96,47 = 5,74
    assert round(efisiensi("selisih_capaian_serapan", 102.21, 96.47).nilai, 2) == 5.74


def test_efisiensi_kota_bangun_method_gives_label():
    assert efisiensi("efisien_bila_melebihi", 100, 95).label == "Efisien"
    assert efisiensi("efisien_bila_melebihi", 98, 95).label == "Tidak efisien"


def test_efisiensi_bantargebang_method_only_when_target_met():
    assert efisiensi("sisa_anggaran_bila_tercapai", 100, 97.56).nilai == pytest.approx(2.44)
    assert "di bawah 100%" in efisiensi("sisa_anggaran_bila_tercapai", 95, 90).alasan


def test_nilai_tahunan_by_aggregation_type():
    q = {"TW1": 10, "TW2": 20, "TW3": 30, "TW4": 40}
    assert nilai_tahunan(q, "kumulatif").nilai == 100
    assert nilai_tahunan(q, "nilai_akhir").nilai == 40
    assert nilai_tahunan(q, "rata_rata").nilai == 25


def test_nilai_tahunan_missing_quarter_is_explained():
    hasil = nilai_tahunan({"TW1": 10, "TW2": None, "TW3": 5, "TW4": 5}, "kumulatif")
    assert hasil.nilai is None and "TW2" in hasil.alasan
    assert "TW4" in nilai_tahunan({"TW1": 1}, "nilai_akhir").alasan


def test_kumulatif_berjalan_stops_at_the_first_gap():
    assert kumulatif_berjalan({"TW1": 1, "TW2": 2, "TW3": None, "TW4": 4}) == {
        "TW1": 1,
        "TW2": 3,
        "TW3": None,
        "TW4": None,
    }


def test_perubahan_tahunan_bontang_barat_skm():
    # Tabel 13: 92,60 (2023) -> 94,75 (2024) printed as 2,32%
    assert round(perubahan_tahunan(92.60, 94.75).nilai, 2) == 2.32
    assert perubahan_tahunan(None, 94.75).nilai is None


def test_progres_on_track_and_behind():
    common = {"nilai_awal": 80.0, "tahun_awal": 2020, "target_akhir": 90.0, "tahun_target": 2026, "arah": "naik"}
    # needed 10/6 per year; 87 in 2024 is 7/4 per year (ratio 1,05), 86 is 6/4 (ratio 0,9)
    assert progres_renstra(nilai_kini=87.0, tahun_kini=2024, **common).status == "Sesuai jalur"
    assert progres_renstra(nilai_kini=86.0, tahun_kini=2024, **common).status == "Kemajuan sedang"
    assert progres_renstra(nilai_kini=82.0, tahun_kini=2024, **common).status == "Kemajuan terbatas"
    assert progres_renstra(nilai_kini=78.0, tahun_kini=2024, **common).status == "Memburuk"
    assert progres_renstra(nilai_kini=91.0, tahun_kini=2024, **common).status == "Target akhir tercapai"


def test_progres_lower_is_better():
    # needed: −1 per year; achieved: −2,5 over 4 years
    p = progres_renstra(
        nilai_awal=20.0,
        tahun_awal=2020,
        nilai_kini=17.5,
        tahun_kini=2024,
        target_akhir=14.0,
        tahun_target=2026,
        arah="turun",
    )
    assert p.status == "Kemajuan sedang" and p.rasio == pytest.approx(0.625)


def test_progres_without_target_is_explained():
    p = progres_renstra(
        nilai_awal=1, tahun_awal=2020, nilai_kini=2, tahun_kini=2022, target_akhir=None, tahun_target=2026, arah="naik"
    )
    assert p.status is None and "Target akhir" in p.alasan
