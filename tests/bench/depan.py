"""`python tests/bench/depan.py`: the production front (issue 17, `make serve`) against the plain dev server.

  1. First chart in a fresh browser context (nothing cached), median and p95 of LKJIP_BENCH_REPEAT runs after one
     warm-up: lkjip's Ringkasan and the floor app (tests/bench/kosong.py), through the dev server (`streamlit run`)
     and through the front (nginx, 2 replicas; the floor app 1), on loopback and on an emulated 10 Mbit/s, 40 ms link
     (Chrome DevTools Protocol network emulation).
  2. Bounded load on loopback: 30 concurrent browser sessions (Playwright contexts in one Chromium), each changing
     the kecamatan 10 times, through the front with 1 and with 2 replicas: the filter change's median and p95 and the
     number of errors (a timeout, a page error or a Streamlit exception element), which must be 0.

LKJIP_BENCH_GRAFIK=0 or LKJIP_BENCH_BEBAN=0 skips a part (its last results are kept). Database: LKJIP_BENCH_DB (e.g. the synthetic 7.300 of `make bench`, /tmp/lkjip-bench/7300.duckdb), else the real
data. Targets 127.0.0.1 only. Results: tests/bench/depan.json and a table on stdout. Timings are this machine's at
the time of the run.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from lkjip.config import DEFAULT_DB  # noqa: E402
from lkjip.depan import Depan, hentikan, mulai  # noqa: E402
from tests.bench.bench import DIGAMBAR_ULANG, KOSONG, _stats, sample  # noqa: E402
from tests.peramban import ARGS, CHROMIUM, free_port, serve  # noqa: E402

OUT = Path(__file__).with_name("depan.json")
REPEAT = int(os.environ.get("LKJIP_BENCH_REPEAT", "5"))
SESI = int(os.environ.get("LKJIP_BENCH_SESI", "30"))
GANTI = int(os.environ.get("LKJIP_BENCH_GANTI", "10"))
# 10 Mbit/s down and up, 40 ms added to every request (Chrome's own emulation, per request)
LAMBAT = {"offline": False, "latency": 40, "downloadThroughput": 10e6 / 8, "uploadThroughput": 10e6 / 8}


class Front:
    """A front of ``replika`` replicas of ``skrip`` on a free port, in a temporary run folder."""

    def __init__(self, skrip: Path, db: Path, replika: int) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="lkjip-bench-depan-"))
        self.folder.chmod(0o755)  # readable by nginx's workers
        self.d = Depan(
            run=self.folder / "run", port=free_port(), alamat="127.0.0.1", replika=replika, skrip=skrip, db=db
        )

    def __enter__(self) -> str:
        return mulai(self.d)

    def __exit__(self, *exc: object) -> None:
        hentikan(self.d.run)
        shutil.rmtree(self.folder, ignore_errors=True)


class Dev:
    def __init__(self, skrip: Path, db: Path) -> None:
        self.skrip, self.db = skrip, db

    def __enter__(self) -> str:
        self.proc, url = serve(self.skrip, self.db, error_details="none")
        return url

    def __exit__(self, *exc: object) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=20)


def grafik_pertama(browser, url: str, lambat: bool) -> dict:  # type: ignore[no-untyped-def]
    waktu = []
    for i in range(REPEAT + 1):
        ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = ctx.new_page()
        if lambat:
            cdp = ctx.new_cdp_session(page)
            cdp.send("Network.enable")
            cdp.send("Network.emulateNetworkConditions", LAMBAT)
        t = time.perf_counter()
        page.goto(url, wait_until="commit", timeout=120_000)
        page.wait_for_selector(".js-plotly-plot .main-svg", timeout=120_000)
        if i:
            waktu.append(time.perf_counter() - t)  # run 0 warms the server
        ctx.close()
    return _stats(waktu)


def bagian_grafik_pertama(db: Path, query: str) -> dict:
    from playwright.sync_api import sync_playwright

    hasil: dict = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        for nama, skrip, path, replika in (
            ("lkjip", REPO / "app.py", f"/ringkasan?{query}", 2),
            ("lantai", KOSONG, "/", 1),
        ):
            for jalur, server in (("dev", Dev(skrip, db)), ("depan", Front(skrip, db, replika))):
                with server as url:
                    for jaringan, lambat in (("loopback", False), ("10mbit_40ms", True)):
                        r = grafik_pertama(browser, url + path, lambat)
                        hasil[f"{nama} {jalur} {jaringan}"] = r
                        print(f"   {nama:<6} {jalur:<5} {jaringan:<12} {r}", flush=True)
        browser.close()
    return hasil


async def _sesi(browser, url: str, n: int, waktu: list[float], galat: list[str]) -> None:  # type: ignore[no-untyped-def]
    ctx = await browser.new_context(viewport={"width": 1400, "height": 1000})
    page = await ctx.new_page()
    page.on("pageerror", lambda e: galat.append(f"sesi {n}: {e}"))
    try:
        await asyncio.sleep(n * 0.5)  # a ramp of 15 s: 30 page loads at once stall one Chromium on 2 cores
        await page.goto(url, wait_until="commit", timeout=120_000)
        await page.wait_for_selector(".js-plotly-plot .main-svg", timeout=120_000)
        for i in range(GANTI):
            await page.wait_for_function(
                "() => document.querySelector('[data-testid=\"stApp\"]')?.dataset.testScriptState === 'notRunning'",
                timeout=120_000,
            )
            old = await page.evaluate("() => new URL(location).searchParams.get('kecamatan')")
            box = page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').first
            current = await box.locator("input").input_value()
            options = page.get_by_role("option")
            for _ in range(5):  # a click while a rerun redraws the sidebar can leave the list closed: click again
                await box.click()
                try:
                    await options.first.wait_for(timeout=5_000)
                    break
                except Exception:  # noqa: BLE001 - Playwright's timeout
                    await page.keyboard.press("Escape")
            texts = await options.all_inner_texts()
            others = [j for j, text in enumerate(texts) if text.strip() != current]
            t = time.perf_counter()
            await options.nth(others[(n + i) % len(others)]).click()
            await page.wait_for_function(DIGAMBAR_ULANG, arg=old, timeout=120_000)
            waktu.append(time.perf_counter() - t)
            if await page.locator('[data-testid="stException"]').count():
                galat.append(f"sesi {n}: elemen exception")
    except Exception as exc:  # noqa: BLE001 - counted: the error count must be 0
        galat.append(f"sesi {n}: {type(exc).__name__}: {str(exc)[:200]}")
    finally:
        await ctx.close()


async def _beban(url: str) -> dict:
    from playwright.async_api import async_playwright

    waktu: list[float] = []
    galat: list[str] = []
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        t = time.perf_counter()
        await asyncio.wait_for(
            asyncio.gather(*(_sesi(browser, url, n, waktu, galat) for n in range(SESI))), timeout=1800
        )
        durasi = time.perf_counter() - t
        await browser.close()
    return {
        "sesi": SESI,
        "ganti": len(waktu),
        "galat": galat,
        "jumlah_galat": len(galat),
        "detik": round(durasi, 1),
        **(_stats(waktu) if waktu else {}),
    }


def bagian_beban(db: Path, query: str) -> dict:
    hasil = {}
    for replika in (1, 2):
        with Front(REPO / "app.py", db, replika) as url:
            r = asyncio.run(_beban(f"{url}/ringkasan?{query}"))
        hasil[f"{replika} replika"] = r
        print(f"   beban {replika} replika: {r}", flush=True)
    return hasil


def main() -> int:
    db = Path(os.environ.get("LKJIP_BENCH_DB", DEFAULT_DB))
    params = sample(db)
    query = f"kecamatan={params['kecamatan']}&tahun={params['tahun']}".replace(" ", "+")
    print(f"== {db} ({query})", flush=True)
    hasil = json.loads(OUT.read_text()) if OUT.exists() else {}
    hasil["basis_data"] = str(db)
    if os.environ.get("LKJIP_BENCH_GRAFIK", "1") == "1":
        hasil["grafik_pertama"] = bagian_grafik_pertama(db, query)
    if os.environ.get("LKJIP_BENCH_BEBAN", "1") == "1":
        hasil["beban"] = bagian_beban(db, query)
    OUT.write_text(json.dumps(hasil, indent=1, ensure_ascii=False))
    print(json.dumps(hasil, indent=1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
