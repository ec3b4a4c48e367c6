"""The one path that runs SQL.

Every query is named (``lkjip.db.queries``), as is every write statement
(``lkjip.db.statements``); values are bound parameters, and driver errors become
``DatabaseError`` with an Indonesian message.  Pages use ``Repository.fetch``;
writers use ``transaction``, ``run`` and ``insert_df``.  Nothing else in lkjip
holds a DuckDB connection (tests/unit/test_boundary.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pyarrow as pa

from lkjip.db.queries import QUERIES
from lkjip.db.statements import STATEMENTS
from lkjip.errors import DatabaseError, DatabaseMissingError

SCHEMA_PATH = Path(__file__).with_name("schema.sql")
_POOL = ThreadPoolExecutor(max_workers=4, thread_name_prefix="lkjip-kueri")
_NAMA = re.compile(r"[a-z_][a-z0-9_]*")  # a table or alias of our own schema
_NAMA_BERSKEMA = re.compile(r"(?:[a-z_][a-z0-9_]*\.)?[a-z_][a-z0-9_]*")


class Repository:
    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con
        # False on a PostgreSQL write's scratch (lkjip.db.tulis_pg): its hitung_* tables are not written anywhere,
        # so lkjip.db.derive checks the raw rows' keys and computes nothing
        self.simpan_turunan = True

    @classmethod
    def open(cls, path: Path | str, *, read_only: bool = True) -> Repository:
        path = Path(path)
        if read_only and not path.exists():
            raise DatabaseMissingError(
                f"Berkas {path} tidak ada. Jalankan 'python -m lkjip build' (atau 'make run') terlebih dahulu."
            )
        try:
            con = duckdb.connect(str(path), read_only=read_only)
            # no progress bar: long queries would print it into the app's log and the command line's output
            con.execute("SET enable_progress_bar = false")
            return cls(con)
        except duckdb.Error as exc:
            raise DatabaseError(f"Basis data {path} tidak dapat dibuka: {exc}") from exc

    def cursor(self) -> Repository:
        """A repository on a new cursor of the same connection (one per thread / Streamlit run)."""
        return Repository(self.con.cursor())

    def close(self) -> None:
        self.con.close()

    # -------------------------------------------------------------- reading
    def fetch(self, name: str, **params: Any) -> pd.DataFrame:
        """Run the named query with bound parameters and return a DataFrame."""
        return self._run(_query(name), params, name)

    def fetch_many(self, *calls: tuple[str, dict[str, Any]]) -> list[pd.DataFrame]:
        """Several named queries at once, each on its own cursor in a small thread pool (DuckDB releases the GIL
        while it works, so a page's independent reads overlap on the cores instead of queuing). For committed data
        only: the other cursors do not see this cursor's open transaction."""
        if len(calls) < 2:
            return [self.fetch(name, **params) for name, params in calls]
        futures = [_POOL.submit(self._fetch_on_own_cursor, name, params) for name, params in calls]
        return [f.result() for f in futures]

    def _fetch_on_own_cursor(self, name: str, params: dict[str, Any]) -> pd.DataFrame:
        own = self.cursor()
        try:
            return own.fetch(name, **params)
        finally:
            own.close()

    def fetch_arrow(self, name: str, **params: Any) -> pd.DataFrame:
        """``fetch`` through Arrow: about twice as fast for large results with text columns (the derive step), with
        one difference: a text column that is entirely NULL comes back as strings with NaN instead of objects."""
        return self._run(_query(name), params, name, arrow=True)

    def fetch_view(self, view: str, *, ordered: bool = False) -> pd.DataFrame:
        """A whole public view (only names listed in PUBLIC_VIEWS); ``ordered`` sorts by every column."""
        from lkjip.db.queries import PUBLIC_VIEWS

        if view not in PUBLIC_VIEWS:
            raise DatabaseError(f"'{view}' bukan view publik.")
        return self._run(f"SELECT * FROM {view}" + (" ORDER BY ALL" if ordered else ""), {}, view)

    def _run(self, sql: str, params: dict[str, Any], label: str, *, arrow: bool = False) -> pd.DataFrame:
        try:
            if arrow:
                return self.con.sql(sql, params=params or None).to_arrow_table().to_pandas()
            return self.con.execute(sql, params or None).df()
        except duckdb.Error as exc:
            raise DatabaseError(f"Kueri '{label}' gagal: {exc}") from exc

    def jumlah_baris(self, table: str) -> int:
        """Rows of one table of our own schema (the name comes from our code, never from input)."""
        return int(self._scalar(f'SELECT count(*) FROM "{table}"', table))

    def baris_tabel(self, table: str, columns: list[str], batch: int = 10_000) -> Iterator[tuple[Any, ...]]:
        """Every row of one table of our own schema as Python values, in a stable order, streamed in batches."""
        cols = ", ".join(f'"{c}"' for c in columns)
        try:
            cur = self.con.cursor()
            cur.execute(f'SELECT {cols} FROM "{table}" ORDER BY ALL')
            while rows := cur.fetchmany(batch):
                yield from rows
        except duckdb.Error as exc:
            raise DatabaseError(f"Membaca tabel {table} gagal: {exc}") from exc

    def tabel_arrow(self, table: str) -> pa.Table:
        """Every row of one table of our own schema as Arrow, in storage order (copies between engines)."""
        if not _NAMA.fullmatch(table):
            raise DatabaseError(f"Nama tabel '{table}' tidak sah.")
        try:
            return self.con.sql(f'SELECT * FROM "{table}"').to_arrow_table()
        except duckdb.Error as exc:
            raise DatabaseError(f"Membaca tabel {table} gagal: {exc}") from exc

    def atur_folder_sementara(self, folder: Path) -> None:
        """Where DuckDB spills what does not fit in memory (an in-memory database's default is .tmp/ in the cwd)."""
        try:
            self.con.execute("SET temp_directory = ?", [str(folder)])
        except duckdb.Error as exc:
            raise DatabaseError(f"Folder sementara {folder} tidak dapat dipakai: {exc}") from exc

    def lampirkan(self, path: Path, alias: str) -> None:
        """Attach another database file read-only under ``alias`` (comparisons between files)."""
        if not _NAMA.fullmatch(alias):
            raise DatabaseError(f"Nama lampiran '{alias}' tidak sah.")
        try:
            self.con.execute(f"ATTACH ? AS {alias} (READ_ONLY)", [str(path)])
        except duckdb.Error as exc:
            raise DatabaseError(f"Basis data {path} tidak dapat dilampirkan: {exc}") from exc

    def tandai_awal(self, tables: list[str]) -> None:
        """Keep a copy of each table as it is now (``beda_awal`` compares with it): the PostgreSQL write path's scratch."""
        for table in tables:
            if not _NAMA.fullmatch(table):
                raise DatabaseError(f"Nama tabel '{table}' tidak sah.")
            self.execute_script(f'CREATE TEMP TABLE "_awal_{table}" AS SELECT * FROM "{table}"')

    def beda_awal(self, table: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """The rows of ``table`` gone since ``tandai_awal`` and the rows added (EXCEPT ALL: a changed row is one of
        each), as dicts."""
        if not _NAMA.fullmatch(table):
            raise DatabaseError(f"Nama tabel '{table}' tidak sah.")
        try:
            hilang = self.con.sql(f'FROM "_awal_{table}" EXCEPT ALL FROM "{table}"').to_arrow_table().to_pylist()
            baru = self.con.sql(f'FROM "{table}" EXCEPT ALL FROM "_awal_{table}"').to_arrow_table().to_pylist()
        except duckdb.Error as exc:
            raise DatabaseError(f"Membandingkan tabel {table} gagal: {exc}") from exc
        return hilang, baru

    def sidik(self, relasi: str) -> tuple[int, int]:
        """A relation's fingerprint: its row count and the sum of its rows' hashes (equal relations, in any order,
        have equal fingerprints); the name comes from our own code."""
        if not _NAMA_BERSKEMA.fullmatch(relasi):
            raise DatabaseError(f"Nama relasi '{relasi}' tidak sah.")
        try:
            n, jumlah = self.con.execute(f"SELECT count(*), coalesce(sum(hash(r)), 0) FROM {relasi} r").fetchone()
        except duckdb.Error as exc:
            raise DatabaseError(f"Kueri sidik {relasi} gagal: {exc}") from exc
        return int(n), int(jumlah)

    def selisih(self, kiri: str, kanan: str) -> int:
        """Rows of relation ``kiri`` not in ``kanan`` (EXCEPT ALL: a duplicate counts), names from our own code."""
        for nama in (kiri, kanan):
            if not _NAMA_BERSKEMA.fullmatch(nama):
                raise DatabaseError(f"Nama relasi '{nama}' tidak sah.")
        return int(self._scalar(f"SELECT count(*) FROM (FROM {kiri} EXCEPT ALL FROM {kanan})", f"{kiri} - {kanan}"))

    def _scalar(self, sql: str, label: str) -> Any:
        try:
            return self.con.execute(sql).fetchone()[0]
        except duckdb.Error as exc:
            raise DatabaseError(f"Kueri '{label}' gagal: {exc}") from exc

    # -------------------------------------------------------------- writing
    def execute_script(self, sql: str) -> None:
        try:
            self.con.execute(sql)
        except duckdb.Error as exc:
            raise DatabaseError(f"Perintah SQL gagal: {exc}") from exc

    def run(self, name: str, **params: Any) -> None:
        """Run the named write statement (``lkjip.db.statements``) with bound values."""
        try:
            sql = STATEMENTS[name]
        except KeyError:
            raise DatabaseError(f"Perintah '{name}' tidak dikenal.") from None
        try:
            self.con.execute(sql, params or None)
        except duckdb.ConstraintException as exc:
            raise DatabaseError(pesan_kendala(exc)) from exc
        except duckdb.Error as exc:
            raise DatabaseError(f"Perintah '{name}' gagal: {exc}") from exc

    def create_schema(self) -> None:
        self.execute_script(SCHEMA_PATH.read_text(encoding="utf-8"))

    def insert_df(self, table: str, df: pd.DataFrame | pa.Table) -> None:
        """Insert rows by column name; the table name comes from our own code, never from input."""
        if len(df) == 0:
            return
        names = df.column_names if isinstance(df, pa.Table) else list(df.columns)
        cols = ", ".join(f'"{c}"' for c in names)
        try:
            self.con.register("_incoming", df)
            self.con.execute(f'INSERT INTO "{table}" ({cols}) SELECT {cols} FROM _incoming')
        except duckdb.ConstraintException as exc:
            raise DatabaseError(pesan_kendala(exc, table)) from exc
        except duckdb.Error as exc:
            raise DatabaseError(f"Menulis ke tabel {table} gagal: {exc}") from exc
        finally:
            # After a failed insert the transaction is aborted; the caller rolls back.
            with suppress(duckdb.Error):
                self.con.unregister("_incoming")

    def tambah_yang_belum_ada(self, table: str, df: pa.Table, kolom: str, dari: Any, sampai: Any) -> None:
        """Insert the rows of ``df`` not yet in ``table`` among its rows with ``kolom`` between ``dari`` and
        ``sampai`` (EXCEPT ALL: a row held twice elsewhere and once here is added once); names from our own code."""
        for nama in (table, kolom):
            if not _NAMA.fullmatch(nama):
                raise DatabaseError(f"Nama '{nama}' tidak sah.")
        if len(df) == 0:
            return
        cols = ", ".join(f'"{c}"' for c in df.column_names)
        try:
            self.con.register("_incoming", df)
            self.con.execute(
                f'INSERT INTO "{table}" ({cols}) SELECT * FROM (SELECT {cols} FROM _incoming EXCEPT ALL '
                f'SELECT {cols} FROM "{table}" WHERE "{kolom}" BETWEEN ? AND ?)',
                [dari, sampai],
            )
        except duckdb.Error as exc:
            raise DatabaseError(f"Menulis ke tabel {table} gagal: {exc}") from exc
        finally:
            with suppress(duckdb.Error):
                self.con.unregister("_incoming")

    def replace_df(self, table: str, df: pd.DataFrame) -> None:
        self.execute_script(f'DELETE FROM "{table}"')
        self.insert_df(table, df)

    @contextmanager
    def transaction(self) -> Iterator[Repository]:
        """All or nothing: rolls back on any error and re-raises it."""
        self.con.execute("BEGIN TRANSACTION")
        try:
            yield self
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        else:
            self.con.execute("COMMIT")


_KUNCI_GANDA = re.compile(r'[Dd]uplicate key "(?P<kunci>.*?)"(?: violates|$)', re.DOTALL)
_TIDAK_BOLEH_KOSONG = re.compile(r"NOT NULL constraint failed: (?P<tabel>[^.\s]+)\.(?P<kolom>\S+)")
_SARAN = "Tidak ada yang ditulis; muat ulang lalu periksa lagi"


def pesan_kendala(exc: Exception, table: str | None = None) -> str:
    """A broken key or NOT NULL constraint in Indonesian, naming the values ("Kecamatan 'Bontang Barat' sudah ada
    ..."). DuckDB says ``Duplicate key "nama: Bontang Barat" violates primary key constraint`` for a row stored
    already (the same new row saved by someone else at the same time, past the plan's check) and ``duplicate key
    "Bontang Barat"`` for two equal rows in one write; ``table`` names the table when the caller knows it."""
    teks = str(exc)
    apa = table or "baris"
    if m := _KUNCI_GANDA.search(teks):
        kunci = m["kunci"]
        pasangan = [p.partition(": ") for p in re.split(r", (?=\w+: )", kunci)]
        if all(sep for _, sep, _ in pasangan):
            nilai = [v for _, _, v in pasangan]
            if len(nilai) == 1:
                sebutan = f"{apa} '{nilai[0]}'"
            else:
                sebutan = f"{apa} dengan " + ", ".join(f"{k} '{v}'" for k, _, v in pasangan)
        else:
            sebutan = f"{apa} '{kunci}'"
        pesan = f"{sebutan} sudah ada (mungkin disimpan bersamaan oleh orang lain, atau dua kali dalam satu berkas)"
    elif m := _TIDAK_BOLEH_KOSONG.search(teks):
        pesan = f"kolom {m['kolom']} pada {m['tabel']} tidak boleh kosong"
    else:
        pesan = f"isi {apa} melanggar aturan basis data ({teks})"
    return f"{pesan[0].upper()}{pesan[1:]}. {_SARAN}."


def _query(name: str) -> str:
    try:
        return QUERIES[name]
    except KeyError:
        raise DatabaseError(f"Kueri '{name}' tidak dikenal.") from None
