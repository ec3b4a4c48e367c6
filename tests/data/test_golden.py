"""Golden outputs: row counts per kecamatan and table, and every consistency finding.

A change here is a change in what the dashboard shows. Regenerate on purpose and read the diff:
    LKJIP_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/data/test_golden.py
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest

from lkjip.build import LOAD_ORDER
from lkjip.db.derive import temuan

GOLDEN = Path(__file__).resolve().parent.parent / "golden"
UPDATE = os.environ.get("LKJIP_UPDATE_GOLDEN") == "1"


@pytest.fixture
def repo(repo_dua_mesin):  # type: ignore[no-untyped-def]
    """Every test here on both back ends (issue 18): the embedded file, and the read model built from PostgreSQL."""
    return repo_dua_mesin


def _compare(name: str, df: pd.DataFrame) -> None:
    path = GOLDEN / name
    text = df.to_csv(index=False, lineterminator="\n")
    if UPDATE:
        path.write_text(text, encoding="utf-8")
        pytest.skip(f"{name} ditulis ulang")
    assert path.exists(), f"{path} belum ada: jalankan dengan LKJIP_UPDATE_GOLDEN=1"
    expected = path.read_text(encoding="utf-8").splitlines()
    actual = text.splitlines()
    missing = sorted(set(expected) - set(actual))
    extra = sorted(set(actual) - set(expected))
    assert not missing and not extra, f"hilang: {missing[:5]} … baru: {extra[:5]} …"


def test_row_counts_per_kecamatan_and_table(repo):
    rows = []
    for table in LOAD_ORDER:
        if table in ("kab_kota", "kecamatan"):
            continue
        df = repo.con.execute(f'SELECT * FROM "{table}"').df()  # noqa: S608 (table names from our own list)
        if "kecamatan" not in df.columns:
            df = df.merge(repo.fetch_view("v_indikator")[["indikator_id", "kecamatan"]], on="indikator_id")
        for kec, n in df.groupby("kecamatan").size().items():
            rows.append({"tabel": table, "kecamatan": kec, "baris": int(n)})
    _compare("row_counts.csv", pd.DataFrame(rows).sort_values(["tabel", "kecamatan"]))


def test_findings(repo):
    df = temuan(repo).sort_values(["kecamatan", "tahun", "jenis", "subjek", "sumber_tabel", "nilai_dilaporkan"])
    _compare("temuan.csv", df)
