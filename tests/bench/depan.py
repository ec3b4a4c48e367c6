"""`python tests/bench/depan.py`: the production front (issue 17, `make serve`) against the plain dev server.

  1. First chart in a fresh browser context (nothing cached), median and p95 of LKJIP_BENCH_REPEAT runs after one
     warm-up: lkjip's Ringkasan and the floor app (tests/bench/kosong.py), through the dev server (`streamlit run`)
     and through the front (nginx, 2 replicas; the floor app 1), on loopback and on an emulated 10 Mbit/s, 40 ms link
     (Chrome DevTools Protocol network emulation).
  2. Bounded load on loopback: 30 concurrent sessions speaking Streamlit's websocket protocol (30 Chromium pages on
     2 cores overload the client itself: load average 33, most sessions timed out), each changing the kecamatan 10
     times, through the front with 1 and with 2 replicas: the server's time per change (message sent to the run's
     end, no drawing) median and p95, and the number of errors (a timeout, an exception element, a title without the
     chosen kecamatan), which must be 0.

LKJIP_BENCH_GRAFIK=0 or LKJIP_BENCH_BEBAN=0 skips a part (its last results are kept). Database: LKJIP_BENCH_DB (`make bench` passes the synthetic 7.300 it builds, /tmp/lkjip-bench/sintetis_7300.duckdb), else the real
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
from tests.bench.bench import KOSONG, _stats, sample  # noqa: E402
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


async def _sesi(  # noqa: PLR0913 - one visitor's settings
    url: str, n: int, kecamatan: list[str], tahun: int, waktu: list[float], galat: list[str], lantai: bool = False
) -> None:
    """One visitor speaking Streamlit's own websocket protocol (its protobuf classes ship with the package): the
    page's cookie first (the front's sticky replica), then a rerun per kecamatan chosen, as the browser sends when
    the URL's choice changes. A change counts from the message sent to the run's end; an exception element, a title
    without the chosen kecamatan or a timeout is an error."""
    import urllib.request

    import websockets
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    def cookie() -> str:
        with urllib.request.urlopen(f"{url}/" if lantai else f"{url}/ringkasan", timeout=60) as r:  # noqa: S310 - 127.0.0.1 only
            return "; ".join(c.split(";", 1)[0] for c in r.headers.get_all("Set-Cookie") or [])

    async def rerun(ws, k: str) -> tuple[float, list[str]]:  # type: ignore[no-untyped-def]
        m = BackMsg()
        m.rerun_script.query_string = f"kecamatan={k.replace(' ', '+')}&tahun={tahun}"
        m.rerun_script.page_name = "" if lantai else "ringkasan"  # the floor app has one page
        t = time.perf_counter()
        await ws.send(m.SerializeToString())
        judul, salah = [], []
        while True:
            f = ForwardMsg()
            f.ParseFromString(await asyncio.wait_for(ws.recv(), timeout=120))
            if f.WhichOneof("type") == "delta" and f.delta.WhichOneof("type") == "new_element":
                el = f.delta.new_element
                if el.WhichOneof("type") == "exception":
                    salah.append(f"exception: {el.exception.message[:120]}")
                elif el.WhichOneof("type") == "heading":
                    judul.append(el.heading.body.replace("\\", ""))
            if f.WhichOneof("type") == "script_finished":
                if f.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    judul = []  # the app reran itself (its first run in a session routes through app.py): wait on
                    continue
                if not lantai and not any(k in j for j in judul):
                    salah.append(f"judul tanpa {k}: {judul[:1]}")
                return time.perf_counter() - t, salah

    try:
        await asyncio.sleep(n * 0.2)  # a ramp of 6 s
        header = await asyncio.to_thread(cookie)
        ws_url = url.replace("http://", "ws://") + "/_stcore/stream"
        async with websockets.connect(
            ws_url, subprotocols=["streamlit"], additional_headers={"Cookie": header}, max_size=None, open_timeout=60
        ) as ws:
            await rerun(ws, kecamatan[n % len(kecamatan)])  # the first page view: not a change
            for i in range(GANTI):
                detik, salah = await rerun(ws, kecamatan[(n + i + 1) % len(kecamatan)])
                waktu.append(detik)
                galat += [f"sesi {n}: {x}" for x in salah]
    except Exception as exc:  # noqa: BLE001 - counted: the error count must be 0
        galat.append(f"sesi {n}: {type(exc).__name__}: {str(exc)[:200]}")


async def _beban(url: str, kecamatan: list[str], tahun: int, lantai: bool = False) -> dict:
    waktu: list[float] = []
    galat: list[str] = []
    t = time.perf_counter()
    await asyncio.wait_for(
        asyncio.gather(*(_sesi(url, n, kecamatan, tahun, waktu, galat, lantai) for n in range(SESI))), timeout=1800
    )
    return {
        "sesi": SESI,
        "ganti": len(waktu),
        "galat": galat[:10],
        "jumlah_galat": len(galat),
        "detik": round(time.perf_counter() - t, 1),
        **(_stats(waktu) if waktu else {}),
    }


def bagian_beban(db: Path, params: dict) -> dict:
    from lkjip.db.repository import Repository

    r = Repository.open(db)
    try:
        daftar = r.fetch("kecamatan_list")
    finally:
        r.close()
    # kecamatan with data in the year: the sample's kab/kota first (a camat compares neighbours), 12 in all
    daftar = daftar.sort_values(
        "kab_kota", key=lambda s: s != daftar.set_index("kecamatan").at[params["kecamatan"], "kab_kota"]
    )
    kecamatan = [params["kecamatan"], *[k for k in daftar["kecamatan"] if k != params["kecamatan"]][:11]]
    hasil = {}
    for replika in (1, 2):
        with Front(REPO / "app.py", db, replika) as url:
            r_ = asyncio.run(_beban(url, kecamatan, int(params["tahun"])))
        hasil[f"{replika} replika"] = r_
        print(f"   beban {replika} replika: {json.dumps(r_, ensure_ascii=False)}", flush=True)
    # the floor: the one-selectbox, one-chart app through the same front, 1 replica, the same load
    with Front(KOSONG, db, 1) as url:
        hasil["lantai 1 replika"] = asyncio.run(_beban(url, kecamatan, int(params["tahun"]), lantai=True))
    print(f"   beban lantai: {json.dumps(hasil['lantai 1 replika'], ensure_ascii=False)}", flush=True)
    return hasil


def main() -> int:
    db = Path(os.environ.get("LKJIP_BENCH_DB", DEFAULT_DB))
    if not db.exists():  # `make bench` without the 7.300 size (LKJIP_BENCH_SIZES): the real data
        print(f"== {db} tidak ada; diukur pada data nyata", flush=True)
        db = DEFAULT_DB
    params = sample(db)
    query = f"kecamatan={params['kecamatan']}&tahun={params['tahun']}".replace(" ", "+")
    print(f"== {db} ({query})", flush=True)
    hasil = json.loads(OUT.read_text()) if OUT.exists() else {}
    hasil["basis_data"] = str(db)
    if os.environ.get("LKJIP_BENCH_GRAFIK", "1") == "1":
        hasil["grafik_pertama"] = bagian_grafik_pertama(db, query)
    if os.environ.get("LKJIP_BENCH_BEBAN", "1") == "1":
        hasil["beban"] = bagian_beban(db, params)
    OUT.write_text(json.dumps(hasil, indent=1, ensure_ascii=False))
    print(json.dumps(hasil, indent=1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
