"""Plausibility (issue 15, item 9): a value that cannot be true is refused in the import with sheet, row and column
(and the database stays as it was), a doubtful one is a warning that can still be saved, and the same rule is a
finding of ``python -m lkjip check`` for what is already stored."""

from __future__ import annotations

import shutil
from datetime import date

import duckdb
import pytest

from lkjip.calc import checks
from lkjip.db.derive import temuan
from lkjip.db.repository import Repository
from lkjip.io.impor import terapkan
from tests.data.test_impor import _plan, _problems, _workbook


@pytest.fixture
def db(tmp_path, built_db):
    path = tmp_path / "lkjip.duckdb"
    shutil.copy(built_db, path)
    return path


_JAWABAN = [4, 4, 3, 4, 3, 3, 4, 3, 3]


def _skm(tanggal=None, usia=None, jawaban=None, tahun=2025) -> list:
    return ["Bantargebang", tahun, "TW1", None, tanggal, None, usia, None, None, *(jawaban or _JAWABAN)]


def _temuan(db_path) -> list[str]:
    repo = Repository.open(db_path, read_only=True)
    try:
        return temuan(repo)["pesan"].tolist()
    finally:
        repo.close()


def test_a_realisation_of_a_year_not_yet_measurable_is_refused(db):
    maks = date.today().year + 1
    problems = _problems(db, "x.xlsx", _workbook(db, "realisasi", [["Bontang Barat", "BB-IKU1", 2099, "TW1", 90]]))
    assert problems == [
        f"realisasi baris 2, kolom 'Tahun': realisasi tahun 2099 belum mungkin terukur (paling akhir tahun {maks}); "
        "periksa tahunnya"
    ]
    problems = _problems(db, "x.xlsx", _workbook(db, "skm_jawaban", [_skm(tahun=2099)]))
    assert any("hasil SKM tahun 2099 belum mungkin terukur" in p for p in problems), problems
    # a target for a coming year is a plan, not a measurement
    plan = _plan(db, "x.xlsx", _workbook(db, "target", [["Bontang Barat", "BB-IKU1", 2029, "Tahunan", "Renstra", 95]]))
    assert [o.status for o in plan.operasi] == ["baru"]


def test_a_cumulative_total_that_falls_is_a_warning_that_can_be_saved_and_a_finding(db):
    rows = [["Balikpapan Selatan", "BS-IKU2", 2025, "TW1", 20], ["Balikpapan Selatan", "BS-IKU2", 2025, "TW2", -5]]
    plan = _plan(db, "tw.xlsx", _workbook(db, "realisasi", rows))
    warn = [str(m) for m in plan.peringatan]
    assert len(warn) == 1 and warn[0].startswith(
        "realisasi baris 3, kolom 'Realisasi (angka, dalam satuan indikator)': BS-IKU2 2025: realisasi kumulatif "
        "s.d. TW2 (15,00) lebih kecil daripada TW1 (20,00)"
    ), warn
    assert terapkan(db, plan) == 2
    assert any(
        p.startswith("Realisasi kumulatif s.d. TW2 (15,00) lebih kecil daripada TW1 (20,00)") for p in _temuan(db)
    )


def test_a_cumulative_total_is_checked_against_the_quarters_stored_before(db):
    terapkan(
        db, _plan(db, "tw1.xlsx", _workbook(db, "realisasi", [["Balikpapan Selatan", "BS-IKU2", 2025, "TW1", 20]]))
    )
    plan = _plan(db, "tw2.xlsx", _workbook(db, "realisasi", [["Balikpapan Selatan", "BS-IKU2", 2025, "TW2", -8]]))
    assert [m.baris for m in plan.peringatan] == [2] and "s.d. TW2 (12,00)" in plan.peringatan[0].pesan
    # a quarter smaller than the one before is no fall: quarters are added up
    plan = _plan(db, "tw2.xlsx", _workbook(db, "realisasi", [["Balikpapan Selatan", "BS-IKU2", 2025, "TW2", 5]]))
    assert plan.peringatan == []


@pytest.mark.parametrize("nilai", [True, False, "TRUE"])
def test_true_or_false_in_an_skm_answer_is_refused_not_read_as_1(db, nilai):
    jawaban = [nilai, *_JAWABAN[1:]]
    problems = _problems(db, "skm.xlsx", _workbook(db, "skm_jawaban", [_skm(jawaban=jawaban)]))
    teks = "TRUE" if nilai in (True, "TRUE") else "FALSE"
    assert any(
        p.startswith("skm_jawaban baris 2, kolom 'U1 Persyaratan (1–4)'")
        and f"'{teks}' adalah nilai benar/salah, bukan jawaban 1–4" in p
        for p in problems
    ), problems


def test_a_survey_with_few_respondents_is_a_warning_and_a_finding(db):
    plan = _plan(db, "skm.xlsx", _workbook(db, "skm_jawaban", [_skm() for _ in range(4)]))
    warn = [str(m) for m in plan.peringatan]
    assert len(warn) == 1 and "skm_jawaban baris 5" in warn[0], warn
    assert "hanya 4 responden; di bawah 30 responden IKM dan mutunya belum bermakna" in warn[0]
    terapkan(db, plan)
    assert "Hanya 4 responden; di bawah 30 responden IKM dan mutunya belum bermakna" in _temuan(db)
    plan = _plan(db, "skm30.xlsx", _workbook(db, "skm_jawaban", [_skm() for _ in range(checks.RESPONDEN_MIN)]))
    assert plan.peringatan == []


@pytest.mark.parametrize(
    ("row", "kolom", "pesan"),
    [
        (
            _skm(tanggal="kemarin"),
            "Tanggal (YYYY-MM-DD)",
            "'kemarin' bukan tanggal; tulis YYYY-MM-DD (mis. 2025-03-31)",
        ),
        (_skm(tanggal="2025-02-30"), "Tanggal (YYYY-MM-DD)", "'2025-02-30' bukan tanggal"),
        (_skm(tanggal="2099-01-01"), "Tanggal (YYYY-MM-DD)", "tanggal 2099-01-01 belum terjadi"),
        (_skm(usia=-3), "Usia (tahun)", "usia -3 tidak mungkin; isi 0–120 tahun"),
        (_skm(usia=121), "Usia (tahun)", "usia 121 tidak mungkin; isi 0–120 tahun"),
    ],
)
def test_an_answer_with_a_date_that_is_not_one_or_an_impossible_age_is_refused(db, row, kolom, pesan):
    problems = _problems(db, "skm.xlsx", _workbook(db, "skm_jawaban", [row]))
    assert any(p.startswith(f"skm_jawaban baris 2, kolom '{kolom}': {pesan}") for p in problems), problems


@pytest.mark.parametrize("tanggal", ["2025-03-31 14:05:22", "31/03/2025 14:05:22", "31/03/2025 14.05"])
def test_a_date_with_its_time_as_forms_export_it_is_a_date(db, tanggal):
    terapkan(db, _plan(db, "skm.xlsx", _workbook(db, "skm_jawaban", [_skm(tanggal=tanggal, usia=40)])))
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert con.sql("SELECT tanggal FROM skm_jawaban").fetchall() == [(date(2025, 3, 31),)]
    finally:
        con.close()


def test_a_date_is_stored_as_written_day_first(db):
    terapkan(db, _plan(db, "skm.xlsx", _workbook(db, "skm_jawaban", [_skm(tanggal="03/04/2025", usia=40)])))
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert con.sql("SELECT tanggal, usia FROM skm_jawaban").fetchall() == [(date(2025, 4, 3), 40)]
    finally:
        con.close()


@pytest.mark.parametrize(
    ("sheet", "row"),
    [
        ("target", ["Bontang Barat", "BB-IKU1", 2025, "Tahunan", "PK", 1e308]),
        ("realisasi", ["Bontang Barat", "BB-IKU1", 2025, "Tahunan", -1e16]),
        ("target", ["Bontang Barat", "BB-IKU1", 2025, "Tahunan", "PK", "2.000.000.000.000.000"]),
    ],
)
def test_an_absurd_magnitude_is_refused_with_the_reason(db, sheet, row):
    problems = _problems(db, "x.xlsx", _workbook(db, sheet, [row]))
    assert any(
        p.startswith(f"{sheet} baris 2, kolom '")
        and "tidak wajar: di luar ±1.000.000.000.000.000 (seribu triliun), sehingga capaian tidak dapat dihitung" in p
        for p in problems
    ), problems


def test_check_finds_what_was_stored_before_the_rules(db, tmp_path):
    """Rows written around the import (an older version, a hand edit) are findings of ``check``."""
    path = tmp_path / "lama.duckdb"
    shutil.copy(db, path)
    con = duckdb.connect(str(path))
    try:
        src = "000_f32673b935728d82.txt"
        con.execute(
            "INSERT INTO target VALUES ('BB-IKU1', 2030, 'Tahunan', 'PK', 1e308, NULL, NULL, true, ?, 'uji', NULL, NULL)",
            [src],
        )
        con.execute(
            "INSERT INTO realisasi VALUES ('BB-IKU1', 2099, 'Tahunan', 90, '90', true, ?, 'uji', NULL, NULL)", [src]
        )
    finally:
        con.close()
    found = _temuan(path)
    maks = date.today().year + 1
    assert "Target 1e+308 di luar batas wajar ±1.000.000.000.000.000; capaian tidak dapat dihitung" in found
    assert f"Realisasi tahun 2099 belum mungkin terukur (paling akhir tahun {maks})" in found


def test_the_real_data_gives_no_plausibility_finding(built_db):
    repo = Repository.open(built_db, read_only=True)
    try:
        df = temuan(repo)
    finally:
        repo.close()
    pesan = df[df["jenis"] == checks.JENIS["tidak_wajar"]]["pesan"]
    baru = ("kumulatif", "belum mungkin terukur", "responden", "usia", "bertanggal", "batas wajar")
    assert not [p for p in pesan if any(b in p for b in baru)]
