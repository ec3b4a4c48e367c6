"""Mode Presentasi in a real browser, at a projector's 1366×768 and at 1920×1080: every slide fits the window
without scrolling, the arrow keys and PageUp/PageDown (a presenter's clicker) step through the slides, the sidebar
starts collapsed (deep link and navigation from Bahan Rapat), and the peers chosen travel in the URL.

Uses Debian's Chromium (/usr/bin/chromium) through Playwright; `playwright install` is never called.
"""

from __future__ import annotations

import os
import re

import pytest

from lkjip.config import REPO_ROOT
from tests.e2e.conftest import aplikasi
from tests.peramban import CHROMIUM, wait_idle

ARTIFACTS = REPO_ROOT / "test-artifacts"

if not CHROMIUM.exists():
    if os.environ.get("CI") == "true":
        pytest.fail(f"Chromium tidak ada di {CHROMIUM}: uji browser wajib di CI", pytrace=False)
    pytest.skip(f"Chromium tidak ada di {CHROMIUM}: uji browser dilewati", allow_module_level=True)

# Kota Bangun 2023 (32 indicators, the longest titles and the most follow-ups) compared with two peers
URL = "/presentasi?kecamatan=Kota+Bangun&tahun=2023&banding=Bantargebang&banding=Bontang+Barat"
UKURAN = [(1366, 768), (1920, 1080)]
KELUAR = """() => { const m = document.querySelector('[data-testid="stMain"]');
  return {dokumen: document.documentElement.scrollHeight, main: m.scrollHeight, tinggi: window.innerHeight,
          mainTampak: m.clientHeight} }"""
SIDEBAR = """() => { const s = document.querySelector('[data-testid="stSidebar"]');
  return s ? s.getBoundingClientRect().right : 0 }"""


@pytest.fixture(scope="module")
def server(built_db):
    with aplikasi(built_db) as url:
        yield url


def _siap(page) -> None:
    assert wait_idle(page, 60), "aplikasi tidak selesai berjalan"
    if page.locator('[data-testid="stPlotlyChart"]').count():
        page.wait_for_selector(".js-plotly-plot .main-svg", timeout=30_000)
        page.wait_for_timeout(300)  # the chart stretches to the window after it is drawn
    assert page.locator('[data-testid="stException"]').count() == 0


def _judul(page) -> str:
    return page.locator("h1").first.inner_text()


def _slide(page) -> int:
    return int(re.search(r"[?&]slide=(\d+)", page.url).group(1))


def _tidak_menggulir(page, where) -> None:
    m = page.evaluate(KELUAR)
    assert m["dokumen"] <= m["tinggi"], (where, m)  # the page itself does not scroll
    assert m["main"] <= m["mainTampak"] + 1, (where, m)  # nor the main block


@pytest.mark.parametrize(("lebar", "tinggi"), UKURAN)
def test_every_slide_fits_the_window_and_the_keys_step_through_them(server, browser, lebar, tinggi):
    page = browser.new_page(viewport={"width": lebar, "height": tinggi})
    page.goto(f"{server}{URL}")
    page.wait_for_selector("h1", timeout=30_000)
    _siap(page)
    assert page.evaluate(SIDEBAR) <= 0, "sidebar tidak tertutup pada tautan langsung"
    total = int(re.search(r"Slide 1 dari (\d+)", page.locator('[data-testid="stProgress"]').inner_text()).group(1))
    assert total >= 12
    ARTIFACTS.mkdir(exist_ok=True)
    seen = []
    for n in range(1, total + 1):
        assert _slide(page) == n
        seen.append(_judul(page))
        _tidak_menggulir(page, (lebar, n, seen[-1]))
        text = page.locator('[data-testid="stMain"]').inner_text()
        assert not re.search(r"\b(None|nan|NaN|<NA>)\b", text), (n, seen[-1])
        page.screenshot(path=str(ARTIFACTS / f"presentasi_{lebar}_{n:02d}.png"))
        if n < total:  # forward, alternately with the arrow key and the clicker's PageDown
            page.keyboard.press("ArrowRight" if n % 2 else "PageDown")
            page.wait_for_function(f"() => location.search.includes('slide={n + 1}')", timeout=30_000)
            _siap(page)
            assert _judul(page) != seen[-1], (n, seen[-1])
    assert any(t.startswith("Perbandingan Kota Bangun, Bantargebang dan Bontang Barat") for t in seen)
    for n, key in ((total - 1, "ArrowLeft"), (total - 2, "PageUp")):  # and back
        page.keyboard.press(key)
        page.wait_for_function(f"() => location.search.includes('slide={n}')", timeout=30_000)
        _siap(page)
        assert _judul(page) == seen[n - 1], (key, n)
    assert page.evaluate(SIDEBAR) <= 0
    page.close()


def test_first_slides_by_arrow_and_page_keys(server, browser):
    """ArrowRight / PageDown go to slide 2, ArrowLeft / PageUp back to 1: the heading changes and the URL says so."""
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    page.goto(f"{server}/presentasi?kecamatan=Bantargebang&tahun=2024")
    page.wait_for_selector("h1", timeout=30_000)
    _siap(page)
    pertama = _judul(page)
    assert pertama == "Evaluasi Kinerja Kecamatan Bantargebang Tahun 2024"
    for maju, mundur in (("ArrowRight", "ArrowLeft"), ("PageDown", "PageUp")):
        page.keyboard.press(maju)
        page.wait_for_function("() => location.search.includes('slide=2')", timeout=30_000)
        _siap(page)
        assert _judul(page) == "Ringkasan capaian indikator utama", maju
        page.keyboard.press(mundur)
        page.wait_for_function("() => location.search.includes('slide=1')", timeout=30_000)
        _siap(page)
        assert _judul(page) == pertama, mundur
    page.close()


def test_opened_from_bahan_rapat_with_the_sidebar_collapsed_and_the_same_peers(server, browser):
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    page.goto(f"{server}/bahan_rapat?kecamatan=Kota+Bangun&tahun=2023&banding=Bantargebang")
    page.wait_for_selector("h1", timeout=30_000)
    _siap(page)
    assert page.evaluate(SIDEBAR) > 0  # the other pages keep their sidebar
    assert "Bantargebang" in page.locator('[data-testid="stMultiSelect"]').inner_text()
    page.get_by_text("Buka mode presentasi").click()
    page.wait_for_url("**/presentasi**", timeout=30_000)
    page.wait_for_selector("h1", timeout=30_000)
    _siap(page)
    assert page.evaluate(SIDEBAR) <= 0, "sidebar tidak tertutup setelah pindah dari Bahan Rapat"
    assert "banding=Bantargebang" in page.url and "slide=1" in page.url
    page.close()
