"""Shared fixtures: a fresh database built from data/ (text) in a temporary folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from lkjip.akses import Pengguna
from lkjip.build import build
from lkjip.config import DATA_DIR
from lkjip.db.repository import Repository

# the people of the PostgreSQL write and follower tests (tests/data/test_tulis_pg.py, test_ikuti_pg.py)
ADMIN = Pengguna("admin@contoh.go.id", "Admin", "admin", None, None)
OPERATOR_BB = Pengguna("operator.bb@contoh.go.id", "Operator BB", "operator", "Bontang Barat", "kecamatan")
OPERATOR_KB = Pengguna("operator.kb@contoh.go.id", "Operator KB", "operator", "Kota Bangun", "kecamatan")
CAMAT_BB = Pengguna("camat.bb@contoh.go.id", "Camat BB", "camat", "Bontang Barat", "kecamatan")


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


@pytest.fixture(scope="session")
def pg_server():  # type: ignore[no-untyped-def]
    """One PostgreSQL server for the session (Debian's package, `make test` installs it when root with apt-get): a
    new cluster in a temporary folder, loopback only, stopped at the end. Without PostgreSQL the tests that need it
    are skipped loudly, except under CI=true where that is a failure (as for Chromium and nginx)."""
    import os
    import shutil
    import tempfile

    from lkjip.pg.server import hentikan_server, mulai_server, pg_bin

    if pg_bin() is None:
        if os.environ.get("CI") == "true":
            pytest.fail("PostgreSQL tidak ada: uji PostgreSQL wajib di CI", pytrace=False)
        pytest.skip("!!!!!!!! PostgreSQL tidak ada: uji PostgreSQL DILEWATI (make test memasangnya bila root)")
    folder = Path(tempfile.mkdtemp(prefix="lkjip-pg-"))  # not pytest's tmp: the postgres user must reach it
    server = mulai_server(folder)
    yield server
    hentikan_server(folder)
    shutil.rmtree(folder, ignore_errors=True)


def _basis_data_baru(server):  # type: ignore[no-untyped-def]
    """A new empty database on ``server`` (its URL), dropped when the generator closes."""
    import uuid

    import psycopg

    nama = f"uji_{uuid.uuid4().hex[:12]}"
    admin = server.url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as con:
        con.execute(f"CREATE DATABASE {nama}")
    yield server.url.rsplit("/", 1)[0] + f"/{nama}"
    with psycopg.connect(admin, autocommit=True) as con:
        con.execute(f"DROP DATABASE IF EXISTS {nama} WITH (FORCE)")


@pytest.fixture
def pg_url(pg_server):  # type: ignore[no-untyped-def]
    """A new empty database on the session's server, dropped after the test."""
    yield from _basis_data_baru(pg_server)


@pytest.fixture
def pg_url_kedua(pg_server):  # type: ignore[no-untyped-def]
    """A second one (a restore's target beside its source)."""
    yield from _basis_data_baru(pg_server)


@pytest.fixture(scope="session")
def model_pg(pg_server, built_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:  # type: ignore[no-untyped-def]
    """The test database through PostgreSQL: migrated into a database of its own on the session's server, and a
    DuckDB read model built back from it (what a replica reads on the PostgreSQL back end)."""
    import psycopg

    from lkjip.pg.salin import ke_postgres, model_baca

    url = pg_server.url.rsplit("/", 1)[0] + "/golden"
    with psycopg.connect(pg_server.url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as con:
        con.execute("DROP DATABASE IF EXISTS golden WITH (FORCE)")
        con.execute("CREATE DATABASE golden")
    ke_postgres(built_db, url)
    path = tmp_path_factory.mktemp("model_pg") / "model.duckdb"
    model_baca(url, path)
    return path


@pytest.fixture(params=["duckdb", "postgresql"])
def repo_dua_mesin(request: pytest.FixtureRequest, built_db: Path):  # type: ignore[no-untyped-def]
    """``repo`` on each back end: the embedded file, and the read model built from PostgreSQL (the view and golden
    suites run on both and must give the same results)."""
    path = built_db if request.param == "duckdb" else request.getfixturevalue("model_pg")
    r = Repository.open(path, read_only=True)
    yield r
    r.close()
