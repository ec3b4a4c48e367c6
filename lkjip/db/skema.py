"""A database file made by an older version, brought up to today's schema before a write (lkjip.db.tukar).

The schema grows (issue 16 added the ``pengguna`` and ``status_periode`` tables and two ``audit_log`` columns); a file
built or imported into before that still holds its imports, so a write must not fail on a missing table or column
(DuckDB's "Catalog Error"). ``lengkapi`` compares the file with lkjip/db/schema.sql as DuckDB itself reads it:

- a missing table is created with the schema's own statement;
- a missing column is added with its DEFAULT (old rows get it), else empty (nullable: rows written before it existed
  have no value for it);
- views and the table macro whose text differs from the schema's (or that the schema no longer has) are created
  again from the schema, in its order.

Nothing else is touched: no row is changed, no column is dropped or retyped (a retyped column is reported, not
guessed at). The derived ``hitung_*`` tables are the writer's to refresh, as on every write.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from lkjip.db.repository import SCHEMA_PATH, Repository
from lkjip.errors import DatabaseError

_PEMISAH = re.compile(r";[ \t]*(?:--[^\n]*)?\n")


@dataclass(frozen=True)
class _Skema:
    tabel: dict[str, str]  # table -> its CREATE TABLE statement
    kolom: dict[str, tuple[tuple[str, str], ...]]  # table -> ((column, type), ...)
    bawaan: dict[tuple[str, str], str]  # (table, column) -> its DEFAULT expression, where it has one
    view: dict[str, str]  # view or macro -> its definition as DuckDB prints it
    buat_view: tuple[str, ...]  # the CREATE VIEW / CREATE MACRO statements, in schema order


def pernyataan(teks: str) -> list[str]:
    """The schema file's statements (each ends with ';' at the end of a line)."""
    out = []
    for bagian in _PEMISAH.split(teks):
        isi = "\n".join(b for b in bagian.splitlines() if not b.lstrip().startswith("--")).strip()
        if isi:
            out.append(isi)
    return out


def _potret(repo: Repository) -> tuple[dict[str, tuple[tuple[str, str], ...]], dict[str, str]]:
    kolom: dict[str, list[tuple[str, str]]] = {}
    for table, col, typ in repo.fetch("_skema_kolom").itertuples(index=False):
        kolom.setdefault(table, []).append((col, typ))
    view = dict(repo.fetch("_skema_view").itertuples(index=False))
    return {t: tuple(c) for t, c in kolom.items()}, view


@cache
def _harapan() -> _Skema:
    teks = SCHEMA_PATH.read_text(encoding="utf-8")
    repo = Repository.open(":memory:", read_only=False)
    try:
        repo.execute_script(teks)
        kolom, view = _potret(repo)
        tabel = dict(repo.fetch("_skema_tabel").itertuples(index=False))
        bawaan = {(t, c): d for t, c, d in repo.fetch("_skema_bawaan").itertuples(index=False)}
    finally:
        repo.close()
    buat = tuple(s for s in pernyataan(teks) if re.match(r"CREATE\s+(VIEW|MACRO)\b", s))
    return _Skema(tabel=tabel, kolom=kolom, bawaan=bawaan, view=view, buat_view=buat)


def rencana(repo: Repository) -> list[tuple[str, str]]:
    """What ``lengkapi`` would do to the open database: (what, SQL) pairs, [] when it matches the schema (the usual
    case: two catalogue reads). DatabaseError when a column's type differs (not migrated by guessing)."""
    harapan = _harapan()
    kolom, view = _potret(repo)
    out: list[tuple[str, str]] = []
    for table, statement in harapan.tabel.items():
        if table not in kolom:
            out.append((f"tabel {table}", statement))
            continue
        ada = dict(kolom[table])
        for col, typ in harapan.kolom[table]:
            if col not in ada:
                bawaan = f" DEFAULT {harapan.bawaan[(table, col)]}" if (table, col) in harapan.bawaan else ""
                out.append((f"kolom {table}.{col}", f'ALTER TABLE "{table}" ADD COLUMN "{col}" {typ}{bawaan}'))
            elif ada[col] != typ:
                raise DatabaseError(
                    f"Kolom {table}.{col} di berkas database bertipe {ada[col]}, versi ini memakai {typ}; bangun "
                    "ulang database ('python -m lkjip build') atau pulihkan dari cadangan."
                )
    if view != harapan.view:
        macro = set(repo.fetch("_skema_macro")["nama"])
        for nama in view:
            if nama not in harapan.view:
                jenis = "MACRO TABLE" if nama in macro else "VIEW"
                out.append((f"hapus {nama}", f'DROP {jenis} IF EXISTS "{nama}"'))
        for statement in harapan.buat_view:
            out.append(("view", re.sub(r"^CREATE\s+", "CREATE OR REPLACE ", statement, count=1)))
    return out


def lengkapi(repo: Repository) -> list[str]:
    """Bring the open (writable) database up to the schema; what was added or re-created ([] when nothing). When a
    derived ``hitung_*`` table gained a column, every derived value is computed again (its old rows lack it)."""
    langkah = rencana(repo)
    if not langkah:
        return []
    ubah = list(dict.fromkeys(apa for apa, _ in langkah))
    with repo.transaction():
        for _, sql in langkah:
            repo.execute_script(sql)
        if any(apa.startswith(("tabel hitung_", "kolom hitung_")) for apa in ubah):
            from lkjip.db.derive import refresh_derived  # derive reads the settings; only this rare case needs it

            refresh_derived(repo)
    return ubah


def tabel_mentah() -> list[str]:
    """Every table people or reports write (all but the derived ``hitung_*``), in schema order: what PostgreSQL holds
    as the system of record (issue 18)."""
    return [t for t in _harapan().tabel if not t.startswith("hitung_")]
