"""A bounded soak (part of `make bench`, never of `make test`): three browser sessions change filters and pages while
20 imports swap the database file under them. Every page load is checked for an error element, a stack trace or an
error message; the server's log for a traceback. The number of errors must be 0 (issue 15: 2 of 72 page loads
crashed with 'Connection already closed!' / 'connection is busy' when repo() closed a connection in use).

Run alone: .venv/bin/python tests/bench/soak.py [database]; the database is copied, the original is not touched.
"""

from __future__ import annotations

import io
import itertools
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from openpyxl import load_workbook  # noqa: E402

from lkjip.db.repository import Repository  # noqa: E402
from lkjip.io.impor import periksa, terapkan  # noqa: E402
from lkjip.io.templat import templat  # noqa: E402
from tests.peramban import ARGS, CHROMIUM, serve, wait_idle  # noqa: E402

IMPOR = 20
SESI = 3
# what a camat does between imports: another page, another kecamatan, another year
LANGKAH = [
    ("ringkasan", "Bontang Barat", "2024"),
    ("target_realisasi", "Kota Bangun", "2023"),
    ("triwulan", "Bontang Barat", "2024"),
    ("skm", "Bantargebang", "2024"),
    ("anggaran", "Balikpapan Selatan", "2023"),
    ("benchmark", "Kota Bangun", "2024"),
    ("ringkasan", "Bantargebang", "2023"),
    ("kualitas_data", "Bontang Barat", "2024"),
]
TANDA_GALAT = ("Connection already closed", "connection is busy", "Traceback", "Kesalahan basis data", "(kode ")
MENUNGGU = """() => !!document.querySelector('h1')
    && document.querySelector('[data-testid="stApp"]')?.dataset.testScriptState === 'notRunning'"""


def _berkas_impor(db: Path, nilai: float) -> bytes:
    """One quarter's realisasi, as an operator uploads it (the value differs each time, so every import writes)."""
    repo = Repository.open(db)
    try:
        wb = load_workbook(io.BytesIO(templat(repo)))
    finally:
        repo.close()
    wb["realisasi"].append(["Bontang Barat", "BB-IKU1", 2025, "TW1", nilai, "uji ketahanan (bench)"])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _penulis(db: Path, hasil: dict, selesai: threading.Event, putaran: threading.Event) -> None:
    """The imports, one as each round of page loads starts: the swap lands while the sessions' runs read."""
    try:
        for i in range(IMPOR):
            data = _berkas_impor(db, 90 + i / 10)
            putaran.wait(120)
            putaran.clear()
            repo = Repository.open(db)
            try:
                plan = periksa(repo, f"soak_{i}.xlsx", data)
            finally:
                repo.close()
            terapkan(db, plan)
            hasil["impor"] += 1
    except Exception as exc:  # noqa: BLE001 - counted and reported, the soak goes on to its report
        hasil["galat"].append(f"impor: {type(exc).__name__}: {exc}")
    finally:
        selesai.set()


def soak(db: Path) -> dict:
    from playwright.sync_api import sync_playwright

    kerja = Path(tempfile.mkdtemp(prefix="lkjip-soak-"))
    salinan = kerja / "lkjip.duckdb"
    shutil.copy(db, salinan)
    log = (kerja / "server.log").open("w")
    proc, url = serve(REPO / "app.py", salinan, output=log, error_details="full")
    hasil: dict = {"impor": 0, "muat_halaman": 0, "galat": []}
    selesai, putaran = threading.Event(), threading.Event()
    t0 = time.perf_counter()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
            pages = [browser.new_context(viewport={"width": 1400, "height": 1000}).new_page() for _ in range(SESI)]
            pages[0].goto(f"{url}/ringkasan")  # the server warmed before the imports start
            wait_idle(pages[0], 120, 300)
            penulis = threading.Thread(target=_penulis, args=(salinan, hasil, selesai, putaran), daemon=True)
            penulis.start()
            langkah = itertools.count()
            while not selesai.is_set() or hasil["muat_halaman"] < 72:
                # the three sessions load at the same time (each navigation started before any has finished), so
                # their script runs overlap each other and the swaps
                langkah_ini = []
                for s, page in enumerate(pages):
                    path, kec, tahun = LANGKAH[(next(langkah) + 3 * s) % len(LANGKAH)]
                    page.goto(f"{url}/{path}?kecamatan={kec.replace(' ', '+')}&tahun={tahun}", wait_until="commit")
                    langkah_ini.append((page, path, kec, tahun))
                putaran.set()
                for page, path, kec, tahun in langkah_ini:
                    try:
                        page.wait_for_function(MENUNGGU, timeout=120_000)
                    except Exception as exc:  # noqa: BLE001
                        hasil["galat"].append(f"{path} {kec}: tidak selesai ({type(exc).__name__})")
                        continue
                    wait_idle(page, 60, 200)
                    hasil["muat_halaman"] += 1
                    teks = page.locator('[data-testid="stMain"]').inner_text()
                    n_exc = page.locator('[data-testid="stException"]').count()
                    tanda = [t for t in TANDA_GALAT if t in teks]
                    if n_exc or tanda:
                        hasil["galat"].append(f"{path} {kec} {tahun}: {n_exc} exception, {tanda}: {teks[:200]!r}")
            browser.close()
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        log.close()
    server_log = (kerja / "server.log").read_text()
    if "Traceback" in server_log:
        hasil["galat"].append("log server memuat Traceback: " + server_log[server_log.index("Traceback") :][:500])
    hasil["detik"] = round(time.perf_counter() - t0, 1)
    hasil["jumlah_galat"] = len(hasil["galat"])
    shutil.rmtree(kerja, ignore_errors=True)
    return hasil


if __name__ == "__main__":
    if len(sys.argv) > 1:
        sumber = Path(sys.argv[1])
    else:
        subprocess.run([sys.executable, "-m", "lkjip", "build", "--if-stale"], cwd=REPO, check=True)
        from lkjip.config import get_settings

        sumber = get_settings().db_path
    r = soak(sumber)
    print(r)
    sys.exit(1 if r["jumlah_galat"] else 0)
