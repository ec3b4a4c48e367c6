"""Real browser journeys of Entri Triwulan: a partly filled period opens without problems, one realisasi typed into
the grid is saved and shown, and a second person saving the same row is told what the first one saved.

Runs on a copy of the session's database (the app writes to it). Uses Debian's Chromium (/usr/bin/chromium) through
Playwright; without Chromium the tests are skipped loudly, except under CI=true where that is a failure.
"""

from __future__ import annotations

import os
import shutil

import pytest

from lkjip.config import REPO_ROOT
from tests.e2e.conftest import aplikasi
from tests.e2e.formulir import idle as _idle
from tests.e2e.formulir import isian as _form
from tests.e2e.formulir import ketik as _type
from tests.e2e.formulir import tabel as _table
from tests.e2e.formulir import teks as _text
from tests.peramban import CHROMIUM

ARTIFACTS = REPO_ROOT / "test-artifacts"
FORM = "/entri?kecamatan=Bontang+Barat&tahun=2024"  # TW1 2024: BB-IKU3 filled, the other three empty

if not CHROMIUM.exists():
    if os.environ.get("CI") == "true":
        pytest.fail(f"Chromium tidak ada di {CHROMIUM}: uji browser wajib di CI", pytrace=False)
    pytest.skip(f"Chromium tidak ada di {CHROMIUM}: uji browser dilewati", allow_module_level=True)


@pytest.fixture(scope="module")
def db(built_db, tmp_path_factory):
    path = tmp_path_factory.mktemp("entri") / "lkjip.duckdb"
    shutil.copy(built_db, path)
    return path


@pytest.fixture(scope="module")
def server(db):
    with aplikasi(db) as url:
        yield url


def _open(browser, url: str):  # type: ignore[no-untyped-def]
    """A new visitor (own browser context, so an own Streamlit session) on the form."""
    page = browser.new_context(viewport={"width": 1400, "height": 1400}).new_page()
    page.goto(url + FORM)
    page.wait_for_selector('[data-testid="stDataFrame"]', timeout=30_000)
    _idle(page)
    return page


def _save(page, who: str) -> None:  # type: ignore[no-untyped-def]
    page.get_by_label("Nama petugas (dicatat di Log Perubahan)").fill(who)
    page.keyboard.press("Enter")
    _idle(page)
    page.get_by_role("button", name="Simpan").click()
    page.locator('[data-testid="stAlert"]').first.wait_for(timeout=30_000)
    _idle(page)


def _shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def test_one_realisasi_typed_into_a_partly_filled_period_is_saved_and_shown(server, browser):
    page = _open(browser, server)
    assert "masalah" not in _text(page)  # the empty rows are "not yet", not errors
    assert page.locator('[data-testid="stException"]').count() == 0
    before = _form(page)
    assert before["BB-IKU3"] == "100" and before["BB-IKU2"] == ""

    _type(page, 1, "87,5")  # BB-IKU2
    assert "masalah" not in _text(page)
    assert _table(page, 1) == [["Realisasi", "BB-IKU2 2024 TW1", "Nilai", "–", "87,50", "baru"]]  # the preview
    _save(page, "Uji Peramban")
    _shot(page, "entri-disimpan")
    assert "1 realisasi disimpan untuk Bontang Barat 2024 TW1" in _text(page)
    after = _form(page)
    assert after["BB-IKU2"] == "87,5" and after["BB-IKU3"] == "100" and after["BB-IKU1"] == ""

    page.reload()  # a new session: the value comes from the database
    page.wait_for_selector('[data-testid="stDataFrame"]', timeout=30_000)
    _idle(page)
    assert _form(page)["BB-IKU2"] == "87,5" and "masalah" not in _text(page)

    page.goto(server + "/audit")
    page.wait_for_selector('[data-testid="stDataFrame"]', timeout=30_000)
    _idle(page)
    nilai = [r for r in _table(page) if r[1:4] == ["Realisasi", "BB-IKU2 2024 TW1", "Nilai"]]
    # the typed name and, since there is no sign-in, the local mode as the role
    assert [r[4:] for r in nilai] == [
        ["–", "87,50", "Formulir Bontang Barat 2024 TW1", "Uji Peramban", "Mode lokal", nilai[0][-1]]
    ]
    page.context.close()


def test_the_second_person_saving_the_same_row_sees_the_first_ones_value(server, browser):
    siti, budi = _open(browser, server), _open(browser, server)  # both open the form before either saves
    _type(siti, 0, "95,10")  # BB-IKU1
    _type(budi, 0, "96")
    _save(siti, "Siti")
    assert "1 realisasi disimpan" in _text(siti)

    _save(budi, "Budi")
    _shot(budi, "entri-ditolak")
    shown = _text(budi)
    assert "Data berubah sejak dibuka" in shown and "(BB-IKU1) 2024 TW1: kini tersimpan 95,10" in shown
    assert "disimpan untuk" not in shown
    assert _table(budi, 1) == [
        ["Realisasi", "BB-IKU1 2024 TW1", "Nilai", "95,10", "96,00", "berubah"]
    ]  # the preview now

    third = _open(browser, server)
    assert _form(third)["BB-IKU1"] == "95,1"  # Siti's value, not overwritten by Budi's
    for p in (siti, budi, third):
        p.context.close()


def test_on_postgresql_the_saved_value_shows_in_the_form_at_once(built_db, pg_url, browser, tmp_path):
    """The same journey with PostgreSQL as the system of record: the write goes to PostgreSQL and comes back through
    this replica's follower; the page waits for it, so the form shows the saved value right after "Simpan"."""
    from lkjip.pg.salin import ke_postgres
    from tests.peramban import serve

    berkas = tmp_path / "asal.duckdb"
    shutil.copy(built_db, berkas)
    ke_postgres(berkas, pg_url)
    proc, url = serve(REPO_ROOT / "app.py", pg_url, env={"LKJIP_MODEL": str(tmp_path / "model.duckdb")})
    try:
        page = _open(browser, url)
        assert _form(page)["BB-IKU2"] == ""
        _type(page, 1, "87,5")
        _save(page, "Uji PostgreSQL")
        _shot(page, "entri-pg-disimpan")
        assert "1 realisasi disimpan untuk Bontang Barat 2024 TW1" in _text(page)
        assert _form(page)["BB-IKU2"] == "87,5"  # no reload: read back from this replica's model
        assert "belum menerimanya" not in _text(page) and "tidak terhubung" not in _text(page)
        page.context.close()
    finally:
        proc.terminate()
        proc.wait(timeout=10)
