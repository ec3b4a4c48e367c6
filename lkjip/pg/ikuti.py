"""A replica's read model kept current from PostgreSQL's change sequence (issue 18).

Every committed write adds a row to ``perubahan`` (its id, the kecamatan and tables it touched) and sends NOTIFY
``lkjip_perubahan`` (lkjip.db.tulis_pg). A read model (``salin.model_baca``) records the last id it holds in
``model_posisi``. ``ikuti_sekali`` brings it up to date:

1. In one PostgreSQL snapshot (REPEATABLE READ): the changes after the model's position, and the raw rows of every
   kecamatan they touched (shared tables whole, when a change lists them).
   Those rows also fill a scratch in-memory DuckDB (with the small shared tables and the documents the rows cite),
   where their ``hitung_*`` values are computed again (lkjip.db.derive): a kecamatan's derived values depend on its
   own rows only, and the same queries over one kecamatan's rows take milliseconds where over the national model
   they took ~130 ms each (4,3 s a catch-up).
2. In one DuckDB transaction on the model: those kecamatan's raw and ``hitung_*`` rows replaced, the position moved
   to the last change read. A replica stopped anywhere
   in between (killed during a catch-up) still holds its old position and its old rows, and applies the same
   changes again next time.

A model more than ``BATAS_TERTINGGAL`` changes behind when it starts is rebuilt whole instead (``perbarui``).
``jalankan`` waits on LISTEN with a polling fallback and applies what arrives, until told to stop; a running replica
that finds more than that waiting (a burst of writes during a slow catch-up) applies them ``BATAS_TERTINGGAL`` at a
time: its sessions read the model's file, which it cannot swap under them. Applying part of the waiting changes is
sound: the rows reloaded are as the snapshot holds them (later changes of those kecamatan included), and the changes
after the position are applied again next time (each reload replaces, the change log adds only what is missing).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa

from lkjip.db.derive import refresh_derived
from lkjip.db.repository import Repository
from lkjip.db.skema import tabel_mentah
from lkjip.db.statements import TABEL_HITUNG
from lkjip.db.tulis_pg import (
    DOKUMEN,
    KANAL,
    TABEL_BERSAMA,
    TABEL_INDIKATOR,
    TABEL_TAMBAH_SAJA,
    baca,
    baca_lingkup,
    kolom_pg,
    muat,
)
from lkjip.errors import LkjipError
from lkjip.pg.salin import model_baca

BATAS_TERTINGGAL = 500  # changes: further behind than this, a whole rebuild is cheaper than replaying
_log = logging.getLogger("lkjip")
JEDA_POLLING = 1.0  # seconds between polls when no notification arrives (a missed NOTIFY, a reconnect)


class TertinggalJauh(LkjipError):  # noqa: N818 - the domain's word
    judul = "Model baca"


@dataclass(frozen=True)
class Diikuti:
    """What one catch-up applied: the change ids (first, last), the kecamatan reloaded, the shared tables reloaded."""

    dari: int
    sampai: int
    kecamatan: tuple[str, ...]
    bersama: tuple[str, ...]
    detik: float


def posisi(repo: Repository) -> int:
    """The id of the last change the read model holds (0: none recorded)."""
    df = repo.fetch("model_posisi")
    return 0 if df.empty or df["id"].isna().all() else int(df["id"].iloc[0])


def _kerja(cur: Any, kec: list[str], dok: list[str]) -> Repository:
    """A scratch in-memory DuckDB with what the derive of ``kec`` reads, from the follower's snapshot: their raw rows,
    the small shared tables, the documents their rows cite (a write's scratch, lkjip.db.tulis_pg)."""
    kerja = Repository.open(":memory:", read_only=False)
    try:
        kerja.create_schema()
        muat(cur, kerja, kec, frozenset(dok))
    except BaseException:
        kerja.close()
        raise
    return kerja


def ikuti_sekali(
    url: str, repo: Repository, *, batas: int = BATAS_TERTINGGAL, sebagian: bool = False
) -> Diikuti | None:
    """Apply the changes committed after the model's position (module docstring); None when there were none.
    ``repo``: the read model, writable. TertinggalJauh when more than ``batas`` are waiting, or, with ``sebagian``,
    the first ``batas`` of them applied."""
    import psycopg

    mulai = time.perf_counter()
    dari = posisi(repo)
    with psycopg.connect(url, connect_timeout=5) as con:
        con.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ  # one snapshot: the changes and their rows
        con.read_only = True
        with con.cursor() as cur:
            cur.execute(
                "SELECT id, kecamatan, tabel, dokumen, audit_dari, audit_sampai FROM perubahan WHERE id > %s "
                "ORDER BY id",
                (dari,),
            )
            baris = cur.fetchall()
            if not baris:
                return None
            semua = baris  # the documents and shared tables of every waiting change: the rows reloaded may cite them
            if sebagian:
                baris = baris[:batas]
            elif len(baris) > batas:
                raise TertinggalJauh(
                    f"Model baca tertinggal {len(baris)} perubahan (batas {batas}); dibangun ulang dari PostgreSQL."
                )
            kec = sorted({k for b in baris for k in b[1]})
            tabel = {t for b in semua for t in b[2]}
            dok = sorted({d for b in semua for d in b[3]})
            jendela = [(b[4], b[5]) for b in semua if b[4] is not None]
            # the small shared tables a change lists are read whole; documents and the change log by what changed
            bersama = sorted(t for t in TABEL_BERSAMA if t in tabel and t != DOKUMEN)
            data: dict[str, pa.Table | None] = {}
            kerja = _kerja(cur, kec, dok) if kec else None
            for table in tabel_mentah():
                if kerja is not None and table != DOKUMEN and table not in TABEL_TAMBAH_SAJA:
                    if table in bersama or table not in TABEL_BERSAMA:  # as read into the scratch
                        data[table] = kerja.tabel_arrow(table)
                elif table in bersama:
                    data[table] = baca_lingkup(cur, table, kolom_pg(cur, table), kec)
            dokumen = baca(cur, DOKUMEN, kolom_pg(cur, DOKUMEN), "WHERE dokumen_id = ANY(%s)", (dok,)) if dok else None
            audit = None
            if jendela:
                awal, akhir = min(a for a, _ in jendela), max(b for _, b in jendela)
                audit = baca(
                    cur, "audit_log", kolom_pg(cur, "audit_log"), "WHERE waktu BETWEEN %s AND %s", (awal, akhir)
                )
    sampai = int(baris[-1][0])
    hitung = {}
    if kerja is not None:
        try:  # the kecamatan's derived values, computed where only its own rows are (module docstring)
            refresh_derived(kerja, kec)
            hitung = {table: kerja.tabel_arrow(table) for table in TABEL_HITUNG}
        finally:
            kerja.close()
    with repo.transaction():
        # the indicator-owned tables first: their rows are found through indikator, deleted after them
        for table in sorted(data, key=lambda t: t not in TABEL_INDIKATOR):
            if table in bersama:
                repo.run(f"model_kosongkan_{table}")
            else:
                repo.run(f"model_hapus_{table}", kecamatan=kec)
        for table, tabel_data in data.items():
            if tabel_data is not None:
                repo.insert_df(table, tabel_data)
        if dok:
            repo.run("model_hapus_dokumen_id", dokumen_id=dok)
            if dokumen is not None:
                repo.insert_df(DOKUMEN, dokumen)
        if audit is not None:  # the rows of that time span the model does not hold yet (a duplicate counts)
            repo.tambah_yang_belum_ada("audit_log", audit, "waktu", awal, akhir)
        for table, baris_hitung in hitung.items():
            repo.run(f"hapus_{table}_kecamatan", kecamatan=kec)
            repo.insert_df(table, baris_hitung)
        repo.run("model_simpan_posisi", id=sampai)
    tersentuh = (*bersama, *((DOKUMEN,) if dok else ()), *(("audit_log",) if audit is not None else ()))
    return Diikuti(dari, sampai, tuple(kec), tersentuh, time.perf_counter() - mulai)


def perbarui(
    url: str, path: Path, repo_terbuka: Callable[[], Repository], *, batas: int = BATAS_TERTINGGAL
) -> Diikuti | None:
    """Catch ``path`` up, or rebuild it whole when it is too far behind (``repo_terbuka`` opens it writable; it is
    closed here before a rebuild swaps the file)."""
    repo = repo_terbuka()
    try:
        return ikuti_sekali(url, repo, batas=batas)
    except TertinggalJauh:
        repo.close()
        repo = None  # type: ignore[assignment]
        mulai = time.perf_counter()
        model_baca(url, path)
        return Diikuti(-1, -1, (), ("semua",), time.perf_counter() - mulai)
    finally:
        if repo is not None:
            repo.close()


def jalankan(
    url: str,
    repo: Repository,
    berhenti: threading.Event,
    *,
    setelah: Callable[[Diikuti], Any] | None = None,
    detak: Callable[[str | None], Any] | None = None,
) -> None:
    """Follow the change sequence until ``berhenti`` is set: LISTEN on the channel, apply what a notification (or,
    every JEDA_POLLING seconds, a poll) brings, call ``setelah`` with each catch-up (the pages' caches of those
    kecamatan are dropped there) and ``detak`` after each round (None: in touch; else what failed). A lost
    connection is retried; the model keeps serving what it holds meanwhile."""
    import psycopg

    while not berhenti.is_set():
        try:
            with psycopg.connect(url, autocommit=True, connect_timeout=5) as dengar:
                dengar.execute(f"LISTEN {KANAL}")
                while not berhenti.is_set():
                    hasil = ikuti_sekali(url, repo, batas=BATAS_TERTINGGAL, sebagian=True)
                    if hasil is not None:
                        repo.run("checkpoint")  # the file itself current (the deck copies it)
                        if setelah is not None:
                            setelah(hasil)
                    if detak is not None:
                        detak(None)  # in touch with PostgreSQL and up to date
                    for _ in dengar.notifies(timeout=JEDA_POLLING, stop_after=1):
                        pass
        except Exception as exc:  # noqa: BLE001 - a follower never dies: the server away, a failed catch-up (retried)
            if not isinstance(exc, psycopg.OperationalError):
                _log.exception("model baca: mengikuti perubahan gagal; dicoba lagi")
            if detak is not None:
                detak(str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
            berhenti.wait(JEDA_POLLING)
