"""Consistency checks on small frames: what a report prints against what the rules compute."""

from __future__ import annotations

import pandas as pd

from lkjip.calc.checks import JENIS, cek_anggaran, cek_skm
from lkjip.calc.skala import SKALA_MUTU_SKM

KEY = {"kecamatan": "Contoh", "tahun": 2024, "periode": "Tahunan", "jenis_layanan": "Semua layanan"}
SRC = {"sumber_dokumen": "doc.pdf", "sumber_tabel": "Tabel 1"}


def _unsur(**over) -> dict:
    row = {**KEY, "unsur_kode": "U1", "unsur_nama_laporan": "Persyaratan", "nrr": 3.5, "nrr_teks": "3,50"}
    return {**row, "ikm_unsur": 87.5, "mutu_teks": None, **SRC, **over}


def _skm(**over) -> pd.DataFrame:
    return pd.DataFrame([{**KEY, "ikm": 87.5, "ikm_teks": "87,50", "mutu_teks": None, **SRC, **over}])


def _hitung(ikm: float) -> pd.DataFrame:
    return pd.DataFrame([{**KEY, "ikm_dihitung": ikm}])


def test_ikm_unsur_printed_apart_from_nrr_times_25_is_found_without_a_printed_mutu():
    unsur = pd.DataFrame([_unsur(ikm_unsur=80.0), _unsur(unsur_kode="U2", ikm_unsur=87.5)])
    found = list(cek_skm(_skm(), _hitung(87.5), unsur, SKALA_MUTU_SKM))
    assert [(t.jenis, t.nilai_dilaporkan, t.nilai_dihitung) for t in found] == [(JENIS["ikm"], "80,00", "87,50")]


def test_ikm_within_the_printed_precision_is_no_finding_and_beyond_it_is_one():
    unsur = pd.DataFrame([_unsur()])
    assert list(cek_skm(_skm(ikm=87.504, ikm_teks="87,50"), _hitung(87.5), unsur, SKALA_MUTU_SKM)) == []
    found = list(cek_skm(_skm(ikm=88.0, ikm_teks="88,00"), _hitung(87.5), unsur, SKALA_MUTU_SKM))
    assert [(t.jenis, t.nilai_dilaporkan) for t in found] == [(JENIS["ikm"], "88,00")]


def test_printed_mutu_is_checked_against_the_value():
    found = list(cek_skm(_skm(ikm=87.5, mutu_teks="C"), _hitung(87.5), pd.DataFrame([_unsur()]), SKALA_MUTU_SKM))
    assert [(t.jenis, t.nilai_dilaporkan, t.nilai_dihitung) for t in found] == [(JENIS["mutu"], "C", "B")]


def _baris(anggaran_id: str, level: str, induk: str | None, pagu: float, realisasi: float) -> dict:
    return {
        "anggaran_id": anggaran_id,
        "kecamatan": "Contoh",
        "tahun": 2024,
        "level": level,
        "kode": None,
        "nama": anggaran_id,
        "induk_id": induk,
        "sasaran_id": None,
        "pagu_murni": pagu,
        "pagu_perubahan": None,
        "realisasi": realisasi,
        "serapan_dilaporkan": None,
        "utama": True,
        **SRC,
    }


def test_a_total_that_is_not_the_sum_of_its_programs_is_found_and_a_matching_one_is_not():
    rows = [
        _baris("T", "total", None, 300.0, 250.0),
        _baris("P1", "program", "T", 100.0, 100.0),
        _baris("P2", "program", "T", 200.0, 140.0),
        _baris("T2", "total", None, 300.0, 240.0),
        _baris("Q1", "program", "T2", 100.0, 100.0),
        _baris("Q2", "program", "T2", 200.0, 140.0),
    ]
    found = list(cek_anggaran(pd.DataFrame(rows)))
    assert [(t.jenis, t.subjek, t.nilai_dilaporkan, t.nilai_dihitung) for t in found] == [
        (JENIS["jumlah"], "T", "Rp 250", "Rp 240")
    ]


def test_a_total_with_an_empty_part_is_checked_against_the_parts_that_are_printed():
    """Realisasi of P3 left empty: the total 300 against the printed 100 + 140, the gap of 60 named with P3. A
    table that prints no realisasi for any part is not a gap; printed parts that make the total are no finding."""
    rows = [
        _baris("T", "total", None, 400.0, 300.0),
        _baris("P1", "program", "T", 100.0, 100.0),
        _baris("P2", "program", "T", 200.0, 140.0),
        _baris("P3", "program", "T", 100.0, float("nan")),
        _baris("U", "total", None, 300.0, 240.0),
        _baris("Q1", "program", "U", 100.0, float("nan")),
        _baris("Q2", "program", "U", 200.0, float("nan")),
        _baris("V", "total", None, 300.0, 240.0),
        _baris("R1", "program", "V", 250.0, 240.0),
        _baris("R2", "program", "V", 50.0, float("nan")),
    ]
    found = list(cek_anggaran(pd.DataFrame(rows)))
    assert [(t.jenis, t.subjek, t.nilai_dilaporkan, t.nilai_dihitung) for t in found] == [
        (JENIS["jumlah_kosong"], "T", "Rp 300", "Rp 240")
    ]
    assert "2 dari 3 rincian" in found[0].pesan and "selisih Rp 60" in found[0].pesan
    assert found[0].pesan.endswith("kosong: P3")
