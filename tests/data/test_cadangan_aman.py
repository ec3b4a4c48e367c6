"""Backups that detect tampering (issue 15, item 8): a digest per sheet, keys and numbers checked on restore."""

from __future__ import annotations

import hashlib
import io
import shutil
import zipfile
from pathlib import Path

import duckdb
import pytest
from openpyxl import load_workbook

from lkjip.__main__ import main
from lkjip.db.repository import Repository
from lkjip.errors import DataError
from lkjip.io import cadangan
from lkjip.io.validasi import ValidasiGagal

SETUJU = "saya tahu cadangan ini diubah"


@pytest.fixture(scope="module")
def backup(tmp_path_factory, built_db) -> bytes:
    """A backup of the test database, made once: every test edits its own copy."""
    repo = Repository.open(built_db)
    try:
        return cadangan.ekspor(repo)
    finally:
        repo.close()


def _edited(data: bytes, edit) -> bytes:  # type: ignore[no-untyped-def]
    wb = load_workbook(io.BytesIO(data))
    edit(wb)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _in_xml(data: bytes, replace: dict[bytes, bytes]) -> bytes:
    """The workbook with bytes of its sheets' XML replaced (cells openpyxl would never write)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            body = src.read(item)
            if item.filename.startswith("xl/worksheets/"):
                for old, new in replace.items():
                    body = body.replace(old, new)
            dst.writestr(item, body)
    return out.getvalue()


def _col(ws, name: str) -> int:  # type: ignore[no-untyped-def]
    return [c.value for c in ws[1]].index(name) + 1


def _first_number_row(ws, col: str) -> int:  # type: ignore[no-untyped-def]
    j = _col(ws, col)
    return next(r for r in range(2, ws.max_row + 1) if isinstance(ws.cell(r, j).value, (int, float)))


def _change_a_value(wb) -> None:  # type: ignore[no-untyped-def]
    ws = wb["realisasi"]
    r = _first_number_row(ws, "nilai")
    ws.cell(r, _col(ws, "nilai"), value=ws.cell(r, _col(ws, "nilai")).value + 1)


def _forge_audit_row(wb) -> None:  # type: ignore[no-untyped-def]
    ws = wb["audit_log"]
    ws.append(["2024-01-02T03:04:05", "realisasi", "X", "nilai", "80", "90", "formulir", None, "kepala"])
    manifest = wb[cadangan.MANIFEST]  # and the row count made to agree: the digest still catches it
    for row in manifest.iter_rows():
        if row[0].value == "audit_log":
            row[1].value += 1


def _restore_cli(path: Path, target: Path, *extra: str) -> int:
    return main(["import", str(path), "--db", str(target), "--yes", *extra])


def _rows(db: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def _problems(exc: pytest.ExceptionInfo) -> list[str]:  # type: ignore[type-arg]
    return [str(m) for m in exc.value.masalah]


def test_the_manifest_carries_a_digest_per_sheet_and_an_excel_resave_still_verifies(backup, tmp_path):
    wb = load_workbook(io.BytesIO(backup), read_only=True)
    rows = list(wb[cadangan.MANIFEST].iter_rows(values_only=True))
    header = rows.index(("tabel", "baris", "sha256"))
    digests = {r[0]: r[2] for r in rows[header + 1 :] if r and r[0]}
    wb.close()
    assert set(digests) == set(cadangan.skema())
    assert all(isinstance(d, str) and len(d) == 64 for d in digests.values())

    def same_values_other_cells(wb) -> None:  # type: ignore[no-untyped-def]
        # as Excel may save them: 95.0 as 95, a number as the text of its value, a date cell as ISO text
        ws = wb["realisasi"]
        j = _col(ws, "nilai")
        for r in range(2, ws.max_row + 1):
            v = ws.cell(r, j).value
            if isinstance(v, float):
                ws.cell(r, j, value=int(v) if v.is_integer() else repr(v))
        ws = wb["dokumen"]
        j = _col(ws, "tanggal")
        dated = [r for r in range(2, ws.max_row + 1) if ws.cell(r, j).value is not None]
        assert dated
        ws.cell(dated[0], j, value=ws.cell(dated[0], j).value.date().isoformat())

    pemulihan = cadangan.periksa_cadangan("cadangan.xlsx", _edited(backup, same_values_other_cells))
    assert not pemulihan.diterima
    target = tmp_path / "pulih.duckdb"
    cadangan.pulihkan(target, pemulihan)
    assert _rows(target, "SELECT count(*) FROM audit_log WHERE kunci LIKE 'cadangan%'") == [(0,)]


def test_a_changed_value_is_refused_naming_the_sheet_and_nothing_is_written(backup, tmp_path, capsys):
    path, target = tmp_path / "cadangan.xlsx", tmp_path / "baru.duckdb"
    path.write_bytes(_edited(backup, _change_a_value))
    with pytest.raises(cadangan.CadanganDiubah) as info:
        cadangan.periksa_cadangan(path.name, path.read_bytes())
    assert info.value.lembar == ["realisasi"]
    assert "lembar realisasi diubah sejak cadangan dibuat (sidik sha256 tidak cocok)" in info.value.pesan
    assert SETUJU in info.value.pesan

    assert _restore_cli(path, target) == 2
    err = capsys.readouterr().err
    assert "lembar realisasi diubah sejak cadangan dibuat (sidik sha256 tidak cocok)" in err
    assert "--terima-ubahan" in err
    assert not target.exists()


def test_the_explicit_consent_restores_a_changed_backup_and_logs_it(backup, built_db, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("USER", "petugas")
    path, target = tmp_path / "cadangan.xlsx", tmp_path / "baru.duckdb"
    path.write_bytes(_edited(backup, _change_a_value))
    assert main(["import", str(path), "--db", str(target), "--terima-ubahan", SETUJU]) == 0
    assert "DIUBAH, diterima" in capsys.readouterr().out and not target.exists()  # the preview says so

    assert _restore_cli(path, target, "--terima-ubahan", SETUJU) == 0
    log = _rows(target, "SELECT tabel, kunci, nilai_lama, nilai_baru, sumber, sha256, pengguna FROM audit_log "
                "WHERE kunci = 'cadangan diubah diterima'")  # fmt: skip
    assert len(log) == 1
    tabel, _, tercatat, berkas, sumber, sha, pengguna = log[0]
    assert (tabel, pengguna) == ("realisasi", "petugas")
    assert sha == hashlib.sha256(path.read_bytes()).hexdigest()
    assert tercatat != berkas and len(berkas) == 64 and SETUJU in sumber
    # the restored database is a full one: the edited value is in, and the rest of the data with it
    sql = "SELECT count(*), sum(nilai) FROM realisasi"
    (n_before, sum_before), (n_after, sum_after) = _rows(built_db, sql)[0], _rows(target, sql)[0]
    assert n_after == n_before and sum_after == pytest.approx(sum_before + 1)


def test_the_consent_must_be_written_exactly(backup, tmp_path, capsys):
    path, target = tmp_path / "cadangan.xlsx", tmp_path / "baru.duckdb"
    path.write_bytes(_edited(backup, _change_a_value))
    with pytest.raises(DataError, match="persis"):
        cadangan.periksa_cadangan(path.name, path.read_bytes(), terima_ubahan="ya")
    assert _restore_cli(path, target, "--terima-ubahan", "Saya tahu") == 2
    assert "persis" in capsys.readouterr().err and not target.exists()


def test_a_forged_audit_log_row_is_caught_even_when_the_count_is_made_to_agree(backup, tmp_path):
    data = _edited(backup, _forge_audit_row)
    with pytest.raises(cadangan.CadanganDiubah) as info:
        cadangan.periksa_cadangan("cadangan.xlsx", data)
    assert info.value.lembar == ["audit_log"]
    assert "lembar audit_log diubah sejak cadangan dibuat" in info.value.pesan

    target = tmp_path / "baru.duckdb"
    cadangan.pulihkan(target, cadangan.periksa_cadangan("cadangan.xlsx", data, terima_ubahan=SETUJU), pengguna="uji")
    assert _rows(target, "SELECT count(*) FROM audit_log WHERE pengguna = 'kepala'") == [(1,)]  # restored, as consented
    assert _rows(target, "SELECT tabel, pengguna FROM audit_log WHERE kunci = 'cadangan diubah diterima'") == [
        ("audit_log", "uji")
    ]


def test_a_row_added_without_touching_the_manifest_names_the_count_too(backup):
    def add(wb) -> None:  # type: ignore[no-untyped-def]
        wb["audit_log"].append(["2024-01-02T03:04:05", "realisasi", "X", "nilai", "80", "90", "formulir", None, "x"])

    with pytest.raises(cadangan.CadanganDiubah) as info:
        cadangan.periksa_cadangan("cadangan.xlsx", _edited(backup, add))
    assert "lembar audit_log diubah" in info.value.pesan and "mencatat" in info.value.pesan


def test_orphan_keys_are_refused_naming_sheet_row_and_column_whatever_the_consent(backup, tmp_path, capsys):
    def orphans(wb) -> None:  # type: ignore[no-untyped-def]
        ws = wb["realisasi"]
        row = [c.value for c in ws[2]]
        row[_col(ws, "indikator_id") - 1] = "TIDAK-ADA-1"
        ws.append(row)
        ws = wb["skm"]
        ws.cell(2, _col(ws, "kecamatan"), value="Antah Berantah")

    path, target = tmp_path / "cadangan.xlsx", tmp_path / "baru.duckdb"
    path.write_bytes(_edited(backup, orphans))
    for consent in (None, SETUJU):
        with pytest.raises(ValidasiGagal) as info:
            cadangan.periksa_cadangan(path.name, path.read_bytes(), terima_ubahan=consent)
        problems = _problems(info)
        n = load_workbook(path, read_only=True)["realisasi"].max_row
        assert any(
            f"realisasi baris {n}, kolom 'indikator_id': 'TIDAK-ADA-1' tidak ada di lembar indikator" in p
            for p in problems
        ), problems
        assert any(
            "skm baris 2, kolom 'kecamatan': 'Antah Berantah' tidak ada di lembar kecamatan" in p for p in problems
        )
    assert _restore_cli(path, target, "--terima-ubahan", SETUJU) == 2
    assert "TIDAK-ADA-1" in capsys.readouterr().err
    assert not target.exists()


def test_nan_and_inf_in_numeric_columns_are_refused_naming_sheet_row_and_column(backup, tmp_path):
    def not_numbers(wb) -> None:  # type: ignore[no-untyped-def]
        ws = wb["realisasi"]
        j = _col(ws, "nilai")
        for r, v in ((2, "nan"), (3, "inf"), (4, "-inf"), (5, "1e999"), (6, 123456.789), (7, 987654.321)):
            ws.cell(r, j, value=v)  # the last two become NaN and INF number cells below
        ws = wb["skm"]
        ws.cell(2, _col(ws, "responden"), value="nan")

    # openpyxl writes a float nan as an empty cell; a crafted file says <v>NaN</v>, which it reads as a float
    data = _in_xml(
        _edited(backup, not_numbers), {b"<v>123456.789</v>": b"<v>NaN</v>", b"<v>987654.321</v>": b"<v>INF</v>"}
    )
    for consent in (None, SETUJU):
        with pytest.raises(ValidasiGagal) as info:
            cadangan.periksa_cadangan("cadangan.xlsx", data, terima_ubahan=consent)
        problems = _problems(info)
        for r, v in ((2, "nan"), (3, "inf"), (4, "-inf"), (5, "1e999")):
            assert any(f"realisasi baris {r}, kolom 'nilai': harus angka hingga, tertulis '{v}'" in p for p in problems)
        for r in (6, 7):
            assert any(f"realisasi baris {r}, kolom 'nilai': harus angka hingga" in p for p in problems), problems
        assert any("skm baris 2, kolom 'responden': harus bilangan bulat, tertulis 'nan'" in p for p in problems)


def test_a_database_holding_nan_is_not_backed_up_into_a_file_that_cannot_be_restored(tmp_path, built_db):
    db = tmp_path / "lkjip.duckdb"
    shutil.copy(built_db, db)
    con = duckdb.connect(str(db))
    con.execute("UPDATE realisasi SET nilai = 'nan'::DOUBLE WHERE rowid = (SELECT min(rowid) FROM realisasi)")
    con.close()
    repo = Repository.open(db)
    try:
        with pytest.raises(DataError, match=r"Tabel realisasi baris \d+, kolom 'nilai' berisi nan"):
            cadangan.ekspor(repo)
    finally:
        repo.close()


def _as_version_1(wb) -> None:  # type: ignore[no-untyped-def]
    """The backup as version 1 wrote it: no digest column."""
    for row in wb[cadangan.MANIFEST].iter_rows():
        if row[0].value == "versi":
            row[1].value = 1
        if len(row) > 2:
            row[2].value = None


def test_a_backup_without_digests_is_refused_unless_consented_and_then_logged(backup, tmp_path):
    data = _edited(backup, _as_version_1)
    with pytest.raises(cadangan.CadanganDiubah) as info:
        cadangan.periksa_cadangan("lama.xlsx", data)
    assert "versi 1 tidak memuat sidik sha256" in info.value.pesan

    target = tmp_path / "baru.duckdb"
    pemulihan = cadangan.periksa_cadangan("lama.xlsx", data, terima_ubahan=SETUJU)
    assert "versi 1" in pemulihan.ringkasan()["sidik"].iloc[0]
    cadangan.pulihkan(target, pemulihan, pengguna="uji")
    assert _rows(target, "SELECT tabel, sha256 FROM audit_log WHERE kunci = 'cadangan tanpa sidik diterima'") == [
        ("_cadangan", hashlib.sha256(data).hexdigest())
    ]


def test_an_unknown_sheet_or_table_in_the_manifest_is_refused(backup):
    def extra(wb) -> None:  # type: ignore[no-untyped-def]
        wb.create_sheet("catatan_rahasia").append(["x"])
        wb[cadangan.MANIFEST].append(["tabel_palsu", 0, "0" * 64])

    with pytest.raises(ValidasiGagal) as info:
        cadangan.periksa_cadangan("cadangan.xlsx", _edited(backup, extra), terima_ubahan=SETUJU)
    problems = _problems(info)
    assert any("catatan_rahasia" in p and "lembar tidak dikenal" in p for p in problems)
    assert any("tabel 'tabel_palsu' tidak dikenal" in p for p in problems)


def test_a_backup_made_before_users_and_the_workflow_existed_restores_with_them_empty(backup, tmp_path):
    """Backups written before issue 16 have no pengguna and status_periode sheets and a change log without the role
    and reason columns; their digests cover what they hold. They restore, with those empty."""

    def lama(wb) -> None:  # type: ignore[no-untyped-def]
        for s in ("pengguna", "status_periode"):
            del wb[s]
        log = wb["audit_log"]
        header = [c.value for c in log[1]]
        for kolom in ("alasan", "peran"):
            log.delete_cols(header.index(kolom) + 1)
            header.remove(kolom)
        rows = [r for r in log.iter_rows(min_row=2, values_only=True) if any(v is not None for v in r)]
        assert rows == []  # the test database's log is empty: its digest is its header's
        manifest = wb[cadangan.MANIFEST]
        for r in range(manifest.max_row, 0, -1):
            key = manifest.cell(r, 1).value
            if key in ("pengguna", "status_periode"):
                manifest.delete_rows(r)
            elif key == "audit_log":
                manifest.cell(r, 3).value = hashlib.sha256(cadangan._baris_kanonik(header)).hexdigest()

    path, target = tmp_path / "cadangan_lama.xlsx", tmp_path / "baru.duckdb"
    path.write_bytes(_edited(backup, lama))
    assert _restore_cli(path, target) == 0
    assert _rows(target, "SELECT count(*) FROM pengguna") == [(0,)]
    assert _rows(target, "SELECT count(*) FROM status_periode") == [(0,)]
    # a sheet missing that the schema always had is still refused
    path.write_bytes(_edited(backup, lambda wb: wb.remove(wb["realisasi"])))
    assert _restore_cli(path, tmp_path / "lain.duckdb") == 2
