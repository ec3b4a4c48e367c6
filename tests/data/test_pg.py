"""PostgreSQL as the system of record (issue 18), first part: the portable DDL on both engines, and the migration of
an embedded file into PostgreSQL with a read model built back from it, verified view by view.

A real PostgreSQL server (tests/conftest.pg_server): skipped loudly without one, a failure under CI=true.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

from lkjip.config import REPO_ROOT
from lkjip.db.derive import refresh_derived
from lkjip.db.repository import Repository
from lkjip.errors import DatabaseError
from lkjip.pg.salin import MigrasiError, ke_postgres, migrasi, model_baca, periksa
from lkjip.pg.skema import ddl_pg, tabel_pg

# one row of every column type the raw tables use, in the tables a person writes (answers, users, workflow, notes,
# the change log): TINYINT, DATE, TIMESTAMP, BIGINT, BOOLEAN, DOUBLE PRECISION, NULLs and text with quotes and a
# newline, which a CSV path would mangle
BARIS_TULIS = """
INSERT INTO dokumen VALUES ('uji.xlsx', 'Bontang Barat', 'Impor', 2025, DATE '2025-04-01', 'Jawaban SKM TW1', 'id',
    NULL, NULL);
INSERT INTO skm_jawaban VALUES ('Bontang Barat', 2025, 'TW1', 'Semua layanan', 1, DATE '2025-02-03', 'P', 41,
    'SMA', 'Wiraswasta', 4, 3, 4, 2, 1, 4, 3, 3, 4, 'uji.xlsx', 'skm_jawaban');
INSERT INTO skm_jawaban VALUES ('Bontang Barat', 2025, 'TW1', 'Semua layanan', 2, NULL, NULL, NULL,
    NULL, NULL, 1, 1, 1, 1, 1, 1, 1, 1, 1, 'uji.xlsx', 'skm_jawaban');
INSERT INTO pengguna VALUES ('camat.bb@contoh.go.id', NULL, 'Camat "Bontang" Barat', 'camat', 'kecamatan',
    'Bontang Barat', true, TIMESTAMP '2026-12-01 08:30:15.123456');
INSERT INTO status_periode VALUES ('Bontang Barat', 2025, 'TW1', 'realisasi', 'dikembalikan',
    TIMESTAMP '2026-12-02 09:00:00', 'camat.bb@contoh.go.id', 'Angka TW1 belum sesuai;
mohon periksa lagi');
INSERT INTO catatan_verifikasi VALUES (1, 'Bontang Barat', 2025, 'TW1', 'realisasi', NULL, 'Periksa ''IKM''',
    'camat.bb@contoh.go.id', 'camat', TIMESTAMP '2026-12-02 09:01:00');
INSERT INTO audit_log VALUES (TIMESTAMP '2026-12-02 09:00:00', 'status_periode', 'Bontang Barat 2025 TW1',
    'status', 'diajukan', 'dikembalikan', 'formulir', NULL, 'camat.bb@contoh.go.id', 'camat', 'Angka TW1 belum sesuai');
"""


@pytest.fixture
def db_isi(built_db: Path, tmp_path: Path) -> Path:
    db = tmp_path / "asal.duckdb"
    shutil.copy(built_db, db)
    repo = Repository.open(db, read_only=False)
    try:
        with repo.transaction():
            repo.execute_script(BARIS_TULIS)
            refresh_derived(repo, ["Bontang Barat"])  # as every write does: the answers give an IKM
    finally:
        repo.close()
    return db


def _tabel_pg(url: str) -> list[str]:
    with psycopg.connect(url) as con:
        return [
            r[0]
            for r in con.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1"
            )
        ]


def test_the_raw_tables_ddl_runs_as_it_is_on_both_engines(pg_url: str):
    with psycopg.connect(pg_url) as con:
        for statement in ddl_pg():
            con.execute(statement)
        kolom_pg = {
            (t, c)
            for t, c in con.execute(
                "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' "
                "AND table_name <> 'perubahan'"
            )
        }
        # the same rules on both: an SKM answer outside 1..4 and a role outside the list are refused
        for salah in (
            "INSERT INTO skm_jawaban (kecamatan, tahun, periode, responden_ke, u1, u2, u3, u4, u5, u6, u7, u8, u9, "
            "sumber_dokumen, sumber_tabel) VALUES ('A', 2025, 'TW1', 1, 5, 1, 1, 1, 1, 1, 1, 1, 1, 'x', 'y')",
            "INSERT INTO pengguna (email, nama, peran, dibuat) VALUES ('a@b', 'A', 'raja', now())",
        ):
            with pytest.raises(psycopg.errors.CheckViolation), con.transaction():
                con.execute(salah)
    repo = Repository.open(":memory:", read_only=False)
    try:
        repo.create_schema()
        for statement in tabel_pg().values():
            assert statement.startswith("CREATE TABLE")
        kolom_duck = {(t, c) for t, c, _ in repo.fetch("_skema_kolom").itertuples(index=False) if t in tabel_pg()}
        with pytest.raises(DatabaseError):
            repo.execute_script(
                "INSERT INTO skm_jawaban (kecamatan, tahun, periode, responden_ke, u1, u2, u3, u4, u5, u6, u7, u8, "
                "u9, sumber_dokumen, sumber_tabel) VALUES ('A', 2025, 'TW1', 1, 5, 1, 1, 1, 1, 1, 1, 1, 1, 'x', 'y')"
            )
    finally:
        repo.close()
    assert kolom_pg == kolom_duck
    assert len(tabel_pg()) == 23 and not any(t.startswith("hitung_") for t in tabel_pg())


def test_migration_round_trip_gives_identical_views_and_tables(db_isi: Path, pg_url: str, tmp_path: Path):
    hasil, _, beda = migrasi(db_isi, pg_url)
    assert hasil.baris["skm_jawaban"] == 2 and hasil.baris["pengguna"] == 1 and hasil.baris["realisasi"] > 100
    assert set(beda) >= {"v_capaian", "v_skm", "v_anggaran", "v_audit", "hitung_capaian", "skm_jawaban"}
    assert {k: v for k, v in beda.items() if v != (0, 0)} == {}
    # the read model built again from PostgreSQL holds the very text and times that were written
    model = tmp_path / "model.duckdb"
    model_baca(pg_url, model)
    repo = Repository.open(model)
    try:
        status = repo.tabel_arrow("status_periode").to_pylist()[0]
        pengguna = repo.tabel_arrow("pengguna").to_pylist()[0]
        jawaban = sorted(repo.tabel_arrow("skm_jawaban").to_pylist(), key=lambda r: r["responden_ke"])
    finally:
        repo.close()
    assert status["alasan"] == "Angka TW1 belum sesuai;\nmohon periksa lagi"
    assert pengguna["nama"] == 'Camat "Bontang" Barat'
    assert str(pengguna["dibuat"]) == "2026-12-01 08:30:15.123456"
    assert [jawaban[0][f"u{i}"] for i in range(1, 10)] == [4, 3, 4, 2, 1, 4, 3, 3, 4]
    assert jawaban[1]["tanggal"] is None and jawaban[1]["usia"] is None


def test_the_comparison_sees_a_changed_value(db_isi: Path, pg_url: str, tmp_path: Path):
    """The check can fail: one realisasi changed in PostgreSQL after the copy shows in the raw table, in the derived
    capaian and in the public view."""
    ke_postgres(db_isi, pg_url)
    with psycopg.connect(pg_url) as con:
        con.execute(
            "UPDATE realisasi SET nilai = nilai + 1 WHERE ctid = (SELECT ctid FROM realisasi WHERE nilai IS NOT NULL "
            "AND periode = 'Tahunan' LIMIT 1)"
        )
    model = tmp_path / "model.duckdb"
    model_baca(pg_url, model)
    beda = periksa(db_isi, model)
    assert beda["realisasi"] == (1, 1)
    assert beda["v_capaian"][0] >= 1 and beda["hitung_capaian"][0] >= 1


def test_migration_refuses_a_database_that_is_not_empty_and_changes_nothing(db_isi: Path, pg_url: str):
    ke_postgres(db_isi, pg_url)
    with psycopg.connect(pg_url) as con:
        sebelum = con.execute("SELECT count(*) FROM realisasi").fetchone()
    with pytest.raises(MigrasiError, match="tidak kosong: sudah berisi tabel"):
        ke_postgres(db_isi, pg_url)
    with psycopg.connect(pg_url) as con:
        assert con.execute("SELECT count(*) FROM realisasi").fetchone() == sebelum


def test_a_copy_that_fails_halfway_leaves_postgresql_empty(db_isi: Path, pg_url: str, monkeypatch):
    import pyarrow as pa

    asli = Repository.tabel_arrow

    def rusak(self: Repository, table: str) -> pa.Table:
        data = asli(self, table)
        return data.drop_columns(["sumber_tabel"]) if table == "anggaran" else data  # NOT NULL in PostgreSQL

    monkeypatch.setattr(Repository, "tabel_arrow", rusak)
    with pytest.raises(MigrasiError, match="tidak ada yang tersimpan"):
        ke_postgres(db_isi, pg_url)
    assert _tabel_pg(pg_url) == []


def _lkjip(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "lkjip", *args], cwd=REPO_ROOT, capture_output=True, text=True, timeout=300
    )


def _migrasi(*args: str) -> subprocess.CompletedProcess[str]:
    return _lkjip("migrasi", *args)


def test_the_command_line_migrates_and_says_so_in_indonesian(db_isi: Path, pg_url: str):
    out = _migrasi("--ke", pg_url, "--db", str(db_isi))
    assert out.returncode == 0, out.stderr
    assert "semuanya sama (EXCEPT ALL dua arah)" in out.stdout
    assert "skm_jawaban                       2 baris" in out.stdout
    lagi = _migrasi("--ke", pg_url, "--db", str(db_isi))
    assert lagi.returncode == 2
    assert "tidak kosong" in lagi.stderr and "***@" in lagi.stderr  # the password is not printed
    assert pg_url.split(":")[2].split("@")[0] not in lagi.stderr
    salah = _migrasi("--ke", "mysql://x", "--db", str(db_isi))
    assert salah.returncode == 2 and "harus URL PostgreSQL" in salah.stderr


def test_a_backup_of_postgresql_restores_into_an_empty_one_with_the_same_views(
    db_isi: Path, pg_url: str, pg_url_kedua: str, tmp_path: Path
):
    """The backup workbook on PostgreSQL, from the command line: made of one PostgreSQL database, holding what the
    file's own backup holds; restored into an empty second one, whose read model then equals the file view by view
    and table by table; a restore into a database that is not empty is refused and changes nothing."""
    from lkjip.io.cadangan import periksa_cadangan

    ke_postgres(db_isi, pg_url)
    dari_pg, dari_berkas = tmp_path / "pg.xlsx", tmp_path / "berkas.xlsx"
    out = _lkjip("export", "--db", pg_url, "--out", str(dari_pg))
    assert out.returncode == 0, out.stderr
    assert _lkjip("export", "--db", str(db_isi), "--out", str(dari_berkas)).returncode == 0
    a = periksa_cadangan("pg.xlsx", dari_pg.read_bytes())
    b = periksa_cadangan("berkas.xlsx", dari_berkas.read_bytes())
    assert a.baris == b.baris and a.baris > 1000
    assert a.data.keys() == b.data.keys() and all(a.data[t].equals(b.data[t]) for t in a.data)
    assert a.data["status_periode"].to_pylist()[0]["alasan"] == "Angka TW1 belum sesuai;\nmohon periksa lagi"

    pratinjau = _lkjip("import", str(dari_pg), "--db", pg_url_kedua)
    assert pratinjau.returncode == 0, pratinjau.stderr
    assert "Pratinjau saja: tidak ada yang ditulis" in pratinjau.stdout and _tabel_pg(pg_url_kedua) == []
    pulih = _lkjip("import", str(dari_pg), "--db", pg_url_kedua, "--yes")
    assert pulih.returncode == 0, pulih.stderr
    assert f"{a.baris} baris dipulihkan ke postgresql://" in pulih.stdout and "***@" in pulih.stdout
    model = tmp_path / "model.duckdb"
    model_baca(pg_url_kedua, model)
    beda = periksa(db_isi, model)
    assert "v_capaian" in beda and "skm_jawaban" in beda
    assert {k: v for k, v in beda.items() if v != (0, 0)} == {}

    with psycopg.connect(pg_url_kedua) as con:
        sebelum = con.execute("SELECT count(*) FROM realisasi").fetchone()
    lagi = _lkjip("import", str(dari_pg), "--db", pg_url_kedua, "--yes")
    assert lagi.returncode == 2 and "tidak kosong" in lagi.stderr and "Traceback" not in lagi.stderr
    with psycopg.connect(pg_url_kedua) as con:
        assert con.execute("SELECT count(*) FROM realisasi").fetchone() == sebelum


def test_a_server_folder_the_postgres_user_cannot_reach_is_refused_with_a_reason(tmp_path: Path, pg_server):
    """As root the cluster runs as postgres: a folder under a closed parent (pytest's own tmp is root's, 0700) is
    named in the message instead of initdb's 'Permission denied' on a password file."""
    import os

    from lkjip.pg.server import PostgresError, mulai_server

    if os.geteuid() != 0:
        pytest.skip("hanya berlaku bila dijalankan sebagai root (server berjalan sebagai pengguna postgres)")
    tertutup = tmp_path / "tertutup"
    tertutup.mkdir(mode=0o700)
    with pytest.raises(PostgresError, match="tidak dapat dicapai pengguna postgres"):
        mulai_server(tertutup / "pg")


def test_a_password_is_hidden_in_messages_however_the_url_gives_it():
    from lkjip.db.tulis_pg import _tanpa_sandi
    from lkjip.pg.salin import sandi_tersamar

    for url in (
        "postgresql://lkjip:rahasia@127.0.0.1:5432/lkjip",
        "postgresql://127.0.0.1/lkjip?user=u&password=rahasia",
    ):
        assert "rahasia" not in sandi_tersamar(url) and "***" in sandi_tersamar(url)
        assert "rahasia" not in _tanpa_sandi(f"gagal tersambung ke {url}: ditolak")
    assert "rahasia" not in _tanpa_sandi("host=127.0.0.1 password='rahasia' dbname=lkjip")
