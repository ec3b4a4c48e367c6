"""Imported text is data (issue 15, items 2 and 4): every cell is NFC with plain spaces, control and invisible format
characters are refused with sheet, row and column, and a new name that looks like one already there (or like another
new one of the same file) is refused; exact names still import. A refused import leaves the database as it was."""

from __future__ import annotations

import csv
import io
import shutil
import unicodedata

import pytest

from lkjip.db.repository import Repository
from lkjip.io.impor import LEMBAR, terapkan
from lkjip.io.impor.mirip import kerangka
from lkjip.io.impor.sel import bersihkan
from tests.data.test_impor import _plan, _problems, _workbook


@pytest.fixture
def db(tmp_path, built_db):
    path = tmp_path / "lkjip.duckdb"
    shutil.copy(built_db, path)
    return path


_KOTA_BONTANG = ["Kalimantan Timur", "Kota Bontang", "Kota"]
_MIRIP = "mirip dengan 'Bontang Barat' yang sudah ada; gunakan nama itu persis"


def _csv(sheet: str, values: dict[str, object]) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow([k.label for k in LEMBAR[sheet].kolom])
    w.writerow([values.get(k.nama, "") for k in LEMBAR[sheet].kolom])
    return buf.getvalue().encode("utf-8")


def _kecamatan(db_path) -> list[str]:
    repo = Repository.open(db_path, read_only=True)
    try:
        return sorted(repo.fetch("kecamatan_list")["kecamatan"])
    finally:
        repo.close()


@pytest.mark.parametrize(
    ("nama", "pesan"),
    [
        ("bontang barat", _MIRIP),
        (unicodedata.normalize("NFD", "Bontáng Barat"), _MIRIP),  # NFC makes it "Bontáng", still a look-alike
        ("Bontang Bar\u0430t", _MIRIP),  # Cyrillic а
        ("B\u043entang Barat", _MIRIP),  # Cyrillic о
        ("BONTANG  BARAT", _MIRIP),
        ("Bontang\u200dBarat", "berisi karakter kendali U+200D; hapus karakter itu"),  # zero-width joiner
        ("Bontang\u202eBarat", "berisi karakter kendali U+202E; hapus karakter itu"),  # bidi override
    ],
)
def test_a_new_kecamatan_that_looks_like_an_existing_one_is_refused(db, nama, pesan):
    before = _kecamatan(db)
    problems = _problems(db, "wilayah.xlsx", _workbook(db, "kecamatan", [[*_KOTA_BONTANG, nama]]))
    assert any(p.startswith("kecamatan baris 2, kolom 'Kecamatan'") and pesan in p for p in problems), problems
    assert _kecamatan(db) == before


def test_a_kecamatan_with_a_non_breaking_space_is_the_existing_one(db):
    plan = _plan(db, "wilayah.xlsx", _workbook(db, "kecamatan", [[*_KOTA_BONTANG, "Bontang\u00a0Barat"]]))
    assert [(o.kunci, o.status) for o in plan.operasi] == [("Bontang Barat", "tetap")]
    data = _workbook(db, "realisasi", [["Bontang\u00a0 Barat ", "BB-IKU1", 2025, "TW1", 95]])
    plan = _plan(db, "tw1.xlsx", data)
    assert [(o.kunci, o.status) for o in plan.operasi] == [("BB-IKU1 2025 TW1", "baru")]
    terapkan(db, plan)
    assert _kecamatan(db).count("Bontang Barat") == 1 and not any("\u00a0" in k for k in _kecamatan(db))


def test_exact_existing_names_still_import(db):
    plan = _plan(db, "wilayah.xlsx", _workbook(db, "kecamatan", [[*_KOTA_BONTANG, "Bontang Barat"]]))
    assert [o.status for o in plan.operasi] == ["tetap"]
    plan = _plan(db, "baru.xlsx", _workbook(db, "kecamatan", [[*_KOTA_BONTANG, "Bontang Timur"]]))
    assert [(o.kunci, o.status) for o in plan.operasi] == [("Bontang Timur", "baru")]
    terapkan(db, plan)
    assert "Bontang Timur" in _kecamatan(db)


def test_a_cyrillic_kecamatan_in_a_value_sheet_is_named_as_the_look_alike(db):
    problems = _problems(
        db, "tw1.xlsx", _workbook(db, "realisasi", [["B\u043entang Barat", "BB-IKU1", 2025, "TW1", 9]])
    )
    assert any(p.startswith("realisasi baris 2, kolom 'Kecamatan'") and _MIRIP in p for p in problems), problems


def test_two_new_names_of_one_file_that_look_alike_are_refused(db):
    rows = [[*_KOTA_BONTANG, "Suka Maju"], [*_KOTA_BONTANG, "suka  maju"], [*_KOTA_BONTANG, "Suka Maju"]]
    problems = _problems(db, "wilayah.xlsx", _workbook(db, "kecamatan", rows))
    assert any(
        p.startswith("kecamatan baris 3, kolom 'Kecamatan'")
        and "'suka maju' mirip dengan 'Suka Maju' di baris lain berkas ini" in p
        and "(baris 2)" in p
        for p in problems
    ), problems
    assert any(p.startswith("kecamatan baris 4") and "baris ganda" in p for p in problems), problems


def test_a_new_kab_kota_that_looks_like_an_existing_one_is_refused(db):
    rows = [["Kalimantan Timur", "kota  bontang", "Kota", "Suka Maju"]]
    problems = _problems(db, "wilayah.xlsx", _workbook(db, "kecamatan", rows))
    assert any(
        p.startswith("kecamatan baris 2, kolom 'Kabupaten/Kota (mis. Kota Bekasi)'")
        and "'kota bontang' mirip dengan 'Kota Bontang' yang sudah ada" in p
        for p in problems
    ), problems
    rows = [["Jawa Barat", "Kota Baru", "Kota", "Satu"], ["Jawa Barat", "KOTA BARU", "Kota", "Dua"]]
    problems = _problems(db, "wilayah.xlsx", _workbook(db, "kecamatan", rows))
    assert any(p.startswith("kecamatan baris 3") and "mirip dengan 'Kota Baru' di baris lain" in p for p in problems)


@pytest.mark.parametrize(
    ("rows", "kolom", "pesan"),
    [
        # Excel's autocorrect: a typed apostrophe becomes U+2019; a dash an en dash
        (
            [
                ["Kalimantan Timur", "Kota Bontang", "Kota", "Ma'rang"],
                ["Kalimantan Timur", "Kota Bontang", "Kota", "Ma\u2019rang"],
            ],
            "Kecamatan",
            "'Ma\u2019rang' mirip dengan 'Ma'rang' di baris lain",
        ),
        (
            [["kalimantan  timur", "Kota Baru", "Kota", "Satu"]],
            "Provinsi",
            "'kalimantan timur' mirip dengan 'Kalimantan Timur' yang sudah ada",
        ),
    ],
    ids=["apostrof", "provinsi"],
)
def test_apostrophe_variants_and_a_look_alike_provinsi_are_one_name(db, rows, kolom, pesan):
    problems = _problems(db, "wilayah.xlsx", _workbook(db, "kecamatan", rows))
    assert any(f"kolom '{kolom}'" in p and pesan in p for p in problems), problems


def test_an_unknown_kecamatan_on_many_rows_is_one_message_and_a_quick_one(db):
    """A misspelt kecamatan repeated on every row of a long sheet: the same message each row (the look-alike and the
    closest name computed once, not per row against every name)."""
    rows = [["Bontang Baratt", "BB-IKU1", 2025, f"TW{1 + i % 4}", i] for i in range(400)]
    problems = [p for p in _problems(db, "realisasi.xlsx", _workbook(db, "realisasi", rows)) if "'Kecamatan'" in p]
    assert len(problems) == 400 and len({p.split(": ", 1)[1] for p in problems}) == 1
    assert "Bontang Barat" in problems[0]


_INDIKATOR = {
    "kecamatan": "Bontang Barat",
    "satuan": "%",
    "arah": "naik",
    "agregasi": "nilai_akhir",
    "tingkat": "iku",
}


def test_a_control_character_in_an_indicator_name_is_refused(db):
    data = _csv("indikator", {**_INDIKATOR, "indikator_id": "BB-UJI", "nama": "Persentase\x01 uji"})
    problems = _problems(db, "indikator.csv", data)
    assert problems == ["indikator baris 2, kolom 'Nama indikator': berisi karakter kendali U+0001; hapus karakter itu"]


def test_a_new_indicator_named_like_another_of_its_kecamatan_is_refused(db):
    nama = "nilai survey  kepuasan masyarakat (skm)"  # BB-IKU1 is "Nilai Survey Kepuasan Masyarakat (SKM)"
    problems = _problems(db, "indikator.csv", _csv("indikator", {**_INDIKATOR, "indikator_id": "BB-UJI", "nama": nama}))
    assert any(
        p.startswith("indikator baris 2, kolom 'Nama indikator'")
        and "mirip dengan 'Nilai Survey Kepuasan Masyarakat (SKM)' yang sudah ada (kode BB-IKU1)" in p
        for p in problems
    ), problems
    # the same name under its own code is the indicator itself: it still imports
    same = {**_INDIKATOR, "indikator_id": "BB-IKU1", "nama": "Nilai Survey Kepuasan Masyarakat (SKM)"}
    plan = _plan(db, "indikator.csv", _csv("indikator", same))
    assert [o.kunci for o in plan.operasi] == ["BB-IKU1"]


def test_text_is_stored_in_nfc_with_plain_single_spaces(db):
    nama = "Persentase\u00a0warga\u2003terlayani\n" + unicodedata.normalize("NFD", "(Ketahanan Pangan Séhat)")
    terapkan(db, _plan(db, "indikator.csv", _csv("indikator", {**_INDIKATOR, "indikator_id": "BB-UJI", "nama": nama})))
    repo = Repository.open(db, read_only=True)
    try:
        stored = repo.fetch("_indikator_disebut", sebutan=["BB-UJI"])["indikator"].tolist()
    finally:
        repo.close()
    assert stored == ["Persentase warga terlayani (Ketahanan Pangan Séhat)"]
    assert unicodedata.is_normalized("NFC", stored[0])


def test_kerangka_and_bersihkan():
    assert kerangka("Bontáng Barat") == kerangka("B\u043entang  BARAT") == kerangka("ΒΟΝΤΑΝG barat") == "bontang barat"
    assert kerangka("Bontang Timur") != kerangka("Bontang Barat")
    assert bersihkan(" a\u00a0\u2009b\tc ") == ("a b c", None)
    for ch in ("\x00", "\x1b", "\x7f", "\x85", "\u200b", "\u200e", "\u2066", "\ufeff", "\u00ad"):
        assert bersihkan(f"x{ch}y")[1] == f"berisi karakter kendali U+{ord(ch):04X}; hapus karakter itu"
