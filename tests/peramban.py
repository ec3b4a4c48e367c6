"""What the browser tests and the benchmark share: Debian's Chromium, a Streamlit server on a free port, and the
wait until a script run has finished. `playwright install` is never called (it cannot download here)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from lkjip.config import REPO_ROOT

CHROMIUM = Path(os.environ.get("LKJIP_CHROMIUM", "/usr/bin/chromium"))
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
# the app's own record of the script run ("initial" before the first run starts, then running/notRunning): without it
# the page looked idle in the moment between loading and the first run
IDLE = """() => document.querySelector('[data-testid="stApp"]')?.dataset.testScriptState === 'notRunning'
              && !document.querySelector('[data-testid="stStatusWidget"]')
              && !document.querySelector('[data-testid="stSkeleton"]')
              && !document.querySelector('[data-testid="stSpinner"]')"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(  # type: ignore[no-untyped-def]
    script: Path,
    db: Path,
    *,
    timeout: float = 120.0,
    output: int | None = subprocess.DEVNULL,
    error_details: str = "full",
    port: int | None = None,
    extra_args: list[str] | None = None,
    env: dict[str, str] | None = None,
):
    """Start `streamlit run script` against ``db`` on a free port; (process, url) once it answers its health check.

    ``error_details``: client.showErrorDetails. "full" (a developer's setting) makes a page's uncaught error an
    exception element the tests look for; the visitors' setting in .streamlit/config.toml is "none". ``port``: one
    chosen beforehand (a sign-in redirect names it); ``extra_args``: more options for streamlit run; ``env``: more
    environment (LKJIP_MODEL beside a PostgreSQL URL as ``db``)."""
    port = port or free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(script),
            "--server.headless",
            "true",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--browser.gatherUsageStats",
            "false",
            "--client.showErrorDetails",
            error_details,
            *(extra_args or []),
        ],
        cwd=REPO_ROOT,
        env={**os.environ, "LKJIP_DB": str(db), **(env or {})},
        stdout=output,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).read() == b"ok":
                return proc, url
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise RuntimeError(f"Server Streamlit tidak menyala dalam {timeout:.0f} detik")


def wait_idle(page, timeout: float = 60.0, interval_ms: int = 500) -> bool:  # type: ignore[no-untyped-def]
    """The script has finished: no running indicator, skeleton or spinner, twice in a row ``interval_ms`` apart."""
    deadline, calm = time.time() + timeout, 0
    while time.time() < deadline and calm < 2:
        calm = calm + 1 if page.evaluate(IDLE) else 0
        page.wait_for_timeout(interval_ms)
    return calm >= 2
