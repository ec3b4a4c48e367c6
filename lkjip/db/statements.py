"""Write statements, named like the queries (``lkjip.db.queries``) and run by ``Repository.run`` with bound values.

A name says what the statement changes; table names come from this module, never from input."""

from __future__ import annotations

# The computed tables, which refresh_derived alone writes (lkjip.db.derive).
TABEL_HITUNG = ("hitung_capaian", "hitung_skm", "hitung_skm_unsur", "hitung_anggaran", "hitung_sakip", "hitung_temuan")

STATEMENTS: dict[str, str] = {
    "checkpoint": "CHECKPOINT",
    **{f"kosongkan_{t}": f"DELETE FROM {t}" for t in TABEL_HITUNG},
    **{f"hapus_{t}_kecamatan": f"DELETE FROM {t} WHERE kecamatan IN (SELECT unnest($kecamatan))" for t in TABEL_HITUNG},
}
