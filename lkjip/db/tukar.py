"""The one way a database file is written: under a lock, into a copy (or a new file), then swapped in atomically.

Readers keep reading the old file until they reconnect; a failure anywhere leaves the old file exactly as it was;
two writers (the app, a command-line import, a rebuild) take turns instead of overwriting each other's work.
"""

from __future__ import annotations

import fcntl
import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from lkjip.db.repository import Repository

T = TypeVar("T")


@contextmanager
def kunci_tulis(db_path: Path) -> Iterator[None]:
    """One writer at a time for this database file (a lock file beside it)."""
    lock = db_path.with_name(db_path.name + ".lock")
    with lock.open("w") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def tulis_lalu_tukar(db_path: Path, isi: Callable[[Repository], T], *, dari_awal: bool) -> T:
    """Run ``isi`` on a copy of the database (or on a new empty file when ``dari_awal``) and swap it in.

    ``isi`` does its own transaction; the result is checkpointed before the swap so the file is complete.
    """
    db_path.parent.mkdir(parents=True, exist_ok=True)
    with kunci_tulis(db_path):
        tmp = db_path.with_name(f"{db_path.name}.tulis-{os.getpid()}")
        tmp.unlink(missing_ok=True)
        if not dari_awal:
            shutil.copyfile(db_path, tmp)
        repo = Repository.open(tmp, read_only=False)
        try:
            hasil = isi(repo)
            repo.run("checkpoint")
        except BaseException:
            repo.close()
            tmp.unlink(missing_ok=True)
            raise
        repo.close()
        os.replace(tmp, db_path)
    return hasil
