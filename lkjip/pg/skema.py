"""The raw tables on PostgreSQL: the same CREATE TABLE statements as on DuckDB (lkjip/db/schema.sql), run as they
are. What people and reports write lives here: every table of the schema but the derived ``hitung_*`` ones, which
each read model computes for itself, as the views are its own.
"""

from __future__ import annotations

import re
from functools import cache

from lkjip.db.repository import SCHEMA_PATH
from lkjip.db.skema import pernyataan, tabel_mentah
from lkjip.db.statements import TABEL_PER_INDIKATOR, TABEL_PER_KECAMATAN

# PostgreSQL has no TINYINT (DuckDB's one-byte integer of the SKM answers u1..u9): a domain of that name over
# SMALLINT lets the one DDL run on both; values are checked by the tables' own CHECK (1..4) on both.
PRELUDE = ("DO $$ BEGIN CREATE DOMAIN tinyint AS smallint; EXCEPTION WHEN duplicate_object THEN NULL; END $$",)


@cache
def tabel_pg() -> dict[str, str]:
    """Table name -> its CREATE TABLE statement, for every table PostgreSQL holds (lkjip.db.skema.tabel_mentah), in
    schema order."""
    mentah = set(tabel_mentah())
    out = {}
    for s in pernyataan(SCHEMA_PATH.read_text(encoding="utf-8")):
        m = re.match(r"CREATE\s+TABLE\s+(\w+)", s)
        if m and m.group(1) in mentah:
            out[m.group(1)] = s
    return out


# PostgreSQL's own, beside the portable tables: the change sequence the read models follow (a row per committed
# write, naming the kecamatan it touched; lkjip.db.tulis_pg), and the access paths a write's reads of one kecamatan
# need (the large value tables declare no key, see schema.sql)
PERUBAHAN = """CREATE TABLE perubahan (
    id            BIGSERIAL PRIMARY KEY,
    waktu         TIMESTAMPTZ NOT NULL DEFAULT now(),
    kecamatan     TEXT[] NOT NULL,
    tabel         TEXT[] NOT NULL,
    dokumen       TEXT[] NOT NULL DEFAULT '{}',
    audit_dari    TIMESTAMP,
    audit_sampai  TIMESTAMP
)"""  # dokumen: the documents the write changed; audit_*: the times of the change-log rows it added


def ddl_pg() -> list[str]:
    """The statements that create the raw tables and the change sequence on an empty PostgreSQL database."""
    return [*PRELUDE, *tabel_pg().values(), PERUBAHAN]


def indeks_pg() -> list[str]:
    """The indexes, created after a bulk load (faster than keeping them up to date row by row during it)."""
    return [
        *(f'CREATE INDEX "{t}_indikator_id" ON "{t}" (indikator_id)' for t in TABEL_PER_INDIKATOR),
        *(f'CREATE INDEX "{t}_kecamatan" ON "{t}" (kecamatan)' for t in TABEL_PER_KECAMATAN),
        'CREATE INDEX "audit_log_waktu" ON audit_log (waktu)',  # a follower reads the change log's new rows by time
    ]
