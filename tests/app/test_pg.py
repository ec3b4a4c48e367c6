"""The app on the PostgreSQL back end (issue 18): LKJIP_DB=postgresql://... The process builds its own read model at
start and follows PostgreSQL's change sequence; the entry form writes to PostgreSQL; with PostgreSQL away the pages
keep serving what the model holds, say it may not be current, and refuse to save, and all of it resumes when the
server returns, without a restart.

A real PostgreSQL server: skipped loudly without one, a failure under CI=true.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

import psycopg
import pytest
from streamlit.testing.v1 import AppTest

from lkjip.config import REPO_ROOT, get_settings
from lkjip.pg.salin import ke_postgres
from lkjip.pg.server import hentikan_server, mulai_server


def _app() -> AppTest:
    return AppTest.from_file(str(REPO_ROOT / "app.py"), default_timeout=120)


def _model():  # type: ignore[no-untyped-def]
    from pages._data import _model_pg

    return _model_pg()


def _tunggu(syarat, timeout: float = 30.0) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if syarat():
            return True
        time.sleep(0.2)
    return False


@pytest.fixture
def app_pg(monkeypatch, tmp_path: Path, built_db: Path, pg_server):  # type: ignore[no-untyped-def]
    """A PostgreSQL server of this test's own (it is stopped and started again), holding the test data; the app
    pointed at it, with its read model in the test's folder."""
    from pages._data import _model_pg

    folder = Path(tempfile.mkdtemp(prefix="lkjip-pg-app-"))
    server = mulai_server(folder)
    ke_postgres(built_db, server.url)
    monkeypatch.setenv("LKJIP_DB", server.url)
    monkeypatch.setenv("LKJIP_MODEL", str(tmp_path / "model.duckdb"))
    get_settings.cache_clear()
    _model_pg.clear()
    yield server
    try:
        _model().berhenti.set()
    finally:
        _model_pg.clear()
        get_settings.cache_clear()
        hentikan_server(folder)
        shutil.rmtree(folder, ignore_errors=True)


def _entri(at: AppTest, nilai: str) -> AppTest:
    at.session_state["editor-Bontang Barat-2024-TW1-0"] = {
        "edited_rows": {1: {"realisasi": nilai}},
        "added_rows": [],
        "deleted_rows": [],
    }
    return at.run()


def _buka_entri() -> AppTest:
    at = _app()
    at.query_params["kecamatan"] = "Bontang Barat"
    at.query_params["tahun"] = "2024"
    at.switch_page("pages/entri.py").run()
    return at


def test_the_entry_form_saves_to_postgresql_and_the_read_model_follows(app_pg):
    at = _buka_entri()
    assert not at.exception and not at.error
    versi = _model().versi
    at = _entri(at, "87,5")
    at.button(key="simpan-entri").click().run()
    assert not at.exception and not at.error
    assert "1 realisasi disimpan untuk Bontang Barat 2024 TW1" in at.success[0].value
    with psycopg.connect(app_pg.url) as con:  # the import's own row, beside the report's (kept, as on a file)
        assert con.execute(
            "SELECT nilai FROM realisasi WHERE indikator_id = 'BB-IKU2' AND tahun = 2024 AND periode = 'TW1' "
            "AND sumber_dokumen LIKE 'Formulir%'"
        ).fetchall() == [(87.5,)]
    # the page waited for this process's read model to hold its own write: the rerun after "Simpan" shows it at once
    assert _model().versi > versi
    form = at.dataframe[0].value
    assert dict(zip(form["indikator_id"], form["realisasi"], strict=True))["BB-IKU2"] == "87,5"
    lagi = _buka_entri()
    form = lagi.dataframe[0].value
    assert dict(zip(form["indikator_id"], form["realisasi"], strict=True))["BB-IKU2"] == "87,5"
    assert not lagi.warning or not any("tidak terhubung" in w.value for w in lagi.warning)


def test_postgresql_away_the_pages_serve_and_say_so_writes_are_refused_and_all_resumes(app_pg):
    at = _buka_entri()
    assert not at.exception
    hentikan_server(app_pg.folder)
    assert _tunggu(lambda: _model().galat is not None), "pengikut tidak pernah melihat server berhenti"
    time.sleep(5.5)  # past the notice's threshold (pages/_pilihan.BASI_DETIK)
    at = _buka_entri()
    assert not at.exception
    peringatan = " ".join(w.value for w in at.warning)
    assert "data mungkin tidak terbaru" in peringatan
    assert at.title and "Bontang Barat" in at.title[0].value  # still served from the read model
    at = _entri(at, "66")
    at.button(key="simpan-entri").click().run()
    assert not at.exception
    assert any("tidak ada yang disimpan" in e.value for e in at.error), [e.value for e in at.error]
    # the server returns (same port): the follower reconnects, the notice goes, saving works again
    mulai_server(app_pg.folder)
    assert _tunggu(lambda: _model().galat is None and time.time() - _model().terakhir < 2), "pengikut tidak kembali"
    at = _buka_entri()
    assert not any("tidak terhubung" in w.value for w in at.warning)
    at = _entri(at, "66")
    at.button(key="simpan-entri").click().run()
    assert not at.exception and not at.error
    assert "1 realisasi disimpan" in at.success[0].value


def test_a_write_moves_the_page_caches_of_its_own_area_only(app_pg):
    from pages._data import db_versi, versi_cakupan

    at = _buka_entri()
    assert not at.exception
    sebelum = {
        "Bontang Barat": db_versi(kecamatan="Bontang Barat"),
        "Kota Bontang": db_versi(kab_kota="Kota Bontang"),
        "Kalimantan Timur": db_versi(provinsi="Kalimantan Timur"),
        "Kota Bangun": db_versi(kecamatan="Kota Bangun"),
        "Kutai Kartanegara": versi_cakupan("Kalimantan Timur", "Kabupaten Kutai Kartanegara"),
        "Kota Bekasi": db_versi(kab_kota="Kota Bekasi"),
        "Jawa Barat": db_versi(provinsi="Jawa Barat"),
    }
    negeri = db_versi()
    at = _entri(at, "77")
    at.button(key="simpan-entri").click().run()
    assert not at.exception and not at.error
    assert db_versi() > negeri  # the country's caches (every kecamatan's medians) move
    # the write's kecamatan and the areas holding it move
    assert db_versi(kecamatan="Bontang Barat") > sebelum["Bontang Barat"]
    assert db_versi(kab_kota="Kota Bontang") > sebelum["Kota Bontang"]
    assert db_versi(provinsi="Kalimantan Timur") > sebelum["Kalimantan Timur"]
    # another kab/kota of the same provinsi, and another provinsi, keep their caches
    assert db_versi(kecamatan="Kota Bangun") == sebelum["Kota Bangun"]
    assert versi_cakupan("Kalimantan Timur", "Kabupaten Kutai Kartanegara") == sebelum["Kutai Kartanegara"]
    assert db_versi(kab_kota="Kota Bekasi") == sebelum["Kota Bekasi"]
    assert db_versi(provinsi="Jawa Barat") == sebelum["Jawa Barat"]
