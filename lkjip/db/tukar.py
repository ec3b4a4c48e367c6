"""The one way a database file is written: under a lock, into a copy (or a new file), then swapped in atomically.

Readers keep reading the old file until they reconnect; a failure anywhere leaves the old file exactly as it was and
removes the copy; two writers (the app, a command-line import, a rebuild) take turns instead of overwriting each
other's work, and a writer that waits too long is told who holds the lock. The swapped-in file keeps the old file's
mode (and owner, when run as root), and the copies a killed writer left behind are removed by the next one.
"""

from __future__ import annotations

import errno
import fcntl
import glob
import json
import logging
import os
import pwd
import shutil
import stat
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from lkjip.config import UrlPostgres
from lkjip.db.repository import Repository
from lkjip.db.skema import lengkapi
from lkjip.errors import DatabaseError, DatabaseSibukError, DatabaseTakTertulisError

if TYPE_CHECKING:
    from lkjip.db.tulis_pg import Lingkup

T = TypeVar("T")
log = logging.getLogger(__name__)

# How long a writer waits for another one to finish before it gives up and names it (seconds). A normal import of a
# year's data swaps in a few seconds; a rebuild of a large synthetic database can take a minute.
TUNGGU_KUNCI_DETIK = 60.0
_JEDA_DETIK = 0.05  # how often a waiting writer tries the lock again
_PANJANG_PROGRAM = 80  # characters of the holder's command line quoted in the message


def berkas_kunci(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".lock")


@contextmanager
def kunci_tulis(db_path: Path, *, tunggu: float | None = None) -> Iterator[None]:
    """One writer at a time for this database file (a lock file beside it), waiting at most ``tunggu`` seconds
    (default ``TUNGGU_KUNCI_DETIK``) before DatabaseSibukError names the holder.

    The holder writes its PID, program and start time into the lock file after acquiring it and clears them before
    releasing it; the kernel releases the lock of a writer that dies, so a stale holder never blocks anyone."""
    batas = time.monotonic() + (TUNGGU_KUNCI_DETIK if tunggu is None else tunggu)
    lock = berkas_kunci(db_path)
    fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o666)  # not O_TRUNC: that would erase the holder's name
    try:
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= batas:
                    raise DatabaseSibukError(_pesan_sibuk(_baca_pemegang(fd))) from None
                time.sleep(_JEDA_DETIK)
        try:
            _tulis_pemegang(fd)
            yield
        finally:
            with suppress(OSError):
                os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def tulis_lalu_tukar(
    db_path: Path | UrlPostgres,
    isi: Callable[[Repository], T],
    *,
    dari_awal: bool,
    tunggu: float | None = None,
    lingkup: Lingkup | None = None,
) -> T:
    """Run ``isi`` on a copy of the database (or on a new empty file when ``dari_awal``) and swap it in.

    ``isi`` does its own transaction; the result is checkpointed before the swap so the file is complete. A full
    disk, a read-only folder or a missing permission become DatabaseTakTertulisError naming the folder and what to
    do; whatever fails, the copy is removed and the old file is exactly as it was.

    On PostgreSQL (``db_path`` a UrlPostgres) the same ``isi`` runs on a scratch of the kecamatan in ``lingkup`` and
    its changes are written in one PostgreSQL transaction (lkjip.db.tulis_pg); a new database is made there by
    ``python -m lkjip migrasi``, not here."""
    if isinstance(db_path, UrlPostgres):
        from lkjip.db.tulis_pg import tulis_pg

        if dari_awal:
            raise DatabaseError(
                "Membangun ulang atau memulihkan langsung ke PostgreSQL belum didukung: bangun ke berkas DuckDB, lalu "
                "'python -m lkjip migrasi --ke URL' ke basis data PostgreSQL kosong."
            )
        if lingkup is None:
            raise DatabaseError("Penulisan ke PostgreSQL perlu lingkup kecamatannya (kesalahan program).")
        return tulis_pg(db_path, isi, lingkup).hasil
    try:
        return _tulis_lalu_tukar(db_path, isi, dari_awal=dari_awal, tunggu=tunggu)
    except BaseException as exc:
        sebab = _errno_penyimpanan(exc)
        if sebab is None:
            raise
        raise DatabaseTakTertulisError(_pesan_tak_tertulis(sebab, db_path, exc)) from exc


def _tulis_lalu_tukar(db_path: Path, isi: Callable[[Repository], T], *, dari_awal: bool, tunggu: float | None) -> T:
    db_path.parent.mkdir(parents=True, exist_ok=True)
    with kunci_tulis(db_path, tunggu=tunggu):
        hapus_sisa(db_path)
        tmp = db_path.with_name(f"{db_path.name}.tulis-{os.getpid()}")
        asal = db_path.stat() if db_path.exists() else None
        try:
            if not dari_awal:
                shutil.copyfile(db_path, tmp)
            repo = Repository.open(tmp, read_only=False)
            try:
                if not dari_awal and (ubah := lengkapi(repo)):  # a file of an older version: today's schema first
                    log.info("database %s dilengkapi ke skema sekarang: %s", db_path, ", ".join(ubah))
                hasil = isi(repo)
                repo.run("checkpoint")
            except BaseException:
                with suppress(Exception):
                    repo.close()
                raise
            repo.close()
            if asal is not None:
                _samakan_pemilik_dan_mode(tmp, asal)  # only now: the copy had to stay writable until the checkpoint
            _fsync(tmp)
            os.replace(tmp, db_path)
        except BaseException:
            _hapus_sementara(tmp)
            raise
        _fsync(db_path.parent)
    return hasil


# ---------------------------------------------------------------- leftovers of a killed writer
def _basi(link: Path) -> bool:
    """A read link whose process is gone or which is older than a minute."""
    import time

    try:
        pid = int(link.name.rsplit(".baca-", 1)[1].split("-", 1)[0])
        umur = time.time() - link.lstat().st_ctime  # a new link changes the inode's ctime (its mtime is the file's)
    except (ValueError, IndexError, OSError):
        return False
    if umur > 60:
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:  # alive, another user's
        return False
    return False


def hapus_sisa(db_path: Path) -> list[Path]:
    """Remove every temporary copy of this database (``<name>.tulis-PID`` and its ``.wal``); returns them.

    Call only under the write lock: a writer makes its copy only while it holds the lock, so any copy found then
    belongs to a writer that was killed (its PID dead, or reused by another process), never to a live one."""
    sisa = sorted(db_path.parent.glob(glob.escape(db_path.name) + ".tulis-*"))
    # the app's read links (pages/_data.py: ``<name>.baca-PID-…``) live for the milliseconds DuckDB takes to open
    # them; one older than a minute, or of a dead process, was left by a kill in between
    for p in sorted(db_path.parent.glob(glob.escape(db_path.name) + ".baca-*")):
        if _basi(p):
            sisa.append(p)
    dihapus = []
    for p in sisa:
        try:
            p.unlink()
        except FileNotFoundError:
            continue
        except OSError as exc:  # not ours to remove (another owner): leave it, the write itself does not need it
            log.warning("sisa penulisan %s tidak dapat dihapus: %s", p, exc)
            continue
        dihapus.append(p)
    if dihapus:
        log.info("sisa penulisan yang terputus dihapus: %s", ", ".join(p.name for p in dihapus))
    return dihapus


def _hapus_sementara(tmp: Path) -> None:
    for p in (tmp, tmp.with_name(tmp.name + ".wal")):
        with suppress(OSError):
            p.unlink()


# ---------------------------------------------------------------- the swapped-in file is the old one's twin
def _samakan_pemilik_dan_mode(tmp: Path, asal: os.stat_result) -> None:
    """The old file's owner/group (root may give any; others only a group they belong to) and then its mode."""
    now = tmp.stat()
    if (now.st_uid, now.st_gid) != (asal.st_uid, asal.st_gid):
        if os.geteuid() == 0:
            os.chown(tmp, asal.st_uid, asal.st_gid)
        elif now.st_gid != asal.st_gid:
            with suppress(PermissionError):
                os.chown(tmp, -1, asal.st_gid)
    os.chmod(tmp, stat.S_IMODE(asal.st_mode))


def _fsync(path: Path) -> None:
    """Data on disk before the rename (the file) and the rename itself (its folder), so a power cut cannot leave a
    renamed but empty file."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        with suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)


# ---------------------------------------------------------------- who holds the lock
def _tulis_pemegang(fd: int) -> None:
    info = {"pid": os.getpid(), "jenis": _jenis(), "program": _program(), "sejak": datetime.now().isoformat("T")}
    with suppress(OSError):  # the name is a courtesy for whoever waits; the lock holds without it
        os.ftruncate(fd, 0)
        os.pwrite(fd, (json.dumps(info, ensure_ascii=False) + "\n").encode("utf-8"), 0)


def _baca_pemegang(fd: int) -> dict:
    try:
        return json.loads(os.pread(fd, 4096, 0).decode("utf-8"))
    except (OSError, ValueError):
        return {}  # empty (the holder has not written it yet, or clears it) or written by an older version


def _jenis() -> str:
    return "aplikasi" if "streamlit" in sys.modules else "baris perintah"


def _program() -> str:
    """The command line as the person typed it: ``python -m lkjip import a.xlsx --yes``, ``streamlit run app.py``."""
    argv = list(sys.argv) or ["python"]
    head = Path(argv[0])
    if head.name == "__main__.py" and head.parent.name == "lkjip":
        argv[0] = "python -m lkjip"
    elif argv[0] == "-c":
        argv[0] = "python -c"
    else:
        argv[0] = head.name
    teks = " ".join(argv)
    return teks if len(teks) <= _PANJANG_PROGRAM else teks[: _PANJANG_PROGRAM - 1] + "…"


def _pesan_sibuk(pemegang: dict) -> str:
    pid = pemegang.get("pid")
    if not isinstance(pid, int):
        return "Basis data sedang ditulis oleh proses lain; coba lagi nanti."
    try:
        sejak = datetime.fromisoformat(str(pemegang.get("sejak")))
        jam = f"{sejak:%H:%M:%S}" if sejak.date() == datetime.now().date() else f"{sejak:%d-%m-%Y %H:%M:%S}"
    except ValueError:
        jam = "–"
    siapa = f"{pemegang.get('jenis', 'proses')}: {pemegang.get('program', '–')}"
    return (
        f"Basis data sedang ditulis oleh PID {pid} ({siapa}, sejak {jam}); coba lagi nanti. "
        f"Bila penulisan itu macet, hentikan proses {pid} lalu coba lagi."
    )


# ---------------------------------------------------------------- disk full, read-only, no permission
_PENUH = (errno.ENOSPC, errno.EDQUOT)
_HANYA_BACA = (errno.EROFS,)
_TANPA_IZIN = (errno.EACCES, errno.EPERM)
_TEKS_DRIVER = {  # DuckDB reports its file errors as text ("IO Error: Could not write file ...: No space left ...")
    "No space left on device": errno.ENOSPC,
    "Disk quota exceeded": errno.EDQUOT,
    "Read-only file system": errno.EROFS,
    "Permission denied": errno.EACCES,
}


def _errno_penyimpanan(exc: BaseException) -> int | None:
    """The storage errno behind ``exc`` (an OSError, or a driver error wrapped in DatabaseError), if any."""
    for e in _rantai(exc):
        if isinstance(e, OSError) and e.errno in (*_PENUH, *_HANYA_BACA, *_TANPA_IZIN):
            return e.errno
        if isinstance(e, DatabaseError) or type(e).__module__.lstrip("_").startswith("duckdb"):
            for teks, nomor in _TEKS_DRIVER.items():
                if teks in str(e):
                    return nomor
    return None


def _pesan_tak_tertulis(nomor: int, db_path: Path, exc: BaseException) -> str:
    folder = db_path.parent.resolve()
    tetap = "basis data tidak diubah dan salinan sementaranya sudah dihapus"
    if nomor in _PENUH:
        ukuran = db_path.stat().st_size if db_path.exists() else 0
        perlu = f"sedikitnya {max(1, round(ukuran / 1e6))} MB untuk salinan basis data, ditambah ruang perubahannya"
        return f"Ruang disk di folder {folder} penuh; {tetap}. Kosongkan ruang di disk itu ({perlu}), lalu coba lagi."
    if nomor in _HANYA_BACA:
        return (
            f"Folder {folder} hanya dapat dibaca (sistem berkas read-only); {tetap}. Pasang folder itu agar dapat "
            "ditulis, atau arahkan LKJIP_DB ke berkas di folder yang dapat ditulis, lalu coba lagi."
        )
    nama = next((e.filename for e in _rantai(exc) if isinstance(e, OSError) and e.filename), None)
    ditolak = f" (ditolak: {nama})" if nama else ""
    return (
        f"Tidak ada izin menulis di folder {folder}{ditolak}; {tetap}. Beri pengguna {_pengguna()} izin tulis pada "
        f"folder itu dan pada berkas {db_path.name}, atau jalankan sebagai pemiliknya, lalu coba lagi."
    )


def _rantai(exc: BaseException) -> Iterator[BaseException]:
    """``exc`` and its explicit causes (``raise ... from``): Repository wraps every driver error that way. Not the
    implicit context, which may be an unrelated error handled on the way."""
    seen: set[int] = set()
    e: BaseException | None = exc
    while e is not None and id(e) not in seen:
        seen.add(id(e))
        yield e
        e = e.__cause__


def _pengguna() -> str:
    try:
        return pwd.getpwuid(os.geteuid()).pw_name
    except KeyError:
        return f"UID {os.geteuid()}"
