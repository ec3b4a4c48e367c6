"""Copies between the engines (issue 18), each checked rather than trusted.

- ``ke_postgres(db, url)``: an embedded DuckDB file into an empty PostgreSQL database, in one PostgreSQL transaction
  (the raw tables' DDL and every row, or nothing), through Arrow (ADBC's COPY).
- ``model_baca(url, path)``: a read model built from PostgreSQL: a new DuckDB file with today's whole schema, the
  raw tables loaded through Arrow, every ``hitung_*`` value computed (lkjip.db.derive), swapped in atomically.
- ``periksa(a, b)``: two DuckDB files compared view by view and table by table, EXCEPT ALL both ways.

``python -m lkjip migrasi --ke postgresql://…`` is the three in a row. The command line (lkjip.__main__) makes the
backup workbook (lkjip.io.cadangan) of PostgreSQL through ``salinan_mentah`` (its raw tables in one snapshot) and
restores one into it through a file: the restore into a new DuckDB file, then ``migrasi`` into the empty PostgreSQL
database, verified view by view.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa

from lkjip.db.queries import PUBLIC_VIEWS
from lkjip.db.repository import Repository
from lkjip.db.tukar import tulis_lalu_tukar
from lkjip.errors import LkjipError
from lkjip.pg.skema import ddl_pg, indeks_pg, tabel_pg


class MigrasiError(LkjipError):
    judul = "Migrasi PostgreSQL"


def sandi_tersamar(url: str) -> str:
    """The URL for a message: the password replaced by *** (user:pw@ and ?password=... alike)."""
    import re

    if "@" in url and "://" in url:
        skema, sisa = url.split("://", 1)
        kredensial, host = sisa.rsplit("@", 1)
        pengguna = kredensial.split(":", 1)[0]
        url = f"{skema}://{pengguna}:***@{host}"
    return re.sub(r"(password=)[^&]*", r"\1***", url, flags=re.IGNORECASE)


@contextmanager
def adbc(url: str) -> Iterator[Any]:
    """An ADBC connection to PostgreSQL (Arrow in and out; not autocommit: commit() ends the transaction)."""
    from adbc_driver_manager import Error as AdbcError
    from adbc_driver_postgresql import dbapi

    try:
        con = dbapi.connect(url)
    except AdbcError as exc:
        raise MigrasiError(f"Tidak dapat tersambung ke {sandi_tersamar(url)}: {exc}") from exc
    try:
        yield con
    finally:
        con.close()


def _tabel_ada(cur: Any) -> list[str]:
    cur.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY table_name"
    )
    return [r[0] for r in cur.fetchall()]


@dataclass(frozen=True)
class Hasil:
    baris: dict[str, int]  # table -> rows copied
    detik: float


def _harus_kosong(cur: Any, url: str) -> None:
    ada = sorted(set(_tabel_ada(cur)) & set(tabel_pg()))
    if ada:
        raise MigrasiError(
            f"Basis data PostgreSQL {sandi_tersamar(url)} tidak kosong: sudah berisi tabel {', '.join(ada)}. "
            "Migrasi dan pemulihan cadangan hanya ke basis data kosong (buat yang baru, atau kosongkan dulu)."
        )


def periksa_kosong(url: str) -> None:
    """MigrasiError unless the PostgreSQL database holds none of our tables (a copy or a restore never merges)."""
    with adbc(url) as con, con.cursor() as cur:
        _harus_kosong(cur, url)
        con.rollback()


def ke_postgres(db_path: Path, url: str) -> Hasil:
    """Copy every table PostgreSQL holds (lkjip.pg.skema.tabel_pg) from the DuckDB file into an empty PostgreSQL
    database. One transaction: on any error nothing is left in PostgreSQL. A database that has any table of ours
    already is refused (no merging, no overwriting)."""
    from adbc_driver_manager import Error as AdbcError

    mulai = time.perf_counter()
    src = Repository.open(db_path)
    try:
        with adbc(url) as con, con.cursor() as cur:
            _harus_kosong(cur, url)
            baris: dict[str, int] = {}
            try:
                for statement in ddl_pg():
                    cur.execute(statement)
                for table in tabel_pg():
                    data = src.tabel_arrow(table)
                    if data.num_rows:
                        cur.adbc_ingest(table, data, mode="append")
                    baris[table] = data.num_rows
                for statement in indeks_pg():
                    cur.execute(statement)
                cur.execute("ANALYZE")  # the planner's statistics now: one kecamatan's rows by index from the start
                con.commit()
            except AdbcError as exc:
                con.rollback()
                raise MigrasiError(f"Menyalin ke PostgreSQL gagal, tidak ada yang tersimpan: {exc}") from exc
    finally:
        src.close()
    return Hasil(baris, time.perf_counter() - mulai)


def _pilih(cur: Any, table: str) -> str:
    """SELECT of one table with each domain-typed column (tinyint) cast to its base type, which Arrow knows."""
    cur.execute(
        "SELECT column_name, domain_name, data_type FROM information_schema.columns "
        "WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position",
        parameters=(table,),
    )
    kolom = [f'"{c}"::{t} AS "{c}"' if d else f'"{c}"' for c, d, t in cur.fetchall()]
    return f'SELECT {", ".join(kolom)} FROM "{table}"'


def baca_tabel(cur: Any, table: str) -> pa.Table:
    cur.execute(_pilih(cur, table))
    return cur.fetch_arrow_table()


def _potret(url: str) -> tuple[dict[str, pa.Table], int]:
    """Every table PostgreSQL holds, read in one snapshot (one REPEATABLE READ transaction, so a write committed
    meanwhile is either wholly in or wholly out), and the last change of the sequence that snapshot holds."""
    with adbc(url) as con, con.cursor() as cur:
        # the first statement of the driver's transaction: one snapshot for every table and the change sequence
        cur.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        ada = set(_tabel_ada(cur))
        kurang = [t for t in tabel_pg() if t not in ada]
        if kurang:
            raise MigrasiError(
                f"Basis data PostgreSQL {sandi_tersamar(url)} belum berisi tabel lkjip ({', '.join(kurang[:5])} "
                "tidak ada); jalankan 'python -m lkjip migrasi --ke URL' lebih dulu."
            )
        data = {table: baca_tabel(cur, table) for table in tabel_pg()}
        cur.execute("SELECT coalesce(max(id), 0) FROM perubahan")
        posisi = int(cur.fetchone()[0])
        con.rollback()
    return data, posisi


def salinan_mentah(url: str) -> Repository:
    """An in-memory DuckDB holding PostgreSQL's raw tables as of one snapshot, nothing derived (what a backup
    writes); the caller closes it."""
    data, _ = _potret(url)
    repo = Repository.open(":memory:", read_only=False)
    try:
        repo.create_schema()
        for table, tabel in data.items():
            repo.insert_df(table, tabel)
    except BaseException:
        repo.close()
        raise
    return repo


def model_baca(url: str, path: Path) -> Hasil:
    """Build (or rebuild) the read model at ``path`` from PostgreSQL: every raw table read in one snapshot (one
    REPEATABLE READ transaction, so a write committed meanwhile is either wholly in or wholly out), the derived
    values computed, the file swapped in as every DuckDB write is (lkjip.db.tukar)."""
    from lkjip.db.derive import refresh_derived

    mulai = time.perf_counter()
    baris: dict[str, int] = {}
    data, posisi = _potret(url)

    def isi(repo: Repository) -> None:
        repo.create_schema()
        for table, tabel in data.items():
            repo.insert_df(table, tabel)
            baris[table] = tabel.num_rows
        refresh_derived(repo)
        repo.run("model_buat_posisi")  # where in the change sequence this model stands (lkjip.pg.ikuti)
        repo.run("model_simpan_posisi", id=posisi)

    tulis_lalu_tukar(path, isi, dari_awal=True)
    return Hasil(baris, time.perf_counter() - mulai)


def periksa(a: Path, b: Path) -> dict[str, tuple[int, int]]:
    """Every public view and every table of the two files compared: name -> (rows only in a, rows only in b), by
    EXCEPT ALL both ways (duplicates counted). All zeros: the two give identical results.

    Each relation's fingerprint (row count and the sum of its rows' 64-bit hashes: order-free, a duplicate counts)
    is compared first and EXCEPT ALL runs only where they differ: at 7.300 kecamatan EXCEPT ALL both ways took
    minutes per large view, a fingerprint seconds (a difference it misses would need a 64-bit hash collision)."""
    from lkjip.db.derive import TABEL_HITUNG

    repo = Repository.open(":memory:", read_only=False)
    tmp = tempfile.mkdtemp(prefix="lkjip-periksa-")  # DuckDB spills large comparisons here, not into the cwd
    try:
        repo.atur_folder_sementara(Path(tmp))
        repo.lampirkan(a, "a")
        repo.lampirkan(b, "b")
        out = {}
        for nama in (*PUBLIC_VIEWS, *tabel_pg(), *TABEL_HITUNG):
            if repo.sidik(f"a.{nama}") == repo.sidik(f"b.{nama}"):
                out[nama] = (0, 0)
            else:
                out[nama] = (repo.selisih(f"a.{nama}", f"b.{nama}"), repo.selisih(f"b.{nama}", f"a.{nama}"))
        return out
    finally:
        repo.close()
        shutil.rmtree(tmp, ignore_errors=True)


def migrasi(db_path: Path, url: str) -> tuple[Hasil, Hasil, dict[str, tuple[int, int]]]:
    """``python -m lkjip migrasi``: copy into PostgreSQL, build a read model back from it in a temporary folder,
    and compare that with the file view by view. MigrasiError when any view or table differs."""
    hasil = ke_postgres(db_path, url)
    with tempfile.TemporaryDirectory(prefix="lkjip-migrasi-") as tmp:
        model = model_baca(url, Path(tmp) / "model.duckdb")
        beda = periksa(db_path, Path(tmp) / "model.duckdb")
    salah = {k: v for k, v in beda.items() if v != (0, 0)}
    if salah:
        rincian = "; ".join(f"{k}: {a} baris hanya di berkas, {b} hanya di PostgreSQL" for k, (a, b) in salah.items())
        raise MigrasiError(
            f"Data di PostgreSQL tidak sama dengan berkas ({rincian}). Data sudah tersalin; jangan dipakai sebelum "
            "sebabnya diketahui."
        )
    return hasil, model, beda
