"""The write path on PostgreSQL (issue 18): the same ``isi`` every DuckDB write runs (lkjip.db.tukar), on a scratch
DuckDB of the kecamatan concerned, its changes applied to PostgreSQL row by row in one PostgreSQL transaction.

1. A PostgreSQL transaction takes the write locks (transaction-scoped advisory locks, across processes and machines;
   a writer that dies releases them): the write lock shared, and one lock per kecamatan in ``Lingkup`` and per
   document it names, so writers of different kecamatan go side by side and those of one kecamatan take turns. A
   write with no kecamatan (users), or one that turns out to change a shared table other than its own documents
   (a note's running number, the region tables), runs again with the write lock exclusive: alone.
2. Inside it, a scratch in-memory DuckDB gets today's schema and, read from PostgreSQL in that transaction, the small
   shared tables (wilayah, users, documents, notes) and every raw row of the kecamatan in ``Lingkup`` (named, or
   owning a named indicator). The checks of ``isi`` (who may write, locked periods, the stale-value check of a plan)
   therefore run on the data as it is now, under the lock.
3. ``isi`` runs on the scratch exactly as on a file copy, but for the derived ``hitung_*`` tables: PostgreSQL holds
   none (each read model computes its own), so lkjip.db.derive only checks the raw rows' keys there.
4. Each raw table of the scratch is compared with what was loaded (EXCEPT ALL both ways): the rows that went are
   deleted in PostgreSQL one by one, the new ones copied in; a row of the change sequence (``perubahan``: its id,
   the kecamatan touched) is added and NOTIFY ``lkjip_perubahan`` sent, both delivered at commit.
   The change's id is drawn under one more lock held to the commit, so ids commit in order: a follower that has
   seen a change has seen every earlier one.
5. Commit. Any error before it rolls everything back: nothing half-written, in PostgreSQL or anywhere else.

No file is copied; a write costs what its kecamatan's rows cost, not what the whole database does.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, TypeVar

import pyarrow as pa

from lkjip.db.repository import Repository
from lkjip.db.statements import TABEL_PER_INDIKATOR
from lkjip.errors import DatabaseError, LkjipError

T = TypeVar("T")

_TERAKHIR: ContextVar[int | None] = ContextVar("lkjip_perubahan_terakhir", default=None)


def perubahan_terakhir() -> int | None:
    """The change-sequence id of the last write this thread committed (None: none since the last call); read once,
    it is forgotten (a page waits for its own read model to hold it, pages/_data.setelah_tulis)."""
    nomor = _TERAKHIR.get()
    _TERAKHIR.set(None)
    return nomor


KUNCI_TULIS = 0x6C6B6A6970  # the advisory lock every writer takes ('lkjip'): shared, or exclusive for shared tables
BATAS_TUNGGU_KUNCI = "30s"  # PostgreSQL's lock_timeout for a write's locks and rows
KUNCI_URUTAN = 0x6C6B6A6971  # taken just before a change's id is drawn, held to the commit
KELAS_KECAMATAN = 0x6C6B  # advisory keys (class, hashtext(name)): one kecamatan's rows
KELAS_DOKUMEN = 0x6C6C  # ... one document a write names (two uploads of the same file name take turns)
KANAL = "lkjip_perubahan"  # NOTIFY channel of the change sequence
# tables read whole into the scratch: small, and read across kecamatan by the checks (wilayah, users, documents by
# file name, the notes' running number)
TABEL_BERSAMA = ("kab_kota", "kecamatan", "pengguna", "dokumen", "catatan_verifikasi")
# of which a write's scratch holds only the documents its kecamatan's rows cite, those of its kecamatan and those it
# names (73.000 at national scale: reading them all was a fifth of a write)
DOKUMEN = "dokumen"
# tables whose rows belong to a kecamatan through their indicator
TABEL_INDIKATOR = TABEL_PER_INDIKATOR
# audit_log is append-only and read by no write: the scratch starts it empty, and every row in it afterwards is new
TABEL_TAMBAH_SAJA = ("audit_log",)
# shared tables a write changes only under the exclusive write lock (the documents a write names have locks of their
# own)
BERSAMA_EKSKLUSIF = tuple(t for t in TABEL_BERSAMA if t != DOKUMEN)


class PostgresTakTersedia(DatabaseError):  # noqa: N818 - the domain's word
    """The server cannot be reached: nothing was written."""


@dataclass(frozen=True)
class Lingkup:
    """Which kecamatan a write may touch: named ones, and the owners of named indicators (looked up under the lock)."""

    kecamatan: frozenset[str] = field(default_factory=frozenset)
    indikator: frozenset[str] = field(default_factory=frozenset)
    dokumen: frozenset[str] = field(default_factory=frozenset)  # documents the write itself writes (an upload's name)

    @classmethod
    def dari(cls, kecamatan: object = (), indikator: object = (), dokumen: object = ()) -> Lingkup:
        def himpunan(xs: object) -> frozenset[str]:
            return frozenset(str(x) for x in xs if x)  # type: ignore[attr-defined]

        return cls(himpunan(kecamatan), himpunan(indikator), himpunan(dokumen))


def _tabel_mentah() -> list[str]:
    from lkjip.db.skema import tabel_mentah

    return tabel_mentah()


def _sambung(url: str) -> Any:
    import psycopg

    try:
        return psycopg.connect(url, connect_timeout=5)
    except psycopg.OperationalError as exc:
        raise PostgresTakTersedia(
            "Server PostgreSQL tidak dapat dihubungi; tidak ada yang disimpan. Coba lagi sebentar lagi, atau hubungi "
            f"pengelola server ({_tanpa_sandi(str(exc))})."
        ) from exc


def _tanpa_sandi(teks: str) -> str:
    """A text that may hold a PostgreSQL URL or connection string, its passwords replaced by *** (user:pw@ and
    password=... alike)."""
    import re

    teks = re.sub(r"(postgres(?:ql)?://[^:/@\s]+:)[^@\s]+@", r"\1***@", teks)
    return re.sub(r"(password\s*=\s*)('[^']*'|[^&\s]+)", r"\1***", teks, flags=re.IGNORECASE)


def _kolom(cur: Any, table: str) -> list[tuple[str, str, str | None]]:
    cur.execute(
        "SELECT column_name, data_type, domain_name FROM information_schema.columns "
        "WHERE table_schema = current_schema() AND table_name = %s ORDER BY ordinal_position",
        (table,),
    )
    return list(cur.fetchall())


def _pilihan(kolom: list[tuple[str, str, str | None]]) -> str:
    return ", ".join(f'"{c}"::{t} AS "{c}"' if d else f'"{c}"' for c, t, d in kolom)


def baca(cur: Any, table: str, kolom: list[tuple[str, str, str | None]], where: str, params: tuple) -> pa.Table:
    """Rows of one table as Arrow, through a binary COPY-free SELECT (psycopg rows -> Arrow by column)."""
    cur.execute(f'SELECT {_pilihan(kolom)} FROM "{table}" {where}', params)
    rows = cur.fetchall()
    nama = [c for c, _, _ in kolom]
    return pa.table({n: [r[i] for r in rows] for i, n in enumerate(nama)}) if rows else None  # type: ignore[return-value]


def _kecamatan_lingkup(cur: Any, lingkup: Lingkup) -> list[str]:
    kec = set(lingkup.kecamatan)
    if lingkup.indikator:
        cur.execute("SELECT DISTINCT kecamatan FROM indikator WHERE indikator_id = ANY(%s)", (list(lingkup.indikator),))
        kec |= {r[0] for r in cur.fetchall()}
    return sorted(kec)


def kolom_pg(cur: Any, table: str) -> list[tuple[str, str, str | None]]:
    """A raw table's columns in PostgreSQL (name, type, domain); DatabaseError when the table is not there."""
    kolom = _kolom(cur, table)
    if not kolom:
        raise DatabaseError(
            f"Tabel {table} tidak ada di PostgreSQL; jalankan 'python -m lkjip migrasi --ke URL' lebih dulu."
        )
    return kolom


def baca_lingkup(cur: Any, table: str, kolom: list[tuple[str, str, str | None]], kec: list[str]) -> pa.Table | None:
    """The rows of one raw table a write on ``kec`` may read: a shared table whole, else the rows of those
    kecamatan (by their own column, or through their indicators); None when there are none."""
    if table in TABEL_BERSAMA or table in TABEL_TAMBAH_SAJA:
        return baca(cur, table, kolom, "", ())
    if table in TABEL_INDIKATOR:
        sql = "WHERE indikator_id IN (SELECT indikator_id FROM indikator WHERE kecamatan = ANY(%s))"
        return baca(cur, table, kolom, sql, (kec,))
    return baca(cur, table, kolom, "WHERE kecamatan = ANY(%s)", (kec,))


def muat(
    cur: Any, scratch: Repository, kec: list[str], dokumen: frozenset[str]
) -> dict[str, list[tuple[str, str, str | None]]]:
    """Fill the scratch with what the write may read (not the append-only change log; of the documents, those its
    rows cite, those of its kecamatan and ``dokumen``); each raw table's columns."""
    kolom_per = {}
    for table in _tabel_mentah():
        kolom_per[table] = kolom = kolom_pg(cur, table)
        if table in (*TABEL_TAMBAH_SAJA, DOKUMEN):
            continue
        if (data := baca_lingkup(cur, table, kolom, kec)) is not None:
            scratch.insert_df(table, data)
    dikutip = sorted(set(scratch.fetch("_dokumen_dikutip")["dokumen_id"]) | dokumen)
    data = baca(cur, DOKUMEN, kolom_per[DOKUMEN], "WHERE dokumen_id = ANY(%s) OR kecamatan = ANY(%s)", (dikutip, kec))
    if data is not None:
        scratch.insert_df(DOKUMEN, data)
    return kolom_per


@dataclass
class Beda:
    """What a write changed: table -> (rows deleted, rows inserted), the kecamatan of the changed rows, the documents
    changed, and the times of the change-log rows added (what a follower reloads; lkjip.pg.ikuti)."""

    tabel: dict[str, tuple[int, int]] = field(default_factory=dict)
    kecamatan: set[str] = field(default_factory=set)
    dokumen: set[str] = field(default_factory=set)
    audit: list[Any] = field(default_factory=list)


def _terapkan_beda(cur: Any, scratch: Repository, kolom_per: dict[str, list[tuple[str, str, str | None]]]) -> Beda:
    """Apply the scratch's changes to PostgreSQL: per raw table, rows gone deleted one by one (a duplicate row loses
    one copy), new rows copied in."""
    beda = Beda()
    hasil = beda.tabel
    milik = dict(scratch.fetch("_indikator_kecamatan").itertuples(index=False))
    dikenal = set(scratch.fetch("kecamatan_list")["kecamatan"])  # an upload's document names '-', not a kecamatan
    disentuh = beda.kecamatan
    for table, kolom in kolom_per.items():
        hilang, baru = scratch.beda_awal(table)
        if not hilang and not baru:
            continue
        if table == DOKUMEN:
            beda.dokumen |= {str(r["dokumen_id"]) for r in (*hilang, *baru)}
        if table in TABEL_TAMBAH_SAJA:
            beda.audit += [r["waktu"] for r in baru]
        for row in (*hilang, *baru):
            k = row.get("kecamatan") or milik.get(row.get("indikator_id"))
            if k in dikenal and table not in TABEL_TAMBAH_SAJA:
                disentuh.add(str(k))
        nama = [c for c, _, _ in kolom]
        if hilang:
            # an indexed column compared with '=' as well, so PostgreSQL finds the row by its index (IS NOT DISTINCT
            # FROM is not indexable); only where the row has a value there (a period's note has no indikator_id)
            kunci = next((k for k in ("indikator_id", "dokumen_id", "email", "kecamatan", "nama") if k in nama), None)
            cocok = " AND ".join(f'"{c}" IS NOT DISTINCT FROM %s' for c in nama)
            for row in hilang:
                pakai = kunci is not None and row[kunci] is not None
                sql = f'SELECT ctid FROM "{table}" WHERE {cocok}' + (f' AND "{kunci}" = %s' if pakai else "")
                params = [row[c] for c in nama] + ([row[kunci]] if pakai else [])
                cur.execute(f'DELETE FROM "{table}" WHERE ctid = ({sql} LIMIT 1)', params)
                if cur.rowcount != 1:
                    raise DatabaseError(f"Baris {table} yang akan diganti tidak ditemukan lagi di PostgreSQL.")
        if baru:
            cols = ", ".join(f'"{c}"' for c in nama)
            with cur.copy(f'COPY "{table}" ({cols}) FROM STDIN') as copy:
                for row in baru:
                    copy.write_row([row[c] for c in nama])
        hasil[table] = (len(hilang), len(baru))
    return beda


@dataclass
class HasilTulis:
    hasil: Any
    perubahan: int | None  # the change sequence's id, None when nothing changed
    kecamatan: list[str]
    tabel: dict
    detik: float


class _PerluEksklusif(Exception):  # noqa: N818 - not an error: a signal to run the write again, alone
    """The write changes what only the exclusive write lock covers: rolled back, to be run again under it."""


def _kunci_per(cur: Any, kelas: int, nama: list[str]) -> None:
    """The advisory lock of each name, in the order of their keys (every writer takes them in that order: no two
    wait for each other in a circle, even when two names share a key)."""
    if not nama:
        return
    cur.execute("SELECT DISTINCT hashtext(n) AS h FROM unnest(%s::text[]) n ORDER BY h", (nama,))
    for (h,) in cur.fetchall():
        cur.execute("SELECT pg_advisory_xact_lock(%s, %s)", (kelas, h))


def _kunci(cur: Any, lingkup: Lingkup, eksklusif: bool) -> list[str]:
    """Take the write's locks (module docstring) and return the kecamatan it may touch. _PerluEksklusif when,
    under its locks, the named indicators turn out to belong to a kecamatan not locked yet."""
    if eksklusif:
        cur.execute("SELECT pg_advisory_xact_lock(%s)", (KUNCI_TULIS,))
        return _kecamatan_lingkup(cur, lingkup)
    cur.execute("SELECT pg_advisory_xact_lock_shared(%s)", (KUNCI_TULIS,))
    kec = _kecamatan_lingkup(cur, lingkup)
    _kunci_per(cur, KELAS_KECAMATAN, kec)
    _kunci_per(cur, KELAS_DOKUMEN, sorted(lingkup.dokumen))
    if _kecamatan_lingkup(cur, lingkup) != kec:
        raise _PerluEksklusif
    return kec


def _hanya_milik_sendiri(scratch: Repository, lingkup: Lingkup) -> bool:
    """Whether the write leaves the shared tables as they were, but for the documents it names."""
    if any(any(scratch.beda_awal(t)) for t in BERSAMA_EKSKLUSIF):
        return False
    hilang, baru = scratch.beda_awal(DOKUMEN)
    return all(str(r["dokumen_id"]) in lingkup.dokumen for r in (*hilang, *baru))


def tulis_pg(url: str, isi: Callable[[Repository], T], lingkup: Lingkup) -> HasilTulis:
    """Run ``isi`` as a PostgreSQL write (module docstring); LkjipError from ``isi`` (refused, stale, locked) passes
    through with nothing written."""
    mulai = time.perf_counter()
    eksklusif = not (lingkup.kecamatan or lingkup.indikator)
    try:
        return _tulis(url, isi, lingkup, eksklusif=eksklusif, mulai=mulai)
    except _PerluEksklusif:
        return _tulis(url, isi, lingkup, eksklusif=True, mulai=mulai)


def _tulis(url: str, isi: Callable[[Repository], T], lingkup: Lingkup, *, eksklusif: bool, mulai: float) -> HasilTulis:
    import psycopg

    con = _sambung(url)
    try:
        with con.transaction(), con.cursor() as cur:
            cur.execute(f"SET LOCAL lock_timeout = '{BATAS_TUNGGU_KUNCI}'")  # a stuck holder does not hold a save
            kec = _kunci(cur, lingkup, eksklusif)
            scratch = Repository.open(":memory:", read_only=False)
            scratch.simpan_turunan = False
            try:
                scratch.create_schema()
                kolom_per = muat(cur, scratch, kec, lingkup.dokumen)
                scratch.tandai_awal(list(kolom_per))
                hasil = isi(scratch)
                if not eksklusif and not _hanya_milik_sendiri(scratch, lingkup):
                    raise _PerluEksklusif
                beda = _terapkan_beda(cur, scratch, kolom_per)
                tabel, disentuh = beda.tabel, sorted(beda.kecamatan)
            finally:
                scratch.close()
            if not eksklusif and not set(disentuh) <= set(kec):
                raise _PerluEksklusif  # rows of a kecamatan it holds no lock of (rolled back)
            nomor = None
            if tabel:
                cur.execute("SELECT pg_advisory_xact_lock(%s)", (KUNCI_URUTAN,))
                cur.execute(
                    "INSERT INTO perubahan (kecamatan, tabel, dokumen, audit_dari, audit_sampai) "
                    "VALUES (%s, %s, %s, %s, %s) RETURNING id",
                    (
                        disentuh,
                        sorted(tabel),
                        sorted(beda.dokumen),
                        min(beda.audit, default=None),
                        max(beda.audit, default=None),
                    ),
                )
                nomor = int(cur.fetchone()[0])
                cur.execute("SELECT pg_notify(%s, %s)", (KANAL, str(nomor)))
    except LkjipError:
        raise
    except (psycopg.errors.LockNotAvailable, psycopg.errors.TransactionRollback) as exc:
        raise DatabaseError(
            "Server data sedang sibuk melayani penyimpanan lain; tidak ada yang disimpan. Coba simpan lagi sebentar "
            f"lagi ({_tanpa_sandi(str(exc).splitlines()[0])})."
        ) from exc
    except psycopg.errors.UniqueViolation as exc:  # another kecamatan's writer created the same key just now
        raise DatabaseError(
            "Data dengan kode yang sama baru saja disimpan dari tempat lain; tidak ada yang disimpan. Buka ulang "
            f"halaman dan periksa lagi ({_tanpa_sandi(str(exc).splitlines()[0])})."
        ) from exc
    except psycopg.OperationalError as exc:
        raise PostgresTakTersedia(
            f"Sambungan ke PostgreSQL terputus; tidak ada yang disimpan ({_tanpa_sandi(str(exc))})."
        ) from exc
    except psycopg.Error as exc:
        raise DatabaseError(
            f"PostgreSQL menolak penulisan; tidak ada yang disimpan ({_tanpa_sandi(str(exc))})."
        ) from exc
    finally:
        con.close()
    if nomor is not None:
        _TERAKHIR.set(nomor)
    return HasilTulis(hasil, nomor, disentuh, tabel, time.perf_counter() - mulai)
