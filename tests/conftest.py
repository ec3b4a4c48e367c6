"""Shared fixtures: a fresh database built from data/ (text) in a temporary folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from lkjip.build import build
from lkjip.config import DATA_DIR
from lkjip.db.repository import Repository


@pytest.fixture(scope="session")
def built_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("db") / "lkjip.duckdb"
    build(path, DATA_DIR)
    return path


@pytest.fixture
def repo(built_db: Path):
    r = Repository.open(built_db, read_only=True)
    yield r
    r.close()


@pytest.fixture(scope="session")
def synthetic_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """50 synthetic kecamatan, 2017–2026 (issue 7's small size for the regular suite)."""
    from lkjip.db.synth import build_synthetic

    return build_synthetic(tmp_path_factory.mktemp("sintetis") / "sintetis.duckdb", 50, 2017, 2026, seed=1).db_path


def db_lama(built_db: Path, path: Path) -> Path:
    """Today's database made to look like one of before issue 16: no pengguna/status_periode, an audit_log without
    peran/alasan (with a row in it), a view of an older text and one the schema no longer has."""
    import shutil

    shutil.copy(built_db, path)
    repo = Repository.open(path, read_only=False)
    try:
        repo.execute_script(
            """
            DROP TABLE pengguna; DROP TABLE status_periode;
            ALTER TABLE audit_log DROP COLUMN alasan; ALTER TABLE audit_log DROP COLUMN peran;
            INSERT INTO audit_log VALUES (TIMESTAMP '2026-11-30 09:00', 'realisasi', 'BB-IKU1|2025|TW1', 'nilai',
                NULL, '91', 'lama.xlsx', NULL, 'Siti');
            CREATE OR REPLACE VIEW v_audit AS SELECT waktu, tabel FROM audit_log;
            CREATE VIEW v_usang AS SELECT 1 AS x;
            """
        )
    finally:
        repo.close()
    return path


def rencana_realisasi(db: Path, baris: list[list], nama: str = "uji.xlsx"):  # type: ignore[no-untyped-def]
    """The import plan of the staff template with these rows on its realisasi sheet (kecamatan, indikator, tahun,
    periode, nilai), checked against ``db`` as an upload would be."""
    import io

    from openpyxl import load_workbook

    from lkjip.io.impor import periksa
    from lkjip.io.templat import templat

    repo = Repository.open(db)
    try:
        wb = load_workbook(io.BytesIO(templat(repo)))
        for b in baris:
            wb["realisasi"].append(b)
        out = io.BytesIO()
        wb.save(out)
        return periksa(repo, nama, out.getvalue())
    finally:
        repo.close()
