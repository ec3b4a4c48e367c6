"""Page queries that read the tables under the public views for speed give exactly what the views give."""

from __future__ import annotations

import pandas as pd
import pytest

from lkjip.db.repository import Repository

VIEW_YEARS = """
    SELECT DISTINCT tahun FROM v_capaian WHERE kecamatan = $kecamatan
    UNION SELECT DISTINCT tahun FROM v_anggaran WHERE kecamatan = $kecamatan
    UNION SELECT DISTINCT tahun FROM v_skm WHERE kecamatan = $kecamatan
    ORDER BY tahun DESC
"""


def _values(df: pd.DataFrame) -> pd.DataFrame:
    """The cells as Python values, a missing one as None (a text column's dtype depends on the rows fetched)."""
    return df.reset_index(drop=True).astype(object).where(df.reset_index(drop=True).notna(), None)


@pytest.mark.parametrize("db", ["built_db", "synthetic_db"])
def test_year_list_is_every_year_with_capaian_anggaran_or_skm_of_the_kecamatan(db, request):
    repo = Repository.open(request.getfixturevalue(db), read_only=True)
    try:
        names = repo.fetch("kecamatan_list")["kecamatan"].tolist()
        for kecamatan in names:
            expected = [int(t) for (t,) in repo.con.execute(VIEW_YEARS, {"kecamatan": kecamatan}).fetchall()]
            assert repo.fetch("tahun_list", kecamatan=kecamatan)["tahun"].tolist() == expected, kecamatan
        assert any(repo.fetch("tahun_list", kecamatan=k)["tahun"].tolist() for k in names)
    finally:
        repo.close()


def test_findings_of_one_kecamatan_are_its_rows_of_all_findings(repo):
    semua = repo.fetch("temuan", kecamatan=None)
    assert len(semua) == len(repo.fetch_view("v_temuan"))
    for kecamatan in semua["kecamatan"].unique():
        own = repo.fetch("temuan", kecamatan=kecamatan)
        assert len(own) > 0
        expected = semua[semua["kecamatan"] == kecamatan].reset_index(drop=True)
        pd.testing.assert_frame_equal(_values(own), _values(expected), obj=kecamatan)


def test_yearly_capaian_of_a_year_and_the_one_before_are_the_views_rows(repo):
    for tahun in (2023, 2024):
        both = repo.fetch("capaian_tahunan_dan_sebelumnya", kecamatan="Bontang Barat", tahun=tahun)
        for t in (tahun, tahun - 1):
            view = repo.fetch("capaian", kecamatan="Bontang Barat", tahun=t)
            view = view[view["periode"] == "Tahunan"].reset_index(drop=True)
            pd.testing.assert_frame_equal(_values(both[both["tahun"] == t]), _values(view))
        assert len(both[both["tahun"] == tahun]) > 0


BEDA_SEMUA = """
    WITH v AS (SELECT * FROM v_laporan_nilai WHERE nilai IS NOT NULL AND kecamatan IN (SELECT unnest($lingkup))),
    beda AS (
        SELECT kecamatan, tahun, periode, ranah, kunci, besaran FROM v
        GROUP BY ALL HAVING max(nilai) - min(nilai) > 0.011
    )
    SELECT v.* FROM v SEMI JOIN beda USING (kecamatan, tahun, periode, ranah, kunci, besaran)
    ORDER BY ALL
"""


def test_facts_printed_with_different_values_are_those_of_the_whole_view(repo):
    for lingkup in (repo.fetch("kecamatan_list")["kecamatan"].tolist(), ["Kota Bangun"], ["Bontang Barat"]):
        expected = repo.con.execute(BEDA_SEMUA, {"lingkup": lingkup}).df()
        got = repo.fetch("_laporan_nilai_beda", lingkup=lingkup)
        assert len(got) > 0
        pd.testing.assert_frame_equal(_values(got), _values(expected))


def test_queries_run_together_give_each_querys_own_rows_in_the_order_asked(repo):
    """fetch_many (the Ringkasan's reads, each on its own cursor) returns what fetch returns, in the asked order."""
    calls = [
        ("skm", {"kecamatan": "Kota Bangun"}),
        ("anggaran", {"kecamatan": "Bontang Barat", "tahun": 2024}),
        ("temuan", {"kecamatan": "Bantargebang"}),
        ("evaluasi_sakip", {"kecamatan": "Balikpapan Selatan"}),
    ]
    together = repo.fetch_many(*calls)
    assert len(together) == len(calls)
    for (name, params), got in zip(calls, together, strict=True):
        alone = repo.fetch(name, **params)
        assert not alone.empty, name
        pd.testing.assert_frame_equal(got, alone)
