"""The rapat materials are made from approved values only by default (issue 16): an operator's import counts once
the camat approves its period; the title slide says which values the numbers are; the database is never changed."""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import pytest

from lkjip.akses import Pengguna
from lkjip.db import status
from lkjip.db.repository import Repository
from lkjip.io.impor import terapkan
from lkjip.report.disetujui import basis_rapat, materi_rapat
from tests.conftest import rencana_realisasi

LOKAL = Pengguna.lokal("penguji")


def _realisasi_bb_iku1(repo: Repository) -> float:
    cap = repo.fetch("capaian", kecamatan="Bontang Barat", tahun=2024)
    return float(cap[(cap["indikator_id"] == "BB-IKU1") & (cap["periode"] == "Tahunan")]["realisasi"].iloc[0])


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def db(tmp_path, built_db) -> Path:
    """Bontang Barat 2024 with an operator's annual realisasi of BB-IKU1 (50) over the report's value, not approved."""
    path = tmp_path / "lkjip.duckdb"
    shutil.copy(built_db, path)
    terapkan(path, rencana_realisasi(path, [["Bontang Barat", "BB-IKU1", 2024, "Tahunan", "50"]]), pengguna=LOKAL)
    return path


def test_an_import_not_yet_approved_is_left_out_and_the_report_value_shown(db, built_db):
    laporan_db = Repository.open(built_db)
    try:
        dari_laporan = _realisasi_bb_iku1(laporan_db)
    finally:
        laporan_db.close()
    sebelum = _sha(db)
    with basis_rapat(db) as basis:
        assert _realisasi_bb_iku1(basis.repo) == pytest.approx(dari_laporan) != 50
        assert basis.keterangan("Bontang Barat", 2024) == (
            "Hanya nilai yang sudah disetujui. Belum disetujui, tidak dimuat: realisasi Tahunan 2024 (draf)."
        )
    with basis_rapat(db, hanya_disetujui=False) as basis:
        assert _realisasi_bb_iku1(basis.repo) == 50
        assert "Memuat nilai yang BELUM disetujui camat: realisasi Tahunan 2024 (draf)" in basis.keterangan(
            "Bontang Barat", 2024
        )
    assert _sha(db) == sebelum  # the database itself is never changed
    judul = materi_rapat(db, "Bontang Barat", 2024)[0]
    assert judul.jenis == "judul" and judul.poin[-1].startswith("Hanya nilai yang sudah disetujui.")


def test_once_approved_the_import_is_in_the_materials(db):
    status.ajukan(db, "Bontang Barat", 2024, "Tahunan", pengguna=LOKAL)
    status.setujui(db, "Bontang Barat", 2024, "Tahunan", pengguna=LOKAL)
    with basis_rapat(db) as basis:
        assert _realisasi_bb_iku1(basis.repo) == 50
        assert basis.belum.empty
        assert basis.keterangan("Bontang Barat", 2024) == (
            "Data: laporan yang terbit dan masukan operator yang sudah disetujui camat."
        )
    # another kecamatan's deck is not affected by Bontang Barat's imports either way
    assert materi_rapat(db, "Kota Bangun", 2024)[0].poin[-1].startswith("Data: laporan yang terbit")


def test_the_marks_and_the_materials_leave_out_the_same_tables():
    """What the pages mark as not approved (belum_disetujui) is what the materials leave out (hapus_belum_disetujui_*),
    table for table: a rencana kas import was once left out of the deck yet counted as approved."""
    from lkjip.db.queries import QUERIES
    from lkjip.db.statements import STATEMENTS

    dihapus = {n.removeprefix("hapus_belum_disetujui_") for n in STATEMENTS if n.startswith("hapus_belum_disetujui_")}
    ditandai = set(re.findall(r"FROM (\w+) \w+\s+JOIN", QUERIES["belum_disetujui"]))
    assert dihapus == ditandai == {
        "realisasi", "target", "skm_unsur", "skm_jawaban", "anggaran", "anggaran_kas", "evaluasi_sakip"
    }  # fmt: skip


def test_a_year_of_imports_only_gives_a_deck_that_says_nothing_is_approved_yet(db):
    terapkan(db, rencana_realisasi(db, [["Bontang Barat", "BB-IKU1", 2026, "TW1", "91"]]), pengguna=LOKAL)
    bagian = materi_rapat(db, "Bontang Barat", 2026)
    assert [b.judul for b in bagian] == [
        "Evaluasi Kinerja Kecamatan Bontang Barat Tahun 2026",
        "Belum ada nilai 2026 yang disetujui",
    ]
    assert len(materi_rapat(db, "Bontang Barat", 2026, hanya_disetujui=False)) > 2  # with them: the whole deck
