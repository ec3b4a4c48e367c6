"""The write path's side effects (issue 15, item 7, and item 6's full disk and read-only folder): leftovers of a
killed writer are removed, the file keeps its mode and owner, a writer waits for the lock only so long and names
who holds it, storage errors and broken keys become Indonesian messages, and the old file stays as it was."""

from __future__ import annotations

import errno
import io
import os
import shutil
import stat
import subprocess
import sys
import threading
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from openpyxl import load_workbook

from lkjip.config import REPO_ROOT
from lkjip.db import tukar
from lkjip.db.repository import Repository
from lkjip.db.tukar import kunci_tulis, tulis_lalu_tukar
from lkjip.errors import DatabaseError, DatabaseSibukError, DatabaseTakTertulisError, LkjipError
from lkjip.io.impor import periksa, terapkan, tulis
from lkjip.io.templat import templat

ROOT = os.geteuid() == 0


def _modes_are_honoured(tmp: Path) -> bool:
    """False for root with CAP_DAC_OVERRIDE, which writes into a 0555 folder anyway."""
    folder = tmp / "probe"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        (folder / "x").touch()
    except PermissionError:
        return True
    finally:
        folder.chmod(0o755)
    return False


@pytest.fixture
def db(tmp_path, built_db) -> Path:
    path = tmp_path / "lkjip.duckdb"
    shutil.copy(built_db, path)
    return path


def _plan(db: Path, sheet: str, rows: list[list], name: str = "a.xlsx"):
    repo = Repository.open(db)
    try:
        wb = load_workbook(io.BytesIO(templat(repo)))
        for r in rows:
            wb[sheet].append(r)
        out = io.BytesIO()
        wb.save(out)
        return periksa(repo, name, out.getvalue())
    finally:
        repo.close()


def _realisasi(db: Path, nilai: str = "95"):
    return _plan(db, "realisasi", [["Bontang Barat", "BB-IKU1", 2025, "TW1", nilai]])


def _sisa(db: Path) -> list[str]:
    return sorted(p.name for p in db.parent.glob(db.name + ".tulis-*"))


# ---------------------------------------------------------------- leftovers of a killed writer
def test_the_copies_a_killed_writer_left_are_removed_by_the_next_write(db):
    dead = db.with_name(f"{db.name}.tulis-999999999")  # a PID that cannot be alive
    dead.write_bytes(b"\0" * 4096)
    dead.with_name(dead.name + ".wal").write_bytes(b"wal")
    reused = db.with_name(f"{db.name}.tulis-{os.getppid()}")  # a live PID: its owner died and the PID was reused
    reused.write_bytes(b"x")
    mine = db.with_name(f"{db.name}.tulis-{os.getpid()}.wal")  # a WAL that must not be replayed into a fresh copy
    mine.write_bytes(b"not a wal")
    other = db.with_name(db.name + ".bak")
    other.write_bytes(b"keep")

    assert terapkan(db, _realisasi(db)) == 1
    assert _sisa(db) == []
    assert other.read_bytes() == b"keep"


def test_a_read_link_the_app_left_at_a_kill_is_removed_and_a_live_ones_is_kept(db):
    """pages/_data.py opens each version of the file through a hard link it removes at once; a kill in between
    leaves one behind (a dead PID's), which the next write removes; a live process's fresh link stays."""
    dead = db.with_name(f"{db.name}.baca-999999999-1-2")
    os.link(db, dead)
    live = db.with_name(f"{db.name}.baca-{os.getpid()}-1-2")
    os.link(db, live)
    assert terapkan(db, _realisasi(db)) == 1
    assert not dead.exists() and live.exists()


# ---------------------------------------------------------------- mode and owner
@pytest.mark.parametrize("mode", [0o444, 0o640], ids=["0444", "0640"])
def test_a_write_keeps_the_files_mode(db, mode):
    os.chmod(db, mode)
    assert terapkan(db, _realisasi(db)) == 1
    assert stat.S_IMODE(db.stat().st_mode) == mode
    repo = Repository.open(db)  # and the write did land
    try:
        assert (
            (
                repo.fetch("capaian", kecamatan="Bontang Barat", tahun=2025)
                .query("periode == 'TW1'")["realisasi"]
                .iloc[0]
            )
            == 95
        )
    finally:
        repo.close()


def test_a_rebuild_from_scratch_keeps_the_files_mode_too(db):
    os.chmod(db, 0o600)

    def isi(repo: Repository) -> None:
        repo.create_schema()

    tulis_lalu_tukar(db, isi, dari_awal=True)
    assert stat.S_IMODE(db.stat().st_mode) == 0o600


@pytest.mark.skipif(not ROOT, reason="only root can give a file to another owner")
def test_a_write_as_root_keeps_the_files_owner_and_group(db):
    os.chown(db, 1234, 2345)
    terapkan(db, _realisasi(db))
    assert (db.stat().st_uid, db.stat().st_gid) == (1234, 2345)


# ---------------------------------------------------------------- waiting for the lock
_HOLDER = """
import sys
from pathlib import Path
from lkjip.db.tukar import kunci_tulis
with kunci_tulis(Path(sys.argv[1])):
    print("siap", flush=True)
    sys.stdin.readline()
"""


def test_a_writer_gives_up_after_its_timeout_and_names_the_holder(db):
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(db)],
        cwd=REPO_ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "siap"
        before = db.read_bytes()
        called = []
        with pytest.raises(DatabaseSibukError) as info:
            tulis_lalu_tukar(db, called.append, dari_awal=False, tunggu=0.2)
        pesan = str(info.value)
        assert pesan.startswith(f"Belum disimpan: Basis data sedang ditulis oleh PID {holder.pid} (baris perintah: ")
        assert "python -c" in pesan and ", sejak " in pesan and "coba lagi nanti" in pesan
        assert called == [] and db.read_bytes() == before and _sisa(db) == []
    finally:
        holder.stdin.write("\n")
        holder.stdin.close()
        holder.wait(30)
    # released: the next writer goes ahead, and the lock file no longer names anyone
    assert tulis_lalu_tukar(db, lambda repo: "ok", dari_awal=False, tunggu=0.2) == "ok"
    assert tukar.berkas_kunci(db).read_text() == ""


def test_a_waiting_writer_goes_ahead_once_the_lock_is_released(db):
    held, release = threading.Event(), threading.Event()

    def hold() -> None:
        with kunci_tulis(db):
            held.set()
            release.wait(30)

    t = threading.Thread(target=hold)
    t.start()
    held.wait(30)
    result: list[str] = []
    w = threading.Thread(target=lambda: result.append(tulis_lalu_tukar(db, lambda r: "ok", dari_awal=False)))
    w.start()
    release.set()
    t.join(30)
    w.join(60)
    assert result == ["ok"]


def test_the_holder_is_named_as_the_command_line_the_person_typed(monkeypatch):
    monkeypatch.setattr(sys, "argv", [str(REPO_ROOT / "lkjip" / "__main__.py"), "import", "a.xlsx", "--yes"])
    assert tukar._program() == "python -m lkjip import a.xlsx --yes"
    monkeypatch.setattr(sys, "argv", ["/usr/bin/streamlit", "run", "app.py"])
    assert tukar._program() == "streamlit run app.py"
    monkeypatch.setattr(sys, "argv", ["x", "y" * 200])
    assert len(tukar._program()) == 80 and tukar._program().endswith("…")


# ---------------------------------------------------------------- disk full, read-only, no permission
def _partial_copy(nomor: int):
    """shutil.copyfile that writes part of the copy and then fails as the disk would."""

    def copyfile(src, dst, *args, **kwargs):
        Path(dst).write_bytes(Path(src).read_bytes()[:8192])
        raise OSError(nomor, os.strerror(nomor), str(dst))

    return copyfile


@pytest.mark.parametrize(
    ("nomor", "fragment"),
    [
        (errno.ENOSPC, "Ruang disk di folder {folder} penuh; basis data tidak diubah"),
        (errno.EROFS, "Folder {folder} hanya dapat dibaca (sistem berkas read-only); basis data tidak diubah"),
        (errno.EACCES, "Tidak ada izin menulis di folder {folder} (ditolak: {db}.tulis-"),
    ],
    ids=["ENOSPC", "EROFS", "EACCES"],
)
def test_a_storage_error_during_the_copy_is_a_message_and_leaves_no_copy(db, monkeypatch, nomor, fragment):
    plan = _realisasi(db)
    before = db.read_bytes()
    monkeypatch.setattr(shutil, "copyfile", _partial_copy(nomor))
    with pytest.raises(DatabaseTakTertulisError) as info:
        terapkan(db, plan)
    assert fragment.format(folder=db.parent.resolve(), db=db) in info.value.pesan
    assert "Errno" not in info.value.pesan
    assert db.read_bytes() == before
    assert _sisa(db) == []


def test_a_full_disk_while_writing_into_the_copy_is_a_message_and_leaves_no_copy(db, monkeypatch):
    plan = _realisasi(db)
    before = db.read_bytes()
    insert = Repository.insert_df

    def insert_until_full(self, table, df):
        insert(self, table, df)
        if table == "audit_log":
            try:
                raise duckdb.IOException(f'Could not write file "{db}.tulis-1": No space left on device')
            except duckdb.Error as exc:
                raise DatabaseError(f"Menulis ke tabel {table} gagal: {exc}") from exc

    monkeypatch.setattr(Repository, "insert_df", insert_until_full)
    with pytest.raises(DatabaseTakTertulisError) as info:
        terapkan(db, plan)
    assert f"Ruang disk di folder {db.parent.resolve()} penuh" in info.value.pesan
    assert db.read_bytes() == before
    assert _sisa(db) == []


@pytest.mark.parametrize("lock_exists", [True, False])
def test_a_read_only_folder_is_a_message_and_the_database_is_as_it_was(db, tmp_path_factory, lock_exists):
    if not _modes_are_honoured(tmp_path_factory.mktemp("probe")):
        pytest.skip("root writes into a 0555 folder anyway (the monkeypatched cases above run instead)")
    plan = _realisasi(db)
    if lock_exists:
        tukar.berkas_kunci(db).touch()
    before = db.read_bytes()
    os.chmod(db.parent, 0o555)
    try:
        with pytest.raises(DatabaseTakTertulisError) as info:
            terapkan(db, plan)
    finally:
        os.chmod(db.parent, 0o755)
    assert f"Tidak ada izin menulis di folder {db.parent.resolve()}" in info.value.pesan
    assert db.read_bytes() == before
    assert _sisa(db) == []


def test_the_command_line_says_the_disk_is_full_with_exit_code_2(db, tmp_path, monkeypatch, capsys):
    from lkjip.__main__ import main

    before = db.read_bytes()
    monkeypatch.setattr(shutil, "copyfile", _partial_copy(errno.ENOSPC))
    code = main(["import", str(_xlsx(db, tmp_path)), "--db", str(db), "--yes"])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("Basis data tidak dapat ditulis: Ruang disk di folder ") and "Traceback" not in err
    assert db.read_bytes() == before and _sisa(db) == []


def _xlsx(db: Path, tmp_path: Path) -> Path:
    repo = Repository.open(db)
    try:
        wb = load_workbook(io.BytesIO(templat(repo)))
    finally:
        repo.close()
    wb["realisasi"].append(["Bontang Barat", "BB-IKU1", 2025, "TW1", 95])
    out = tmp_path / "a.xlsx"
    wb.save(out)
    return out


def test_the_command_line_names_an_output_file_it_cannot_write(db, tmp_path, capsys):
    from lkjip.__main__ import main

    code = main(["export-template", "--db", str(db), "--out", str(tmp_path / "tidak-ada" / "t.xlsx")])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith(f"Berkas tidak dapat dipakai: {tmp_path / 'tidak-ada' / 't.xlsx'} tidak ada")
    assert "Traceback" not in err and "Errno" not in err


# ---------------------------------------------------------------- broken keys
def test_a_kecamatan_stored_twice_is_a_message_not_a_raw_duplicate_key(db):
    repo = Repository.open(db, read_only=False)
    try:
        with pytest.raises(DatabaseError) as info, repo.transaction():
            repo.insert_df("kecamatan", pd.DataFrame([{"nama": "Bontang Barat", "kab_kota": "Kota Bontang"}]))
    finally:
        repo.close()
    pesan = info.value.pesan
    assert pesan.startswith("Kecamatan 'Bontang Barat' sudah ada (mungkin disimpan bersamaan oleh orang lain")
    assert pesan.endswith("Tidak ada yang ditulis; muat ulang lalu periksa lagi.")
    assert "Duplicate key" not in pesan and "Constraint Error" not in pesan


def test_two_new_kecamatan_at_once_past_the_plans_check_give_a_message(db, monkeypatch):
    """The plan's check (rencana.pastikan_belum_berubah) refuses the second of two plans that add the same
    kecamatan; should a save ever get past it, the key still holds and the person reads why, not 'Duplicate key'."""
    row = ["Kalimantan Timur", "Kota Bontang", "Kota", "Bontang Tengah"]
    first, second = _plan(db, "kecamatan", [row], "a.xlsx"), _plan(db, "kecamatan", [row], "b.xlsx")
    assert terapkan(db, first) == 1
    before = db.read_bytes()
    monkeypatch.setattr(tulis, "pastikan_belum_berubah", lambda repo, rencana: None)
    with pytest.raises(LkjipError) as info:
        terapkan(db, second)
    assert str(info.value).startswith("Kesalahan basis data: Kecamatan 'Bontang Tengah' sudah ada")
    assert "Duplicate key" not in str(info.value)
    assert db.read_bytes() == before and _sisa(db) == []


def test_a_composite_key_names_each_column():
    from lkjip.db.repository import pesan_kendala

    pesan = pesan_kendala(
        duckdb.ConstraintException('Constraint Error: Duplicate key "kecamatan: A, nama: B, C" violates primary key'),
        "sasaran",
    )
    assert pesan.startswith("Sasaran dengan kecamatan 'A', nama 'B, C' sudah ada")
