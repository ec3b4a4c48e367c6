"""Real browser journeys: the app starts, every page opens by deep link and renders without an error element.

Uses Debian's Chromium (/usr/bin/chromium) through Playwright; `playwright install` is never called.
Without Chromium the tests are skipped loudly, except under CI=true where that is a failure.
"""

from __future__ import annotations

import os

import pytest

from lkjip.config import REPO_ROOT
from tests.e2e.conftest import aplikasi
from tests.peramban import CHROMIUM, wait_idle

ARTIFACTS = REPO_ROOT / "test-artifacts"

if not CHROMIUM.exists():
    if os.environ.get("CI") == "true":
        pytest.fail(f"Chromium tidak ada di {CHROMIUM}: uji browser wajib di CI", pytrace=False)
    pytest.skip(f"Chromium tidak ada di {CHROMIUM}: uji browser dilewati", allow_module_level=True)


@pytest.fixture(scope="module")
def server(built_db):
    with aplikasi(built_db) as url:
        yield url


def _wait_idle(page, timeout: float = 60.0) -> None:
    assert wait_idle(page, timeout), "aplikasi tidak selesai berjalan"


def _open(browser, url: str, name: str):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(url)
    page.wait_for_selector('[data-testid="stAppViewContainer"]', timeout=30_000)
    page.wait_for_selector("h1", timeout=30_000)
    _wait_idle(page)
    if page.locator('[data-testid="stPlotlyChart"]').count():
        page.wait_for_selector(".js-plotly-plot .main-svg", timeout=30_000)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.locator('[role="dialog"]').count() == 0, page.locator(
        '[role="dialog"]'
    ).all_inner_texts()  # "not found"
    return page


PAGES = [
    ("/entri", "Entri Triwulan"),  # first: a deep link opened first after a server start goes through app.py too
    ("/", "Ringkasan Kinerja"),
    ("/ringkasan", "Ringkasan Kinerja"),  # the home page's own name, as shared links and the README use it
    ("/target_realisasi", "Target vs Realisasi"),
    ("/triwulan", "Progres Triwulan"),
    ("/skm", "SKM per Unsur"),
    ("/anggaran", "Anggaran & Efisiensi"),
    ("/benchmark", "Benchmark Antar Kecamatan"),
    ("/kualitas_data", "Kualitas Data"),
    ("/sumber", "Sumber & Metodologi"),
    ("/bahan_rapat", "Bahan Rapat Evaluasi"),
    ("/presentasi", "Evaluasi Kinerja Kecamatan Bantargebang"),  # the first slide's title
    ("/impor", "Impor Data"),
    ("/audit", "Log Perubahan"),
]
NAVIGATION = ["Kinerja", "Entri Data", "Rapat Evaluasi"]


@pytest.mark.parametrize(("path", "heading"), PAGES)
def test_deep_link_renders_page(server, browser, path, heading):
    name = path.strip("/") or "ringkasan"
    page = _open(browser, f"{server}{path}?kecamatan=Bantargebang&tahun=2024", name)
    assert heading in page.locator("h1").first.inner_text()
    nav = page.locator('[data-testid="stSidebarNav"]').inner_text()
    assert all(group in nav for group in NAVIGATION), nav  # app.py's navigation, not the pages/ file names
    page.close()


def test_ringkasan_draws_the_capaian_chart_and_follows_the_url(server, browser):
    page = _open(browser, f"{server}/ringkasan?kecamatan=Bontang+Barat&tahun=2023", "ringkasan_2023")
    page.wait_for_selector(".js-plotly-plot", timeout=30_000)
    assert "92,60" in page.locator('[data-testid="stMetric"]').all_inner_texts()[4]
    page.close()


def test_kecamatan_filter_changes_the_charts(server, browser):
    page = _open(browser, f"{server}/skm?kecamatan=Bantargebang&tahun=2024", "skm_bantargebang")
    # each chart's finding is the heading above it (page text, so it wraps on a phone)
    before = page.locator(".lkjip-judul-grafik").first.text_content()
    assert "Bantargebang" in before
    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=30_000)
    page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').first.click()
    page.get_by_role("option", name="Kota Bangun (Kabupaten Kutai Kartanegara)").click()
    page.wait_for_function(
        "() => [...document.querySelectorAll('.lkjip-judul-grafik')].some(t => t.textContent.includes('Kota Bangun'))",
        timeout=30_000,
    )
    page.screenshot(path=str(ARTIFACTS / "skm_kota_bangun.png"), full_page=True)
    assert "kecamatan=Kota+Bangun" in page.url or "kecamatan=Kota%20Bangun" in page.url
    assert page.locator('[data-testid="stException"]').count() == 0
    page.close()


def test_the_app_asks_nothing_of_other_hosts(server, browser):
    """A kecamatan office may be offline or filtered: every file the pages need comes from the app's own server
    (a Material page icon made the browser fetch the tab icon from fonts.gstatic.com)."""
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    elsewhere: list[str] = []
    page.on("request", lambda r: elsewhere.append(r.url) if not r.url.startswith((server, "data:", "blob:")) else None)
    for path in ("/ringkasan", "/skm", "/benchmark"):
        page.goto(f"{server}{path}?kecamatan=Bantargebang&tahun=2024")
        page.wait_for_selector("h1", timeout=30_000)
        _wait_idle(page)
        if page.locator('[data-testid="stPlotlyChart"]').count():
            page.wait_for_selector(".js-plotly-plot .main-svg", timeout=30_000)
    page.close()
    assert elsewhere == []
