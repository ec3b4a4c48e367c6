"""The production front (issue 17) as a visitor meets it: nginx on a free port in front of 2 replicas of app.py
against a copy of the test database, started and stopped by lkjip.depan as `make serve` does.

Needs nginx (`make test` installs Debian's when root with apt-get) and Debian's Chromium. Without them the tests are
skipped loudly, except under CI=true where that is a failure.
"""

from __future__ import annotations

import gzip
import http.server
import os
import re
import shutil
import signal
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from lkjip.depan import Depan, bundel_grafik, hentikan, mulai, nginx_bin, pulihkan, streamlit_static
from tests.peramban import CHROMIUM, free_port, wait_idle

for _ada, _apa in ((nginx_bin(), "nginx"), (CHROMIUM.exists(), f"Chromium ({CHROMIUM})")):
    if not _ada:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{_apa} tidak ada: uji server produksi wajib di CI", pytrace=False)
        pytest.skip(
            f"!!!!!!!! {_apa} tidak ada: uji server produksi DILEWATI (make test memasangnya bila root dengan apt-get)",
            allow_module_level=True,
        )

HALAMAN = "/skm?kecamatan=Bantargebang&tahun=2024"
# every CSP violation the page reports, gathered from the first script on
PELANGGARAN = """window.__csp = [];
document.addEventListener('securitypolicyviolation', e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));"""


@pytest.fixture(scope="module")
def depan(built_db: Path):
    # a folder the nginx workers (www-data when started as root) can read: pytest's own tmp is private to root
    run = Path(tempfile.mkdtemp(prefix="lkjip-depan-"))
    run.chmod(0o755)
    db = run / "lkjip.duckdb"
    shutil.copy(built_db, db)
    d = Depan(run=run / "run", port=free_port(), alamat="127.0.0.1", replika=2, db=db)
    try:
        url = mulai(d, timeout=90)
    except Exception as exc:  # noqa: BLE001 - the logs say why; the test says so
        logs = "\n".join(p.read_text(errors="replace")[-2000:] for p in (run / "run").glob("*.log"))
        shutil.rmtree(run, ignore_errors=True)
        pytest.fail(f"server produksi tidak menyala: {exc}\n{logs}")
    yield url, d.run
    pids = [int(p.read_text()) for p in d.run.glob("*.pid")]
    hentikan(d.run)
    hidup = [pid for pid in pids if Path(f"/proc/{pid}").exists()]
    shutil.rmtree(run, ignore_errors=True)
    assert hidup == [], f"proses tertinggal setelah serve-stop: {hidup}"


def _get(url: str, **headers: str):
    return urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=10)


def _replika_kunci(run: Path) -> dict[str, set[str]]:
    """From nginx's access log: the replicas that answered each sticky key's websocket and Streamlit requests."""
    found: dict[str, set[str]] = {}
    for line in (run / "nginx-access.log").read_text().splitlines():
        m = re.search(r"replika=(\S+) kunci=(\S+)", line)
        if m and m.group(1) != "-":
            found.setdefault(m.group(2), set()).add(m.group(1))
    return found


def _kunci_per_replika(url: str, run: Path) -> dict[str, str]:
    """A sticky cookie value for each replica: keys tried on the health check until each replica has one."""
    pilihan: dict[str, str] = {}
    for i in range(64):
        kunci = f"uji{i:02d}"
        _get(f"{url}/_stcore/health", Cookie=f"lkjip_replika={kunci}").read()
        for k, replika in _replika_kunci(run).items():
            if k == kunci:
                pilihan.setdefault(next(iter(replika)), kunci)
        if len(pilihan) == 2:
            return pilihan
    pytest.fail(f"dua replika tidak pernah terpilih: {pilihan}")


def _buka(browser, url: str, kunci: str | None = None):  # type: ignore[no-untyped-def]
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    if kunci:
        ctx.add_cookies([{"name": "lkjip_replika", "value": kunci, "url": url}])
    ctx.add_init_script(PELANGGARAN)
    page = ctx.new_page()
    response = page.goto(f"{url}{HALAMAN}")
    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=60_000)
    assert wait_idle(page), "aplikasi tidak selesai berjalan"
    return ctx, page, response


def _ganti_kecamatan(page) -> None:  # type: ignore[no-untyped-def]
    """Another kecamatan in the sidebar: the chart's finding names it (a rerun over the websocket)."""
    pilihan = page.get_by_role("option", name="Kota Bangun (Kabupaten Kutai Kartanegara)")
    for _ in range(3):  # a click while a rerun redraws the sidebar can leave the list closed
        page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').first.click()
        try:
            pilihan.wait_for(timeout=5_000)
            break
        except Exception:  # noqa: BLE001 - Playwright's timeout: click again
            page.keyboard.press("Escape")
    pilihan.click()
    page.wait_for_function(
        "() => [...document.querySelectorAll('.lkjip-judul-grafik')].some(t => t.textContent.includes('Kota Bangun'))",
        timeout=30_000,
    )


def test_chart_bundle_arrives_gzipped_and_preloaded(depan):
    url, _ = depan
    nama = bundel_grafik(streamlit_static())
    index = _get(f"{url}/entri").read().decode()
    assert f'<link rel="modulepreload" crossorigin href="./static/js/{nama}">' in index
    r = _get(f"{url}/static/js/{nama}", **{"Accept-Encoding": "gzip"})
    asli = (streamlit_static() / "static" / "js" / nama).read_bytes()
    isi = r.read()
    assert r.headers["Content-Encoding"] == "gzip"
    assert "immutable" in r.headers["Cache-Control"]
    assert len(isi) < len(asli) / 2
    assert gzip.decompress(isi) == asli


def test_the_app_works_under_its_csp_and_fetches_nothing_outside(depan, browser):
    url, _ = depan
    diminta: list[str] = []

    class Luar(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            diminta.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    luar = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Luar)
    threading.Thread(target=luar.serve_forever, daemon=True).start()
    asing = f"http://127.0.0.1:{luar.server_port}"  # another port: another origin
    ctx, page, response = _buka(browser, url)
    try:
        csp = response.headers["content-security-policy"]
        assert "default-src 'self'" in csp and "frame-ancestors 'self'" in csp
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["referrer-policy"]
        assert "Bantargebang" in page.locator(".lkjip-judul-grafik").first.text_content()
        # Streamlit's inline styles, the Plotly chart and the websocket all run without a single violation
        assert page.evaluate("window.__csp") == []
        # an outside image or script in the page (as data could carry it) is refused by the browser
        page.evaluate(
            """u => { const i = document.createElement('img'); i.src = u + '/gambar.png'; document.body.append(i);
                      const s = document.createElement('script'); s.src = u + '/skrip.js'; document.body.append(s);
                      fetch(u + '/data.json').catch(() => {}); }""",
            asing,
        )
        page.wait_for_function("window.__csp.length >= 3", timeout=10_000)
        assert diminta == []
    finally:
        ctx.close()
        luar.shutdown()


def test_sticky_sessions_keep_a_session_on_one_replica(depan, browser):
    url, run = depan
    for kunci in _kunci_per_replika(url, run).values():
        ctx, page, _ = _buka(browser, url, kunci)
        _ganti_kecamatan(page)
        page.reload()
        page.wait_for_selector(".js-plotly-plot .main-svg", timeout=60_000)
        ctx.close()  # the websockets close: nginx logs them
    per_kunci = _replika_kunci(run)
    assert {k: v for k, v in per_kunci.items() if k.startswith("uji") and len(v) != 1} == {}
    # nginx logs a websocket when it closes, a moment after the browser closed it
    for _ in range(50):
        soket = [line for line in (run / "nginx-access.log").read_text().splitlines() if "/_stcore/stream" in line]
        if len(soket) >= 4:
            break
        time.sleep(0.2)
    assert len(soket) >= 4  # two page loads per browser, each its own websocket
    assert len({re.search(r"replika=(\S+)", s).group(1) for s in soket}) == 2  # both replicas served someone


def _dipulihkan(run: Path, nama: str, timeout: float = 60.0) -> list[str]:
    """The watchdog's log lines once it has started ``nama`` again (and, for a replica, warmed it)."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        baris = (run / "penjaga.log").read_text().splitlines()
        if any(line.endswith(f"dinyalakan ulang: {nama}") for line in baris) and (
            not nama.startswith("replika") or any("dipanaskan" in line for line in baris)
        ):
            return baris
        time.sleep(0.3)
    pytest.fail(f"penjaga tidak menyalakan ulang {nama}: {(run / 'penjaga.log').read_text()}")


def test_nginx_killed_is_started_again_by_the_watchdog(depan, browser):
    url, run = depan
    ctx, page, _ = _buka(browser, url)
    try:
        nginx = int((run / "nginx.pid").read_text())
        os.kill(nginx, signal.SIGTERM)  # stopped (a crash, a package upgrade); its workers end with it
        _dipulihkan(run, "nginx")
        assert int((run / "nginx.pid").read_text()) != nginx
        page.reload()
        page.wait_for_selector(".js-plotly-plot .main-svg", timeout=60_000)
        assert wait_idle(page), "aplikasi tidak selesai berjalan setelah nginx dinyalakan ulang"
        _ganti_kecamatan(page)
    finally:
        ctx.close()


def test_a_killed_replica_leaves_the_app_usable_after_a_reload_and_comes_back(depan, browser):
    url, run = depan
    kunci = _kunci_per_replika(url, run)
    alamat, k = next(iter(kunci.items()))
    ctx, page, _ = _buka(browser, url, k)
    try:
        nomor = next(p.stem.split("-")[1] for p in run.glob("replika-*.port") if alamat.endswith(":" + p.read_text()))
        os.killpg(int((run / f"replika-{nomor}.pid").read_text()), signal.SIGKILL)
        page.reload()
        page.wait_for_selector(".js-plotly-plot .main-svg", timeout=60_000)
        assert wait_idle(page), "aplikasi tidak selesai berjalan setelah replika mati"
        assert "Bantargebang" in page.locator(".lkjip-judul-grafik").first.text_content()
        _ganti_kecamatan(page)
        # the watchdog starts it again on its own port, and warms it before a visitor comes
        _dipulihkan(run, f"replika {nomor}")
        assert _get(f"http://{alamat}/_stcore/health").read() == b"ok"
    finally:
        ctx.close()
    # the watchdog itself gone: a second `make serve` starts it again, and leaves the rest alone
    penjaga = int((run / "penjaga.pid").read_text())
    os.kill(penjaga, signal.SIGKILL)
    for _ in range(50):
        if not Path(f"/proc/{penjaga}").exists() or "Z" in Path(f"/proc/{penjaga}/stat").read_text().split()[2]:
            break
        time.sleep(0.1)
    assert pulihkan(run) == ["penjaga"]


def test_the_sticky_cookie_is_secure_behind_tls(depan):
    url, _ = depan
    biasa = _get(f"{url}/ringkasan").headers["Set-Cookie"]
    assert biasa.startswith("lkjip_replika=") and "HttpOnly" in biasa and "Secure" not in biasa
    # an outer proxy that ends TLS says so; the browser then sends the cookie over HTTPS only
    aman = _get(f"{url}/ringkasan", **{"X-Forwarded-Proto": "https"}).headers["Set-Cookie"]
    assert aman.endswith("; Secure")


OPERATOR = "operator.bb@contoh.go.id"


@pytest.fixture(scope="module")
def depan_header(built_db: Path):
    """One replica behind nginx that takes the signed-in user from an outer proxy's X-Forwarded-Email (the outer
    proxy: this machine), with the operator of Bontang Barat registered."""
    from lkjip.akses import Pengguna
    from lkjip.db.pengguna import tambah_pengguna

    run = Path(tempfile.mkdtemp(prefix="lkjip-depan-header-"))
    run.chmod(0o755)
    db = run / "lkjip.duckdb"
    shutil.copy(built_db, db)
    baru = Pengguna(OPERATOR, "Operator Bontang Barat", "operator", "Bontang Barat", "kecamatan")
    tambah_pengguna(db, baru, oleh=Pengguna.lokal("uji"))
    d = Depan(
        run=run / "run",
        port=free_port(),
        alamat="127.0.0.1",
        replika=1,
        db=db,
        header_pengguna="X-Forwarded-Email",
        proxy_tepercaya=("127.0.0.1",),
    )
    try:
        url = mulai(d, timeout=90)
    except Exception as exc:  # noqa: BLE001 - the logs say why; the test says so
        shutil.rmtree(run, ignore_errors=True)
        pytest.fail(f"server produksi tidak menyala: {exc}")
    yield url
    hentikan(d.run)
    shutil.rmtree(run, ignore_errors=True)


def _halaman_dengan(browser, url: str, headers: dict[str, str]) -> str:  # type: ignore[no-untyped-def]
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000}, extra_http_headers=headers)
    try:
        page = ctx.new_page()
        page.goto(f"{url}/ringkasan?kecamatan=Bontang+Barat&tahun=2023")
        page.wait_for_selector("h1", timeout=60_000)
        assert wait_idle(page), "aplikasi tidak selesai berjalan"
        return page.locator('[data-testid="stApp"]').inner_text()
    finally:
        ctx.close()


def test_the_outer_proxys_user_header_signs_in_and_a_copy_sent_by_the_client_is_stripped(depan_header, browser):
    masuk = _halaman_dengan(browser, depan_header, {"X-Forwarded-Email": OPERATOR})
    assert "Masuk sebagai Operator Bontang Barat (Operator · Bontang Barat)" in masuk
    # the header the replica trusts, sent by the client itself: nginx drops it, no one is signed in
    palsu = _halaman_dengan(browser, depan_header, {"X-Lkjip-Pengguna": OPERATOR})
    assert "Identitas pengguna tidak diterima dari proxy" in palsu
    assert "Masuk sebagai" not in palsu


@pytest.fixture(scope="module")
def depan_pg(built_db: Path, pg_server):  # type: ignore[no-untyped-def]
    """The front with PostgreSQL as the system of record (`make serve PG=lokal`): a server of its own in the run
    folder, filled from a copy of the test database, 2 replicas each with its own read model."""
    run = Path(tempfile.mkdtemp(prefix="lkjip-depan-pg-"))
    run.chmod(0o755)
    db = run / "lkjip.duckdb"
    shutil.copy(built_db, db)
    d = Depan(run=run / "run", port=free_port(), alamat="127.0.0.1", replika=2, db=db, pg="lokal")
    try:
        url = mulai(d, timeout=120)
    except Exception as exc:  # noqa: BLE001 - the logs say why; the test says so
        logs = "\n".join(p.read_text(errors="replace")[-2000:] for p in (run / "run").glob("*.log"))
        hentikan(d.run)
        shutil.rmtree(run, ignore_errors=True)
        pytest.fail(f"server produksi dengan PostgreSQL tidak menyala: {exc}\n{logs}")
    yield url, d.run, db
    pids = [int(p.read_text()) for p in d.run.glob("*.pid")]
    hentikan(d.run)
    hidup = [pid for pid in pids if Path(f"/proc/{pid}").exists()]
    from lkjip.pg.server import pg_berjalan

    pg_hidup = pg_berjalan(d.run / "pg")
    shutil.rmtree(run, ignore_errors=True)
    assert hidup == [] and not pg_hidup, f"proses tertinggal setelah serve-stop: {hidup}, PostgreSQL {pg_hidup}"


def test_a_write_committed_anywhere_shows_on_every_replica(depan_pg, browser):
    from lkjip.config import UrlPostgres
    from lkjip.io.impor import terapkan
    from tests.conftest import rencana_realisasi

    url, run, db = depan_pg
    halaman = "/ringkasan?kecamatan=Bontang+Barat&tahun=2024"
    tanda = "Belum disetujui camat"
    terbuka = []
    for kunci in _kunci_per_replika(url, run).values():
        ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
        ctx.add_cookies([{"name": "lkjip_replika", "value": kunci, "url": url}])
        page = ctx.new_page()
        page.goto(url + halaman)
        page.wait_for_selector(".js-plotly-plot .main-svg", timeout=120_000)
        assert wait_idle(page)
        assert tanda not in page.locator('[data-testid="stApp"]').inner_text()
        terbuka.append((ctx, page))
    try:
        # an operator's value saved through a third process (another replica's code path: a plan, then PostgreSQL)
        terapkan(
            UrlPostgres((run / "pg_url").read_text()),
            rencana_realisasi(db, [["Bontang Barat", "BB-IKU1", 2024, "Tahunan", "50"]]),
            pengguna="uji",
        )
        ditulis = time.monotonic()
        for _, page in terbuka:
            for _ in range(60):
                page.reload()
                page.wait_for_selector(".js-plotly-plot .main-svg", timeout=60_000)
                assert wait_idle(page)
                if tanda in page.locator('[data-testid="stApp"]').inner_text():
                    break
                page.wait_for_timeout(500)
            else:
                pytest.fail("nilai baru tidak pernah tampil di replika ini")
        print(f"nilai baru tampil di kedua replika {time.monotonic() - ditulis:.1f} s setelah commit")
    finally:
        for ctx, _ in terbuka:
            ctx.close()


def test_postgresql_killed_under_an_open_page_comes_back_and_the_page_resumes(depan_pg, browser):
    """PostgreSQL dies under an open page (its postmaster SIGKILLed, no clean stop): the page keeps serving from its
    replica's read model, the watchdog starts PostgreSQL again, and a value saved after that shows on the same page,
    with nothing restarted by hand."""
    import psycopg

    from lkjip.config import UrlPostgres
    from lkjip.io.impor import terapkan
    from lkjip.pg.server import pg_berjalan
    from tests.conftest import rencana_realisasi

    url, run, db = depan_pg
    halaman = "/ringkasan?kecamatan=Kota+Bangun&tahun=2023"
    tanda = "Belum disetujui camat"
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        page = ctx.new_page()
        page.goto(url + halaman)
        page.wait_for_selector(".js-plotly-plot .main-svg", timeout=120_000)
        assert wait_idle(page)
        assert tanda not in page.locator('[data-testid="stApp"]').inner_text()
        pid_file = run / "pg" / "data" / "postmaster.pid"
        lama = int(pid_file.read_text().split()[0])
        os.kill(lama, signal.SIGKILL)
        page.reload()  # served from the read model while PostgreSQL is away
        page.wait_for_selector(".js-plotly-plot .main-svg", timeout=60_000)
        assert wait_idle(page)
        teks = page.locator('[data-testid="stApp"]').inner_text()
        assert "Kota Bangun" in teks and "Traceback" not in teks
        batas = time.monotonic() + 90
        while not (pg_berjalan(run / "pg") and pid_file.exists() and int(pid_file.read_text().split()[0]) != lama):
            assert time.monotonic() < batas, "penjaga tidak pernah menyalakan PostgreSQL lagi"
            time.sleep(0.5)
        pg_url = (run / "pg_url").read_text()
        while True:  # a postmaster that runs may still be recovering from the crash ("starting up")
            try:
                psycopg.connect(pg_url, connect_timeout=5).close()
                break
            except psycopg.OperationalError:
                assert time.monotonic() < batas, "PostgreSQL tidak pernah menerima sambungan lagi"
                time.sleep(0.5)
        rencana = rencana_realisasi(db, [["Kota Bangun", "KB-IKU1", 2023, "Tahunan", "50,25"]], nama="kb-pulih.xlsx")
        terapkan(UrlPostgres(pg_url), rencana, pengguna="uji")
        for _ in range(60):
            page.reload()
            page.wait_for_selector(".js-plotly-plot .main-svg", timeout=60_000)
            assert wait_idle(page)
            teks = page.locator('[data-testid="stApp"]').inner_text()
            if tanda in teks and "tidak terhubung" not in teks:
                break
            page.wait_for_timeout(500)
        else:
            pytest.fail("halaman tidak pernah menampilkan nilai yang disimpan setelah PostgreSQL kembali")
    finally:
        ctx.close()
