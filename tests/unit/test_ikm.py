import pytest
from hypothesis import given
from hypothesis import strategies as st

from lkjip.calc.ikm import (
    UNSUR,
    ikm_dari_jawaban,
    ikm_dari_nrr,
    ikm_unsur,
    mutu,
    mutu_kode,
    nrr_dari_jawaban,
    unsur_dari_nama,
)
from lkjip.calc.skala import SKALA_MUTU_SKM
from lkjip.errors import DataError

nrr_value = st.floats(min_value=1.0, max_value=4.0, allow_nan=False)


def test_ikm_unsur_is_nrr_times_25():
    assert ikm_unsur(3.4) == pytest.approx(85.0)


def test_ikm_uses_exact_one_ninth():
    nrr = {u.kode: v for u, v in zip(UNSUR, [3.5, 3.2, 3.3, 4.0, 3.1, 3.6, 3.7, 2.9, 3.0], strict=True)}
    assert ikm_dari_nrr(nrr).nilai == pytest.approx(sum(nrr.values()) / 9 * 25, abs=1e-12)
    # the regulation's 0,111 weight would give a different (wrong) value
    assert ikm_dari_nrr(nrr).nilai != pytest.approx(sum(nrr.values()) * 0.111 * 25, abs=1e-6)


def test_ikm_needs_all_nine_unsur():
    hasil = ikm_dari_nrr({"U1": 3.0, "U2": 3.0})
    assert hasil.nilai is None and "U3" in hasil.alasan


@given(st.lists(nrr_value, min_size=9, max_size=9))
def test_ikm_is_between_25_and_100(values):
    v = ikm_dari_nrr({u.kode: x for u, x in zip(UNSUR, values, strict=True)}).nilai
    assert 25 - 1e-9 <= v <= 100 + 1e-9


def test_nrr_from_answers_is_the_mean_of_all_answers():
    assert nrr_dari_jawaban([4, 3, 3, 2]) == 3.0


@pytest.mark.parametrize("bad", [[4, 5, 3], [4, 0], [4, None], [4, "3"], [3.5]])
def test_answers_outside_1_to_4_are_reported_not_dropped(bad):
    with pytest.raises(DataError, match="1–4"):
        nrr_dari_jawaban(bad, "U3")


def test_ikm_from_raw_answers_pools_every_response():
    answers = {u.kode: [4, 4, 3, 3] for u in UNSUR}
    assert ikm_dari_jawaban(answers).nilai == pytest.approx(87.5)


@pytest.mark.parametrize(
    ("ikm", "kode"), [(94.75, "A"), (88.31, "A"), (88.30, "B"), (76.61, "B"), (76.60, "C"), (65.0, "C"), (64.99, "D")]
)
def test_mutu_cut_offs(ikm, kode):
    assert mutu_kode(ikm, SKALA_MUTU_SKM) == kode


def test_mutu_outside_scale_is_explained():
    assert "di luar rentang" in mutu(20, SKALA_MUTU_SKM).alasan


@pytest.mark.parametrize(
    ("nama", "kode"),
    [
        ("Persyaratan", "U1"),
        ("Sistem, Mekanisme, dan Prosedur", "U2"),
        ("Waktu Penyelesaian", "U3"),
        ("Biaya/Tarif", "U4"),
        ("Produk Spesifikasi Jenis Pelayanan", "U5"),
        ("Kompetensi Pelaksana", "U6"),
        ("Perilaku Pelaksana", "U7"),
        ("Penanganan Pengaduan, Saran dan Masukan", "U8"),
        ("Sarana dan prasarana", "U9"),
    ],
)
def test_unsur_mapped_by_name_not_position(nama, kode):
    # "saran" (U8) and "sarana" (U9) must not be confused
    assert unsur_dari_nama(nama).kode == kode


def test_unknown_unsur_name_is_an_error():
    with pytest.raises(DataError, match="tidak dapat dipetakan"):
        unsur_dari_nama("Keramahan")


def test_unsur_typo_sarana_for_saran_still_maps_to_pengaduan():
    # Kota Bangun prints "Penanganan Pengaduan, sarana dan masukan"
    assert unsur_dari_nama("Penanganan Pengaduan, sarana dan masukan").kode == "U8"
    assert unsur_dari_nama("Kompetensi Pelaksanaan").kode == "U6"
