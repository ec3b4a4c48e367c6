"""AppTest per page: runs without exception for every kecamatan and year, and the filter changes what is shown."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from lkjip.config import REPO_ROOT, get_settings
from lkjip.db.repository import Repository
from lkjip.laporan import daftar_kecamatan, daftar_tahun

PAGES = ["pages/ringkasan.py", "pages/kualitas_data.py"]


@pytest.fixture
def app_env(built_db, monkeypatch):
    monkeypatch.setenv("LKJIP_DB", str(built_db))
    get_settings.cache_clear()
    yield built_db
    get_settings.cache_clear()


def _app() -> AppTest:
    return AppTest.from_file(str(REPO_ROOT / "app.py"), default_timeout=60)


def _combinations(db):
    r = Repository.open(db)
    try:
        return [(k, t) for k in daftar_kecamatan(r)["kecamatan"] for t in (daftar_tahun(r, k) or [None])]
    finally:
        r.close()


@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_for_every_kecamatan_and_year(app_env, page):
    for kecamatan, tahun in _combinations(app_env):
        at = _app()
        at.query_params["kecamatan"] = kecamatan
        if tahun:
            at.query_params["tahun"] = str(tahun)
        at.switch_page(page).run()
        assert not at.exception, (page, kecamatan, tahun, at.exception)
        assert kecamatan in at.title[0].value


def test_ringkasan_shows_the_reported_numbers_and_follows_the_year(app_env):
    at = _app()
    at.query_params["kecamatan"] = "Bontang Barat"
    at.run()
    assert not at.exception
    values = {m.label: m.value for m in at.metric}
    assert values["Nilai Survey Kepuasan Masyarakat (SKM)"] == "94,75 Nilai"
    assert at.query_params["tahun"] == ["2024"] or at.query_params["tahun"] == "2024"
    at.sidebar.selectbox(key="tahun").set_value(2023).run()
    assert not at.exception
    values = {m.label: m.value for m in at.metric}
    assert values["Nilai Survey Kepuasan Masyarakat (SKM)"] == "92,60 Nilai"


def test_kecamatan_without_data_says_so(tmp_path, monkeypatch):
    import shutil

    from lkjip.config import DATA_DIR
    from lkjip.db.build import build

    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data, ignore=shutil.ignore_patterns("*.duckdb*"))
    with (data / "wilayah.csv").open("a", encoding="utf-8") as f:  # test-only: a kecamatan with no document yet
        f.write("Kalimantan Timur,Kota Bontang,Kota,Kecamatan Uji Tanpa Data\n")
    db = tmp_path / "uji.duckdb"
    build(db, data)
    monkeypatch.setenv("LKJIP_DB", str(db))
    get_settings.cache_clear()
    try:
        at = _app()
        at.query_params["kecamatan"] = "Kecamatan Uji Tanpa Data"
        at.run()
        assert not at.exception
        assert any("Belum ada data" in i.value for i in at.info)
    finally:
        get_settings.cache_clear()


def test_kualitas_data_lists_the_sakip_contradiction(app_env):
    at = _app()
    at.query_params["kecamatan"] = "Bontang Barat"
    at.switch_page("pages/kualitas_data.py").run()
    assert not at.exception
    df = at.dataframe[0].value
    assert (df["nilai_dilaporkan"] == "78,65").any()


def test_missing_database_gives_an_indonesian_error(tmp_path, monkeypatch):
    monkeypatch.setenv("LKJIP_DB", str(tmp_path / "tidak_ada.duckdb"))
    get_settings.cache_clear()
    try:
        at = _app().run()
        assert not at.exception
        assert "Basis data belum dibuat" in at.error[0].value
    finally:
        get_settings.cache_clear()
