"""The camat's journeys in a real browser (Chromium): the chosen kecamatan and year follow every link and the
browser's back button, a kecamatan opens on a year with annual realisation, and chosen kecamatan stand side by
side on /banding. Each test asserts what is on the screen: the h1, the URL, the values in the table."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import urllib.parse

import pytest

from lkjip.config import REPO_ROOT
from tests.e2e.conftest import aplikasi
from tests.peramban import CHROMIUM, wait_idle

if not CHROMIUM.exists():
    if os.environ.get("CI") == "true":
        pytest.fail(f"Chromium tidak ada di {CHROMIUM}: uji browser wajib di CI", pytrace=False)
    pytest.skip(f"Chromium tidak ada di {CHROMIUM}: uji browser dilewati", allow_module_level=True)

ARTIFACTS = REPO_ROOT / "test-artifacts"


@pytest.fixture(scope="module")
def server(built_db):
    with aplikasi(built_db) as url:
        yield url


@pytest.fixture(scope="module")
def server_2025(built_db, tmp_path_factory):
    """A copy of the database after one TW1 2025 value is imported for Bontang Barat (a year under way)."""
    db = tmp_path_factory.mktemp("tw2025") / "lkjip.duckdb"
    shutil.copy(built_db, db)
    code = (
        "import sys; from pathlib import Path; from lkjip.db.repository import Repository;"
        "from lkjip.io.impor import formulir_ke_lembar, periksa_lembar, terapkan;"
        "db = Path(sys.argv[1]); r = Repository.open(db, read_only=True);"
        "rows = [{'kecamatan': 'Bontang Barat', 'indikator': 'BB-IKU1', 'tahun': 2025, 'periode': 'TW1',"
        " 'realisasi': '93,1'}];"
        "p = periksa_lembar(r, 'uji-tw1-2025', formulir_ke_lembar('realisasi', rows), 'a' * 64); r.close();"
        "print(terapkan(db, p, pengguna='uji'))"
    )
    subprocess.run([sys.executable, "-c", code, str(db)], check=True, cwd=REPO_ROOT)
    with aplikasi(db) as url:
        yield url


def _idle(page) -> None:
    assert wait_idle(page, 60), "aplikasi tidak selesai berjalan"
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.locator('[role="dialog"]').count() == 0  # no "Page not found"


def _query(page) -> dict[str, list[str]]:
    return urllib.parse.parse_qs(urllib.parse.urlparse(page.url).query)


def _h1(page) -> str:
    return page.locator("h1").first.inner_text()


def _nav(page, path: str) -> None:
    page.locator(f'[data-testid="stSidebarNavLink"][href$="/{path}"]').click()
    _idle(page)


WITH_FILTER = ["target_realisasi", "triwulan", "skm", "anggaran", "kualitas_data", "bahan_rapat", "entri"]


def test_the_choice_follows_every_sidebar_link_and_the_back_button(server, browser):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(f"{server}/ringkasan?kecamatan=Kota+Bangun&tahun=2022")
    _idle(page)
    assert "Kota Bangun" in _h1(page)
    for path in [*WITH_FILTER, "sumber", "benchmark", "skm"]:
        _nav(page, path)
        if path in WITH_FILTER:  # the page shows the chosen kecamatan and year, and its URL says so
            assert "Kota Bangun" in _h1(page), (path, _h1(page))
            assert _query(page).get("kecamatan") == ["Kota Bangun"] and _query(page).get("tahun") == ["2022"], (
                path,
                page.url,
            )
    # a choice in the selectbox follows too
    page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').first.click()
    page.get_by_role("option", name="Bontang Barat (Kota Bontang)").click()
    _idle(page)
    assert "Bontang Barat" in _h1(page)
    _nav(page, "anggaran")
    assert "Bontang Barat" in _h1(page) and _query(page)["kecamatan"] == ["Bontang Barat"]
    # the year 2022 exists for Bontang Barat too: it stayed chosen
    assert _query(page)["tahun"] == ["2022"]
    page.go_back()
    _idle(page)
    assert "Bontang Barat" in _h1(page), _h1(page)  # back never shows another kecamatan
    page.screenshot(path=str(ARTIFACTS / "journey_back.png"))
    page.close()


def test_a_link_from_outside_wins_and_an_unknown_kecamatan_is_named(server, browser):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(f"{server}/ringkasan?kecamatan=Kota+Bangun")
    _idle(page)
    page.goto(f"{server}/skm?kecamatan=Bantargebang&tahun=2023")  # a shared link in the same tab
    _idle(page)
    assert "Bantargebang" in _h1(page) and _query(page)["tahun"] == ["2023"]
    page.goto(f"{server}/skm?kecamatan=Bontang+Baratt")
    _idle(page)
    assert _h1(page) == "Kecamatan tidak ditemukan"
    text = page.locator('[data-testid="stMain"]').inner_text()
    assert "Bontang Baratt" in text and "Maksud Anda Bontang Barat?" in text
    assert page.locator('[data-testid="stPlotlyChart"]').count() == 0  # nothing of another kecamatan
    page.close()


def test_a_kecamatan_opens_on_its_latest_year_with_annual_realisation(server_2025, browser):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(f"{server_2025}/ringkasan?kecamatan=Bontang+Barat")
    _idle(page)
    assert _query(page)["tahun"] == ["2024"]  # not 2025, which has one TW1 value only
    assert page.locator('[data-testid="stMetric"]').count() >= 4
    page.goto(f"{server_2025}/ringkasan?kecamatan=Bontang+Barat&tahun=2025")  # still choosable
    _idle(page)
    text = page.locator('[data-testid="stMain"]').inner_text()
    assert "baru berisi data triwulan (sampai TW1)" in text and "Belum ada data capaian" not in text
    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=30_000)  # the quarters to date are drawn
    assert "Nilai Survey Kepuasan Masyarakat (SKM)" in text
    page.screenshot(path=str(ARTIFACTS / "ringkasan_2025.png"), full_page=True)
    page.close()


def test_three_kecamatan_side_by_side_on_banding(server, browser):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(f"{server}/banding?kecamatan=Bontang+Barat&kecamatan=Kota+Bangun&kecamatan=Bantargebang")
    _idle(page)
    assert _h1(page) == "Perbandingan Kecamatan"
    grid = page.locator('[data-testid="stDataFrame"]').first
    assert grid.locator('[role="columnheader"]').all_inner_texts()[:4] == [
        "Ukuran",
        "Bontang Barat",
        "Kota Bangun",
        "Bantargebang",
    ]
    cells = grid.locator('[role="gridcell"]').all_inner_texts()
    ikm = cells[cells.index("IKM (SKM)") : cells.index("IKM (SKM)") + 5]
    # each value with its mutu and its year, and the mark that the years and methods differ
    assert ikm[1:4] == ["94,75 A · 2024", "83,51 B · 2023", "81,18 B · 2024"]
    assert "tahun berbeda" in ikm[4]
    sakip = cells[cells.index("Nilai SAKIP") : cells.index("Nilai SAKIP") + 4]
    assert sakip[1:4] == ["78,65 BB · 2023", "67,00 B · 2023", "74,78 BB · 2024"]
    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=30_000)
    assert page.locator('[data-testid="stPlotlyChart"]').count() == 2  # themes, and SKM per unsur
    assert _query(page)["kecamatan"] == ["Bontang Barat", "Kota Bangun", "Bantargebang"]
    page.screenshot(path=str(ARTIFACTS / "banding.png"), full_page=True)
    # removing one kecamatan changes the shareable URL
    page.locator('[data-testid="stMultiSelect"] .react-aria-ComboBox button[aria-label^="Remove Kota Bangun"]').click()
    _idle(page)
    assert _query(page)["kecamatan"] == ["Bontang Barat", "Bantargebang"]
    page.close()
