"""A database file made before the schema grew (issue 16's users, workflow and change-log columns) still takes a
write and is read by the app: lkjip.db.skema brings it up to today's schema, keeping every row it had."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from lkjip.akses import Pengguna
from lkjip.db import skema, status
from lkjip.db.repository import Repository
from lkjip.io.impor import terapkan
from tests.conftest import db_lama, rencana_realisasi

LOKAL = Pengguna.lokal("penguji")


def _sql(db: Path, sql: str) -> list[tuple]:
    repo = Repository.open(db, read_only=False)
    try:
        return repo.con.execute(sql).fetchall()
    finally:
        repo.close()


@pytest.fixture
def lama(tmp_path, built_db) -> Path:
    return db_lama(built_db, tmp_path / "lama.duckdb")


def _rencana(db: Path) -> set[str]:
    repo = Repository.open(db)
    try:
        return {apa for apa, _ in skema.rencana(repo)}
    finally:
        repo.close()


def test_the_schema_check_sees_what_an_old_file_lacks_and_nothing_in_a_current_one(lama, built_db):
    assert _rencana(built_db) == set()
    apa = _rencana(lama)
    assert {"tabel pengguna", "tabel status_periode", "kolom audit_log.peran", "kolom audit_log.alasan"} <= apa
    assert {"view", "hapus v_usang"} <= apa


def test_a_workflow_step_on_an_old_file_brings_it_up_to_date_and_keeps_its_rows(lama):
    sebelum = _sql(lama, "SELECT * FROM v_capaian ORDER BY ALL")
    assert status.ajukan(lama, "Bontang Barat", 2025, "TW1", pengguna=LOKAL) == "diajukan"
    assert _rencana(lama) == set()
    assert _sql(lama, "SELECT * FROM v_capaian ORDER BY ALL") == sebelum  # no value changed
    log = _sql(lama, "SELECT tabel, nilai_baru, pengguna, peran FROM v_audit ORDER BY waktu")
    assert log[0] == ("realisasi", "91", "Siti", None)  # the old row, its new columns empty
    assert log[-1] == ("status_periode", "diajukan", "penguji", "lokal")
    assert _sql(lama, "SELECT count(*) FROM duckdb_views() WHERE view_name = 'v_usang'") == [(0,)]


def test_an_import_into_an_old_file_is_written(lama):
    rencana = rencana_realisasi(lama, [["Bontang Barat", "BB-IKU1", 2025, "TW2", "93,5"]])
    assert terapkan(lama, rencana, pengguna=LOKAL) == 1
    nilai = "SELECT nilai FROM realisasi WHERE indikator_id = 'BB-IKU1' AND tahun = 2025 AND periode = 'TW2'"
    assert (93.5,) in _sql(lama, nilai)
    assert _rencana(lama) == set()


def test_a_column_the_schema_gave_a_default_gets_it_in_the_old_rows(tmp_path, built_db):
    path = tmp_path / "tanpa_utama.duckdb"
    shutil.copy(built_db, path)
    _sql(path, "ALTER TABLE kab_kota DROP COLUMN sintetis")
    assert status.ajukan(path, "Bontang Barat", 2025, "TW1", pengguna=LOKAL) == "diajukan"  # any write migrates
    assert _sql(path, "SELECT DISTINCT sintetis FROM kab_kota") == [(False,)]
    assert _rencana(path) == set()
