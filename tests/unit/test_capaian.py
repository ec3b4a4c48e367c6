import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from lkjip.calc.capaian import capaian_array, default_formula, hitung_capaian, kategori
from lkjip.calc.skala import SKALA_PERMENDAGRI_86

positive = st.floats(min_value=0.01, max_value=1e9, allow_nan=False, allow_infinity=False)


def test_bontang_barat_skm_2024_is_102_21_percent():
    # LKjIP Bontang Barat 2024, Tabel 11: target 92,7, realisasi 94,75, capaian 102,21
    assert round(hitung_capaian(92.7, 94.75).nilai, 2) == 102.21


def test_skm_against_end_of_renstra_target_is_101_99():
    # Tabel 14: 94,75 against the end-of-Renstra target 92,90
    assert round(hitung_capaian(92.90, 94.75).nilai, 2) == 101.99


def test_lower_is_better_below_target_exceeds_100():
    # e.g. a prevalence with target 10 and realisation 8
    assert hitung_capaian(10, 8, "turun_selisih").nilai == pytest.approx(120.0)
    assert hitung_capaian(10, 8, "turun_rasio").nilai == pytest.approx(125.0)
    assert hitung_capaian(10, 12, "turun_selisih").nilai == pytest.approx(80.0)


def test_default_formula_follows_arah():
    assert default_formula("naik") == "naik_rasio"
    assert default_formula("turun") == "turun_selisih"
    with pytest.raises(ValueError):
        default_formula("datar")


@pytest.mark.parametrize(
    ("target", "realisasi", "formula", "fragment"),
    [
        (0, 5, "naik_rasio", "Target bernilai 0"),
        (None, 5, "naik_rasio", "Target tidak tersedia"),
        (90, None, "naik_rasio", "Realisasi belum tersedia"),
        (10, 0, "turun_rasio", "Realisasi bernilai 0"),
    ],
)
def test_cannot_compute_is_explained_not_zero(target, realisasi, formula, fragment):
    hasil = hitung_capaian(target, realisasi, formula)
    assert hasil.nilai is None
    assert fragment in hasil.alasan


def test_range_target_is_met_inside_the_range():
    assert hitung_capaian(60, 65, "naik_rasio", target_atas=70).nilai == 100.0
    assert hitung_capaian(60, 54, "naik_rasio", target_atas=70).nilai == pytest.approx(90.0)
    assert hitung_capaian(60, 77, "naik_rasio", target_atas=70).nilai == pytest.approx(110.0)
    assert hitung_capaian(60, 77, "turun_selisih", target_atas=70).nilai == pytest.approx(90.0)


def test_unknown_formula_is_rejected():
    with pytest.raises(ValueError, match="tidak dikenal"):
        capaian_array(np.array([1.0]), np.array([1.0]), np.array(["ajaib"], dtype=object))


@given(positive, positive)
def test_naik_is_realisasi_over_target(t, r):
    assert hitung_capaian(t, r).nilai == pytest.approx(r / t * 100, rel=1e-9)


@given(positive, positive)
def test_turun_selisih_mirrors_naik_around_100(t, r):
    naik = hitung_capaian(t, r, "naik_rasio").nilai
    turun = hitung_capaian(t, r, "turun_selisih").nilai
    assert naik + turun == pytest.approx(200.0, abs=1e-9 * abs(naik) + 1e-6)  # float cancellation scales with naik


@given(positive, positive)
def test_turun_at_or_below_target_is_at_least_100(t, r):
    for f in ("turun_selisih", "turun_rasio"):
        v = hitung_capaian(t, r, f).nilai
        assert (v >= 100 - 1e-9) == (r <= t) or math.isclose(r, t)


@pytest.mark.parametrize(
    ("value", "label"),
    [
        (102.21, "Sangat Tinggi"),
        (91, "Sangat Tinggi"),
        (90.99, "Tinggi"),
        (76, "Tinggi"),
        (75.9, "Sedang"),
        (66, "Sedang"),
        (65.5, "Rendah"),
        (51, "Rendah"),
        (50.99, "Sangat Rendah"),
        (0, "Sangat Rendah"),
    ],
)
def test_kategori_permendagri_86_by_lower_bound(value, label):
    assert kategori(value, SKALA_PERMENDAGRI_86) == label


def test_kategori_of_missing_is_none():
    assert kategori(None, SKALA_PERMENDAGRI_86) is None


def test_a_target_is_met_at_100_percent_and_never_when_capaian_cannot_be_computed():
    from lkjip.calc.capaian import tercapai, tercapai_array

    assert tercapai(102.21) and tercapai(100.0) and not tercapai(99.99)
    assert not tercapai(None) and not tercapai(float("nan"))
    assert tercapai_array(np.array([100.0, np.nan, 80.0])).tolist() == [True, False, False]
