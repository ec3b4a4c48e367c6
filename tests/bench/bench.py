"""`make bench`: what the dashboard costs as the data grows, beside the floor it cannot go below.

For the real data and synthetic sizes (100, 1.000 and 7.300 kecamatan by default; LKJIP_BENCH_SIZES to choose) it
measures, median and p95 over repeated runs:

  a. every named page query through the app's Repository (pandas), and the same SQL bare in DuckDB (Arrow): floor;
  b. every page's full script run with AppTest, and an empty Streamlit page's run: floor;
  c. in headless Chromium against a running server: a fresh browser context to the first drawn chart (cold start;
     and, for reference, a second tab of the same browser: a returning visitor with the files cached), and a filter
     change (another kab/kota or kecamatan in the sidebar) to the charts re-drawn for it; the floor is
     the same two steps on an empty Streamlit app (a text and a selectbox);
  d. the server process's peak memory (VmHWM) after the browser runs, and the synthetic build's time and peak memory;
  e. every page in a fresh browser context, from its URL to each of its charts drawn (with the number of charts);
  f. on the real data, a bounded soak (tests/bench/soak.py): 3 browser sessions changing pages and filters while 20
     imports swap the file; the number of errors, which must be 0.

Results: tests/bench/hasil.json (every number) and tests/bench/hasil.md (tables, budgets of issue 7 marked).
Synthetic databases are built once into LKJIP_BENCH_DIR (default /tmp/lkjip-bench), never into data/.
LKJIP_BENCH_PARTS=browser (or kueri, halaman, browser_halaman) re-measures one part and keeps the others' last results.
Timings are for this machine at the time of the run; the tests never assert on them.
"""

from __future__ import annotations

import json
import logging
import os
import re
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

import duckdb

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from lkjip.calc.periode import PERIODE_URUT  # noqa: E402
from lkjip.config import DEFAULT_DB  # noqa: E402
from lkjip.db.queries import QUERIES  # noqa: E402
from lkjip.db.repository import Repository  # noqa: E402
from tests.peramban import ARGS, CHROMIUM, serve, wait_idle  # noqa: E402

OUT = Path(__file__).with_name("hasil.json")
REPORT = Path(__file__).with_name("hasil.md")
BENCH_DIR = Path(os.environ.get("LKJIP_BENCH_DIR", "/tmp/lkjip-bench"))
SIZES = os.environ.get("LKJIP_BENCH_SIZES", "nyata,100,1000,7300").split(",")
REPEAT = int(os.environ.get("LKJIP_BENCH_REPEAT", "7"))
PARTS = os.environ.get("LKJIP_BENCH_PARTS", "kueri,halaman,browser,browser_halaman,soak").split(
    ","
)  # one part: re-measure
PAGES = [
    "ringkasan",
    "target_realisasi",
    "triwulan",
    "skm",
    "anggaran",
    "benchmark",
    "banding",
    "kualitas_data",
    "sumber",
    "bahan_rapat",
    "presentasi",
    "entri",
    "impor",
    "audit",
    "persetujuan",
    "status",
]
KOSONG = Path(__file__).with_name("kosong.py")  # the floor: a selectbox and one Plotly chart


logging.getLogger("streamlit").setLevel(logging.ERROR)  # AppTest's bare-mode warnings, once per run


def _stats(xs: list[float]) -> dict[str, float]:
    xs = sorted(xs)
    p95 = xs[min(len(xs) - 1, round(0.95 * (len(xs) - 1)))]
    return {"median": round(statistics.median(xs), 4), "p95": round(p95, 4), "n": len(xs)}


def _timed(fn, repeat: int = REPEAT) -> list[float]:  # type: ignore[no-untyped-def]
    fn()  # warm-up: the first run pays for imports and caches; it is reported separately where it matters
    out = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return out


# ---------------------------------------------------------------- databases
def database(size: str) -> tuple[Path, dict]:
    """The database of one size, built when missing (build time and peak memory recorded)."""
    if size == "nyata":
        subprocess.run([sys.executable, "-m", "lkjip", "build", "--if-stale"], cwd=REPO, check=True)
        return Path(os.environ.get("LKJIP_DB", DEFAULT_DB)), {}
    n = int(size)
    path = BENCH_DIR / f"sintetis_{n}.duckdb"
    info_path = path.with_suffix(".json")
    if path.exists() and info_path.exists():
        return path, json.loads(info_path.read_text())
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "lkjip", "synth", "--kecamatan", str(n), "--tahun", "2017-2026", "--out", str(path)],
        cwd=REPO,
        check=True,
    )
    info = {
        "bangun_detik": round(time.perf_counter() - t, 1),
        # ru_maxrss of children is the largest child so far: exact for the first build, a lower bound after
        "bangun_memori_mb": round(max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024),
        "berkas_mb": round(path.stat().st_size / 1e6),
    }
    info_path.write_text(json.dumps(info))
    return path, info


def sample(db: Path) -> dict[str, object]:
    """Parameters a user would pick: the kecamatan with the most capaian rows and its latest complete year."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        kecamatan = con.execute(
            "SELECT kecamatan FROM hitung_capaian GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1"
        ).fetchone()[0]
    finally:
        con.close()
    r = Repository.open(db)
    try:
        years = [int(t) for t in r.fetch("tahun_list", kecamatan=kecamatan)["tahun"]]
    finally:
        r.close()
    tahun = years[1] if len(years) > 1 else years[0]
    return {
        "kecamatan": kecamatan,
        "tahun": tahun,
        "periode": "TW1",
        "topik": "%",
        "tema": "kepuasan_layanan",
        "provinsi": None,
        "kab_kota": None,
        "urut": list(PERIODE_URUT),
        # the workflow's reads (issue 16): one period's state and history, a user, the status matrix's periods
        "jenis": "realisasi",
        "kunci": f"realisasi TW1 {tahun} {kecamatan}",
        "email": "admin@contoh.go.id",
        "daftar_periode": ["TW1", "TW2", "TW3", "TW4", "Tahunan"],
    }


# ---------------------------------------------------------------- a. queries
def bench_queries(db: Path, params: dict) -> dict:
    out = {}
    repo = Repository.open(db)
    bare = duckdb.connect(str(db), read_only=True)
    try:
        for name, sql in QUERIES.items():
            if name.startswith("_"):
                continue  # the derive step's inputs run on writes, not on page views
            need = {p: params[p] for p in dict.fromkeys(re.findall(r"\$(\w+)", sql))}
            if name.endswith("_daftar") and "kecamatan" in need:  # the Perbandingan reads: a list of kecamatan
                need["kecamatan"] = [params["kecamatan"]]
            app = _timed(lambda n=name, k=need: repo.fetch(n, **k))
            floor = _timed(lambda s=sql, k=need: bare.sql(s, params=k or None).to_arrow_table())
            rows = len(repo.fetch(name, **need))
            out[name] = {"baris": rows, "app": _stats(app), "lantai": _stats(floor)}
    finally:
        repo.close()
        bare.close()
    return out


# ---------------------------------------------------------------- b. pages (AppTest)
def bench_pages(db: Path, params: dict) -> dict:
    from streamlit.testing.v1 import AppTest

    from lkjip.config import get_settings

    os.environ["LKJIP_DB"] = str(db)
    get_settings.cache_clear()

    def run(page: str) -> None:
        at = AppTest.from_file(str(REPO / "app.py"), default_timeout=600)
        if page != "banding":  # /banding without a link: the default kecamatan and its peers side by side
            at.query_params["kecamatan"] = str(params["kecamatan"])
            at.query_params["tahun"] = str(params["tahun"])
        at.switch_page(f"pages/{page}.py").run()
        if at.exception:
            raise RuntimeError(f"{page}: {at.exception[0].message}")

    out = {}
    for page in PAGES:
        t = time.perf_counter()
        run(page)
        first = time.perf_counter() - t
        out[page] = {"pertama": round(first, 4), **_stats(_timed(lambda p=page: run(p), max(3, REPEAT // 2)))}

    def empty() -> None:
        AppTest.from_file(str(KOSONG), default_timeout=60).run()

    out["(halaman kosong)"] = {"pertama": None, **_stats(_timed(empty, REPEAT))}
    return out


# ---------------------------------------------------------------- c, d. browser and memory
def _vmhwm_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    return float("nan")


# the page shows the newly chosen kecamatan, nothing is stale or running, and its charts are drawn
DIGAMBAR_ULANG = """(old) => { const k = new URL(location).searchParams.get('kecamatan');
  const h = document.querySelector('h1');
  return !!k && k !== old && !!h && h.textContent.includes(k)
    && !document.querySelector('[data-stale="true"]') && !document.querySelector('[data-testid="stStatusWidget"]')
    && document.querySelectorAll('.js-plotly-plot .main-svg').length > 0; }"""


# the same end state on the floor app: the new value shown, its chart drawn, nothing stale or running
LANTAI_SELESAI = """(text) => document.body.innerText.includes(text)
    && !document.querySelector('[data-stale="true"]') && !document.querySelector('[data-testid="stStatusWidget"]')
    && document.querySelectorAll('.js-plotly-plot .main-svg').length > 0"""


def bench_browser(db: Path, params: dict) -> dict:
    from playwright.sync_api import sync_playwright

    app_proc, app_url = serve(REPO / "app.py", db)
    floor_proc, floor_url = serve(KOSONG, db)
    start, change, floor_start, floor_change, again = [], [], [], [], []
    query = f"kecamatan={params['kecamatan']}&tahun={params['tahun']}".replace(" ", "+")
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
            for i in range(REPEAT + 1):
                ctx = browser.new_context(viewport={"width": 1400, "height": 1000})  # fresh: nothing cached
                page = ctx.new_page()
                t = time.perf_counter()
                page.goto(f"{app_url}/ringkasan?{query}")
                page.wait_for_selector(".js-plotly-plot .main-svg", timeout=120_000)
                if i:
                    start.append(time.perf_counter() - t)  # run 0 warms the server (imports, first connection)
                wait_idle(page, 120, 300)
                old = page.evaluate("() => new URL(location).searchParams.get('kecamatan')")
                boxes = page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]')
                box = boxes.nth(1) if boxes.count() >= 4 else boxes.nth(0)  # kab/kota when shown, else kecamatan
                current = box.locator("input").input_value()
                box.click()
                options = page.get_by_role("option")
                others = [j for j, text in enumerate(options.all_inner_texts()) if text.strip() != current]
                pick = options.nth(others[i % len(others)])
                t = time.perf_counter()
                pick.click()
                page.wait_for_function(DIGAMBAR_ULANG, arg=old, timeout=120_000)
                if i:
                    change.append(time.perf_counter() - t)
                # a returning visitor: a new tab in the same browser (static files and compiled scripts cached)
                page = ctx.new_page()
                t = time.perf_counter()
                page.goto(f"{app_url}/ringkasan?{query}")
                page.wait_for_selector(".js-plotly-plot .main-svg", timeout=120_000)
                if i:
                    again.append(time.perf_counter() - t)
                ctx.close()

                ctx = browser.new_context()
                page = ctx.new_page()
                t = time.perf_counter()
                page.goto(floor_url)
                page.wait_for_selector("text=Lantai", timeout=60_000)
                if i:
                    floor_start.append(time.perf_counter() - t)
                page.locator('[data-testid="stSelectbox"]').first.click()
                t = time.perf_counter()
                page.get_by_role("option", name=f"Pilihan {2 + i % 2}").click()
                page.wait_for_function(LANTAI_SELESAI, arg=f"Dipilih: Pilihan {2 + i % 2}", timeout=60_000)
                if i:
                    floor_change.append(time.perf_counter() - t)
                ctx.close()
            browser.close()
        memory = _vmhwm_mb(app_proc.pid)
        floor_memory = _vmhwm_mb(floor_proc.pid)
    finally:
        for proc in (app_proc, floor_proc):
            proc.terminate()
            proc.wait(timeout=20)
    return {
        "mulai_ke_grafik": _stats(start),
        "mulai_lagi_ke_grafik": _stats(again),
        "ganti_filter": _stats(change),
        "lantai_mulai": _stats(floor_start),
        "lantai_ganti": _stats(floor_change),
        "memori_app_mb": memory,
        "memori_lantai_mb": floor_memory,
    }


# every page's script has finished (its title shown, nothing running or loading) and each of its charts is drawn
HALAMAN_SELESAI = """() => !!document.querySelector('h1')
    && document.querySelector('[data-testid="stApp"]')?.dataset.testScriptState === 'notRunning'
    && !document.querySelector('[data-testid="stStatusWidget"]') && !document.querySelector('[data-testid="stSkeleton"]')
    && !document.querySelector('[data-testid="stSpinner"]')
    && [...document.querySelectorAll('[data-testid="stPlotlyChart"]')].every(c => c.querySelector('.main-svg'))"""


def bench_browser_pages(db: Path, params: dict) -> dict:
    """Each page in a fresh browser context: from opening its URL to every chart drawn (the filter change and first
    chart above are the Ringkasan's; a page with many charts is slow in the browser, not in AppTest)."""
    from playwright.sync_api import sync_playwright

    proc, url = serve(REPO / "app.py", db)
    query = f"kecamatan={params['kecamatan']}&tahun={params['tahun']}".replace(" ", "+")
    out: dict[str, dict] = {}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
            for page_name in ["ringkasan", *PAGES]:  # the first visit warms the server and is not counted
                times, charts = [], 0
                for _ in range(max(3, REPEAT // 3)):
                    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
                    page = ctx.new_page()
                    t = time.perf_counter()
                    page.goto(f"{url}/{page_name}" + ("" if page_name == "banding" else f"?{query}"))
                    page.wait_for_function(HALAMAN_SELESAI, timeout=180_000, polling=50)
                    times.append(time.perf_counter() - t)
                    charts = page.evaluate("() => document.querySelectorAll('[data-testid=\"stPlotlyChart\"]').length")
                    ctx.close()
                out[page_name] = {**_stats(times), "grafik": charts}
            browser.close()
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    return out


# ---------------------------------------------------------------- report
def _rasio(x: float) -> str:
    return f"{x:.2f}×".replace(".", ",")


def _ms(x: float | None) -> str:
    return "–" if x is None else f"{x * 1000:,.0f}".replace(",", ".")


def _tabel_halaman(results: dict, part: str, pages: list[str]) -> list[str]:
    """One row per page, median / p95 per size (and the number of charts, where the part counted them)."""
    sizes = list(results)
    grafik = part == "browser_halaman"
    head = " med / p95 · grafik" if grafik else " med / p95"
    lines = ["| halaman | " + " | ".join(f"{s}{head}" for s in sizes) + " |", "|---|" + "---|" * len(sizes)]
    for page in pages:
        cells = []
        for s in sizes:
            p = results[s].get(part, {}).get(page)
            cell = f"{_ms(p['median'])} / {_ms(p['p95'])}" + (f" · {p['grafik']}" if grafik else "") if p else "–"
            cells.append(cell)
        lines.append(f"| {page} | " + " | ".join(cells) + " |")
    return lines


def report(results: dict) -> str:
    lines = [
        "# Hasil benchmark (`make bench`)",
        "",
        f"Mesin: {os.cpu_count()} inti; waktu dalam ms; median dan p95 atas n ulangan (n per baris di hasil.json).",
        "",
    ]
    lines += [
        "## Anggaran (issue 13: ganti filter p95 ≤ 500 ms pada 7.300 kecamatan; issue 7 untuk yang lain)",
        "",
        "Lantai: halaman dengan satu selectbox dan satu grafik Plotly yang mengikutinya (`tests/bench/kosong.py`), "
        "diukur dalam run yang sama.",
        "",
    ]
    for size, r in results.items():
        b, info = r.get("browser"), r.get("basis_data", {})
        if not b:
            continue
        ganti, lantai = b["ganti_filter"]["p95"], b["lantai_ganti"]["p95"]
        cek = [
            ("ganti filter p95 ≤ 500 ms", ganti <= 0.5, _ms(ganti)),
            ("ganti filter ≤ 1,5× lantai (p95)", ganti <= 1.5 * lantai, _rasio(ganti / lantai)),
            (
                "mulai ke grafik pertama < 3 s (median)",
                b["mulai_ke_grafik"]["median"] < 3,
                _ms(b["mulai_ke_grafik"]["median"]),
            ),
            ("memori app < 1 GB", b["memori_app_mb"] < 1024, f"{b['memori_app_mb']:.0f} MB"),
        ]
        if info:
            cek.append(("bangun data sintetis < 2 menit", info["bangun_detik"] < 120, f"{info['bangun_detik']} s"))
        lines += [f"**{size}**: " + "; ".join(f"{'✓' if ok else '✗'} {name} ({v})" for name, ok, v in cek), ""]
    for size, r in results.items():
        k = r.get("soak")
        if k:
            lines += [
                f"## Uji ketahanan ({size}): {k['muat_halaman']} muat halaman di 3 sesi selama {k['impor']} impor "
                f"menukar berkas, {k['detik']} s",
                "",
                f"{'✓' if k['jumlah_galat'] == 0 else '✗'} galat: {k['jumlah_galat']} (harus 0)",
                "",
                *[f"- {g}" for g in k["galat"][:10]],
                "",
            ]
    lines += [
        "## Browser (Chromium headless)",
        "",
        "| ukuran | mulai→grafik med / p95 | kunjungan ulang→grafik med | ganti filter med / p95 | "
        "lantai mulai med | lantai ganti med / p95 | rasio ganti (p95) | memori app | memori lantai |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for size, r in results.items():
        b = r.get("browser")
        if b:
            lines.append(
                f"| {size} | {_ms(b['mulai_ke_grafik']['median'])} / {_ms(b['mulai_ke_grafik']['p95'])} | "
                f"{_ms(b.get('mulai_lagi_ke_grafik', {}).get('median'))} | "
                f"{_ms(b['ganti_filter']['median'])} / {_ms(b['ganti_filter']['p95'])} | {_ms(b['lantai_mulai']['median'])} | "
                f"{_ms(b['lantai_ganti']['median'])} / {_ms(b['lantai_ganti']['p95'])} | "
                f"{_rasio(b['ganti_filter']['p95'] / b['lantai_ganti']['p95'])} | {b['memori_app_mb']:.0f} MB | "
                f"{b['memori_lantai_mb']:.0f} MB |"
            )
    sizes = list(results)
    lines += ["", "## Halaman di browser (konteks baru sampai setiap grafik tergambar; jumlah grafik)", ""]
    lines += _tabel_halaman(results, "browser_halaman", PAGES)
    lines += ["", "## Halaman (AppTest, satu run skrip penuh)", ""]
    lines += _tabel_halaman(results, "halaman", [*PAGES, "(halaman kosong)"])
    lines += ["", "## Kueri (app = Repository → pandas; lantai = SQL yang sama di DuckDB → Arrow)", ""]
    lines += [
        "| kueri | " + " | ".join(f"{s} baris · app med · lantai med" for s in sizes) + " |",
        "|---|" + "---|" * len(sizes),
    ]
    for name in next(iter(results.values())).get("kueri", {}):
        cells = []
        for s in sizes:
            q = results[s].get("kueri", {}).get(name)
            cells.append(f"{q['baris']} · {_ms(q['app']['median'])} · {_ms(q['lantai']['median'])}" if q else "–")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    lines += [
        "",
        "## Basis data",
        "",
        "| ukuran | bangun (s) | memori bangun (MB) | berkas (MB) |",
        "|---|---|---|---|",
    ]
    for size, r in results.items():
        info = r.get("basis_data") or {}
        if info:
            lines.append(f"| {size} | {info['bangun_detik']} | {info['bangun_memori_mb']} | {info['berkas_mb']} |")
    return "\n".join(lines) + "\n"


def main() -> int:
    results: dict[str, dict] = json.loads(OUT.read_text()) if OUT.exists() else {}
    for size in SIZES:
        print(f"== {size}", flush=True)
        db, info = database(size)
        params = sample(db)
        r: dict = {
            **results.get(size, {}),
            "basis_data": info,
            "contoh": {k: params[k] for k in ("kecamatan", "tahun")},
        }
        if "kueri" in PARTS:
            r["kueri"] = bench_queries(db, params)
            print("   kueri selesai", flush=True)
        if "halaman" in PARTS:
            r["halaman"] = bench_pages(db, params)
            print("   halaman selesai", flush=True)
        if "browser" in PARTS and CHROMIUM.exists():
            r["browser"] = bench_browser(db, params)
            print(f"   browser: {r['browser']}", flush=True)
        elif "browser" in PARTS:
            print(f"   !!! Chromium tidak ada di {CHROMIUM}: pengukuran browser dilewati", flush=True)
        if "browser_halaman" in PARTS and CHROMIUM.exists():
            r["browser_halaman"] = bench_browser_pages(db, params)
            print("   halaman di browser selesai", flush=True)
        if "soak" in PARTS and size == "nyata" and CHROMIUM.exists():
            from tests.bench.soak import soak

            r["soak"] = soak(db)
            print(f"   soak: {r['soak']['jumlah_galat']} galat", flush=True)
        results[size] = r
        OUT.write_text(json.dumps(results, indent=1, ensure_ascii=False))
        REPORT.write_text(report(results))
    print(REPORT.read_text())
    return 0


if __name__ == "__main__":
    sys.exit(main())
