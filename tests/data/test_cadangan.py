"""Full backup: export the whole database to Excel, restore it into an empty database, every public view equal."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import duckdb
import pytest
from openpyxl import load_workbook

from lkjip.__main__ import main
from lkjip.db.queries import PUBLIC_VIEWS
from lkjip.db.repository import Repository
from lkjip.errors import DataError
from lkjip.io import cadangan
from lkjip.io.impor import periksa, terapkan
from lkjip.io.templat import templat
from lkjip.io.validasi import ValidasiGagal


@pytest.fixture
def db(tmp_path, built_db) -> Path:
    path = tmp_path / "lkjip.duckdb"
    shutil.copy(built_db, path)
    return path


def _import(db: Path, sheet: str, rows: list[list], name: str) -> None:
    repo = Repository.open(db)
    try:
        wb = load_workbook(io.BytesIO(templat(repo)))
        for r in rows:
            wb[sheet].append(r)
        for cell in wb[sheet][wb[sheet].max_row]:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # typed as text, as a cell formatted as Text in Excel
        buf = io.BytesIO()
        wb.save(buf)
        plan = periksa(repo, name, buf.getvalue())
    finally:
        repo.close()
    terapkan(db, plan, pengguna="uji")


def _export(db: Path) -> bytes:
    repo = Repository.open(db)
    try:
        return cadangan.ekspor(repo)
    finally:
        repo.close()


def _everything(db: Path) -> dict[str, list[tuple]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        names = list(PUBLIC_VIEWS) + list(cadangan.skema())
        return {n: con.execute(f"SELECT * FROM {n} ORDER BY ALL").fetchall() for n in names}
    finally:
        con.close()


def test_export_then_import_into_an_empty_database_reproduces_every_view(db, tmp_path):
    # data from every path: the reports, an imported quarter, raw survey answers, and a text that looks like a formula
    _import(db, "realisasi", [["Bontang Barat", "BB-IKU1", 2025, "TW1", "95,10", "=1+1 bukan rumus"]], "tw1.xlsx")
    answers = [
        ["Bontang Barat", 2025, "TW1", "KTP", f"2025-01-1{i}", "L", 30, None, None, *([3] * 8), 4] for i in (1, 2, 3)
    ]
    _import(db, "skm_jawaban", answers, "skm_tw1.xlsx")
    before = _everything(db)
    assert before["v_audit"] and before["skm_jawaban"], "the backup must carry the change log and raw answers"

    data = _export(db)
    target = tmp_path / "pulih.duckdb"
    written = cadangan.pulihkan(target, cadangan.periksa_cadangan("cadangan.xlsx", data))

    after = _everything(target)
    assert written == sum(len(after[t]) for t in cadangan.skema())
    for name, rows in before.items():
        assert after[name] == rows, name
    # the audit time keeps its microseconds; the formula-looking text stayed text
    wb = load_workbook(io.BytesIO(data), read_only=True)
    cells = [c for row in wb["realisasi"].iter_rows() for c in row if c.value == "=1+1 bukan rumus"]
    assert cells and all(c.data_type == "s" for c in cells)


def test_backup_is_refused_by_a_database_that_holds_data(db):
    data = _export(db)
    before = db.read_bytes()
    with pytest.raises(DataError, match="sudah berisi .* baris"):
        cadangan.pulihkan(db, cadangan.periksa_cadangan("cadangan.xlsx", data))
    assert db.read_bytes() == before


def test_the_regular_import_says_what_a_backup_file_is(db):
    repo = Repository.open(db)
    try:
        with pytest.raises(DataError, match="berkas cadangan seluruh basis data"):
            periksa(repo, "cadangan.xlsx", cadangan.ekspor(repo))
    finally:
        repo.close()


def _edited(data: bytes, edit) -> bytes:  # type: ignore[no-untyped-def]
    wb = load_workbook(io.BytesIO(data))
    edit(wb)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_edited_or_truncated_backup_lists_every_problem_and_writes_nothing(db, tmp_path):
    data = _export(db)

    def rusak(wb) -> None:  # type: ignore[no-untyped-def]
        ws = wb["realisasi"]
        header = [c.value for c in ws[1]]
        ws.cell(row=2, column=header.index("tahun") + 1, value="dua ribu")
        ws.cell(row=3, column=header.index("utama") + 1, value="mungkin")
        ws.delete_rows(10)  # one row fewer than _cadangan records
        wb["anggaran"].cell(row=1, column=1, value="id_anggaran")

    with pytest.raises(ValidasiGagal) as info:
        cadangan.periksa_cadangan("cadangan.xlsx", _edited(data, rusak))
    problems = [str(m) for m in info.value.masalah]
    assert any("realisasi baris 2, kolom 'tahun': harus bilangan bulat, tertulis 'dua ribu'" in p for p in problems)
    assert any("realisasi baris 3, kolom 'utama': harus TRUE atau FALSE" in p for p in problems)
    assert any("realisasi" in p and "'_cadangan' mencatat 240" in p for p in problems)
    assert any("anggaran baris 1" in p and "tidak ada: anggaran_id" in p for p in problems)
    assert not (tmp_path / "baru.duckdb").exists()


def test_cli_export_and_restore(db, tmp_path, capsys):
    out, target = tmp_path / "cadangan.xlsx", tmp_path / "baru.duckdb"
    assert main(["export", "--db", str(db), "--out", str(out)]) == 0
    assert main(["import", str(out), "--db", str(target)]) == 0
    assert "Pratinjau saja" in capsys.readouterr().out and not target.exists()
    assert main(["import", str(out), "--db", str(target), "--yes"]) == 0
    assert _everything(target)["v_capaian"] == _everything(db)["v_capaian"]
    assert main(["import", str(out), "--db", str(target), "--yes"]) == 2
    assert "sudah berisi" in capsys.readouterr().err
