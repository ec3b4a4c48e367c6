"""Synthetic data for scale work: the same schema and views, every row marked synthetic, never in data/."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from lkjip.__main__ import main
from lkjip.db.queries import PUBLIC_VIEWS
from lkjip.db.synth import SUMBER_TABEL, build_synthetic
from lkjip.errors import DataError
from lkjip.io.cadangan import skema


def _q(db: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_every_view_has_rows_and_every_row_is_marked_synthetic(synthetic_db):
    for view in PUBLIC_VIEWS:
        if view in ("v_audit", "v_faktor", "v_pembanding", "v_efisiensi_laporan", "v_data_pendukung", "v_temuan"):
            continue  # nothing a synthetic report would state: no changes, causes, comparisons, findings
        assert _q(synthetic_db, f"SELECT count(*) FROM {view}")[0][0] > 0, view
    assert _q(synthetic_db, "SELECT bool_and(sintetis), bool_and(nama LIKE 'Sintetis ____') FROM kecamatan") == [
        (True, True)
    ]
    assert _q(synthetic_db, "SELECT bool_and(sintetis) FROM kab_kota") == [(True,)]
    assert _q(synthetic_db, "SELECT DISTINCT jenis FROM dokumen") == [("Sintetis",)]
    for table, cols in skema().items():
        names = [c for c, _ in cols]
        if "sumber_dokumen" in names:
            bad = _q(
                synthetic_db,
                f"SELECT count(*) FROM {table} WHERE sumber_dokumen NOT LIKE 'SINTETIS-%' "
                f"OR sumber_tabel <> '{SUMBER_TABEL}'",
            )[0][0]
            assert bad == 0, table


def test_shape_is_plausible(synthetic_db):
    # about 30 indicators per kecamatan, both arah, the last year realised only up to TW3
    assert _q(synthetic_db, "SELECT min(n), max(n) FROM (SELECT count(*) n FROM indikator GROUP BY kecamatan)") == [
        (30, 30)
    ]
    assert {a for (a,) in _q(synthetic_db, "SELECT DISTINCT arah FROM indikator")} == {"naik", "turun"}
    last = _q(synthetic_db, "SELECT DISTINCT periode FROM realisasi WHERE tahun = 2026 ORDER BY 1")
    assert [p for (p,) in last] == ["TW1", "TW2", "TW3"]
    assert _q(synthetic_db, "SELECT min(nrr) >= 2.5, max(nrr) <= 4 FROM v_skm_unsur") == [(True, True)]
    # the budget tree adds up (no 'sum differs' finding) and every level is there
    levels = {lv for (lv,) in _q(synthetic_db, "SELECT DISTINCT level FROM v_anggaran")}
    assert levels == {"total", "program", "kegiatan", "sub_kegiatan"}
    assert _q(synthetic_db, "SELECT count(*) FROM v_temuan") == [(0,)]
    cap = _q(synthetic_db, "SELECT min(capaian_persen), max(capaian_persen), count(DISTINCT kategori) FROM v_capaian")
    assert 40 < cap[0][0] < 100 < cap[0][1] < 200 and cap[0][2] >= 3


def test_same_seed_same_data_other_seed_other_data(tmp_path, synthetic_db):
    again = build_synthetic(tmp_path / "lagi.duckdb", 50, 2017, 2026, seed=1).db_path
    other = build_synthetic(tmp_path / "lain.duckdb", 50, 2017, 2026, seed=2).db_path
    sql = "SELECT sum(nilai), count(*) FROM realisasi"
    assert _q(again, sql) == _q(synthetic_db, sql)
    assert _q(other, sql) != _q(synthetic_db, sql)


def test_never_into_data_nor_over_real_data(built_db, tmp_path):
    from lkjip.config import DATA_DIR

    with pytest.raises(DataError, match="tidak boleh ditulis"):
        build_synthetic(DATA_DIR / "sintetis.duckdb", 5, 2020, 2021)
    assert not (DATA_DIR / "sintetis.duckdb").exists()
    before = built_db.read_bytes()
    assert main(["synth", "--kecamatan", "5", "--out", str(built_db)]) == 2
    assert built_db.read_bytes() == before
    assert main(["synth", "--kecamatan", "5", "--tahun", "2020-2021", "--out", str(tmp_path / "s.duckdb")]) == 0
