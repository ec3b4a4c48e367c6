"""Building is idempotent, validates everything first, and never damages an existing database."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from lkjip.build import build, is_stale
from lkjip.config import DATA_DIR, REPO_ROOT
from lkjip.db.queries import PUBLIC_VIEWS
from lkjip.db.repository import Repository
from lkjip.io.validasi import ValidasiGagal


def _snapshot(path: Path) -> dict[str, list]:
    r = Repository.open(path)
    try:
        return {v: sorted(map(repr, r.fetch_view(v).itertuples(index=False))) for v in PUBLIC_VIEWS}
    finally:
        r.close()


def test_build_twice_gives_identical_views(tmp_path, built_db):
    again = tmp_path / "again.duckdb"
    build(again, DATA_DIR)
    assert _snapshot(again) == _snapshot(built_db)


def _copies(tmp_path: Path, built_db: Path) -> tuple[Path, bytes, Path, Path, list[str]]:
    """A copy of the database (and its bytes) and of data/, with the lines of one CSV to edit."""
    db = tmp_path / "lkjip.duckdb"
    shutil.copy(built_db, db)
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data, ignore=shutil.ignore_patterns("*.duckdb*"))
    f = data / "bontang_barat" / "nilai_indikator.csv"
    return db, db.read_bytes(), data, f, f.read_text(encoding="utf-8").splitlines()


def test_bad_data_lists_every_problem_and_leaves_the_database_alone(tmp_path, built_db):
    db, before, data, f, lines = _copies(tmp_path, built_db)
    lines[1] = lines[1].replace('"86,91"', '"86,9x1"').replace(",Tahunan,", ",Tahun,")
    lines[2] = lines[2].replace("000_f32673b935728d82.txt", "tidak_ada.txt")
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ValidasiGagal) as info:
        build(db, data)
    messages = [str(m) for m in info.value.masalah]
    assert any("baris 2, kolom 'periode'" in m and "'Tahun' tidak diperbolehkan" in m for m in messages)
    with pytest.raises(ValidasiGagal) as info:
        lines[1] = lines[1].replace(",Tahun,", ",Tahunan,")
        f.write_text("\n".join(lines) + "\n", encoding="utf-8")
        build(db, data)
    messages = [str(m) for m in info.value.masalah]
    assert any("baris 2, kolom 'tercetak'" in m and "86,9x1" in m for m in messages)
    assert any("baris 3, kolom 'sumber_dokumen'" in m and "tidak_ada.txt" in m for m in messages)
    assert db.read_bytes() == before
    assert not list(tmp_path.glob("*.tmp-*"))


def test_is_stale_follows_sources(tmp_path):
    db = tmp_path / "x.duckdb"
    assert is_stale(db, DATA_DIR)
    build(db, DATA_DIR)
    assert not is_stale(db, DATA_DIR)


def _cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "lkjip", *args], capture_output=True, text=True, cwd=REPO_ROOT, env=env, timeout=120
    )


def test_cli_check_csv_lists_contradictions_with_both_numbers(built_db):
    out = _cli("check", "--db", str(built_db), "--format", "csv")
    assert out.returncode == 0, out.stderr
    header, *rows = out.stdout.strip().splitlines()
    assert header == "kecamatan,tahun,jenis,subjek,pesan,nilai_dilaporkan,nilai_dihitung,sumber_dokumen,sumber_tabel"
    assert any("Evaluasi SAKIP: Total" in r and "78,65" in r and "77,83" in r for r in rows)


def test_cli_missing_database_is_a_clear_error(tmp_path):
    out = _cli("check", "--db", str(tmp_path / "nope.duckdb"))
    assert out.returncode == 2
    assert "Basis data belum dibuat" in out.stderr and "python -m lkjip build" in out.stderr


def test_cli_build_uses_lkjip_db(tmp_path):
    import os

    target = tmp_path / "env.duckdb"
    out = _cli("build", env={**os.environ, "LKJIP_DB": str(target)})
    assert out.returncode == 0, out.stderr
    assert target.exists() and "v_capaian" not in out.stderr


@pytest.mark.parametrize("db", ["built_db", "synthetic_db"])
def test_computed_tables_hold_one_row_per_key(db, request):
    from lkjip.db.derive import KUNCI_HITUNG, TABEL_HITUNG

    repo = Repository.open(request.getfixturevalue(db), read_only=True)
    try:
        for table, key in KUNCI_HITUNG.items():
            cols = ", ".join(key)
            n, distinct = repo.con.execute(f"SELECT count(*), count(DISTINCT ({cols})) FROM {table}").fetchone()
            assert n == distinct and n > 0, table
        assert set(KUNCI_HITUNG) == set(TABEL_HITUNG) - {"hitung_temuan"}  # findings are a list, not keyed
    finally:
        repo.close()


def test_a_fact_twice_from_the_same_table_is_refused_and_the_database_stays_as_it_was(tmp_path, built_db):
    from lkjip.errors import DataError

    db, before, data, f, lines = _copies(tmp_path, built_db)
    f.write_text("\n".join([*lines, lines[2]]) + "\n", encoding="utf-8")  # the 2021 Renstra target once more
    with pytest.raises(DataError) as info:
        build(db, data)
    assert "Baris ganda" in info.value.pesan and "tabel target" in info.value.pesan
    assert "indikator_id=BB-IKU1, tahun=2021, periode=Tahunan, jenis=Renstra" in info.value.pesan
    assert db.read_bytes() == before


@pytest.mark.parametrize("table", ["realisasi", "skm_unsur", "anggaran", "anggaran_kas"])
def test_every_value_table_refuses_a_key_twice_before_the_write_is_committed(tmp_path, built_db, table):
    from lkjip.db.derive import refresh_derived
    from lkjip.errors import DataError

    db = tmp_path / "lkjip.duckdb"
    shutil.copy(built_db, db)
    repo = Repository.open(db, read_only=False)
    try:
        rows = repo.jumlah_baris(table)
        with pytest.raises(DataError, match=f"tabel {table}"), repo.transaction():
            repo.execute_script(f"INSERT INTO {table} SELECT * FROM {table} LIMIT 1")
            refresh_derived(repo, repo.fetch("kecamatan_list")["kecamatan"].tolist())
        assert repo.jumlah_baris(table) == rows
    finally:
        repo.close()


def test_a_scale_chosen_in_the_settings_reaches_every_computed_category(tmp_path, built_db):
    """calc takes its scales as arguments: the settings' choice (here a two-step scale, as LKJIP_CONFIG may give)
    is what the refreshed categories, mutu and the category check use, and nothing else."""
    from lkjip.calc.skala import Skala, Tingkat
    from lkjip.config import Settings
    from lkjip.db.derive import refresh_derived

    db = tmp_path / "lkjip.duckdb"
    shutil.copy(built_db, db)
    dua = Skala(
        nama="uji",
        sumber="uji",
        tingkat=(Tingkat(batas_bawah=100, label="Tercapai"), Tingkat(batas_bawah=0, label="Tidak tercapai")),
    )
    repo = Repository.open(db, read_only=False)
    try:
        with repo.transaction():
            refresh_derived(repo, settings=Settings(skala_capaian=dua))
        kategori = repo.fetch_view("v_capaian")[["capaian_persen", "kategori"]].dropna()
    finally:
        repo.close()
    assert set(kategori["kategori"]) == {"Tercapai", "Tidak tercapai"}
    assert (kategori["kategori"] == "Tercapai").eq(kategori["capaian_persen"] >= 100).all()
