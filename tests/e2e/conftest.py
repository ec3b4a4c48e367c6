"""What the browser tests share: one Chromium for the session, and a Streamlit server per test module."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from lkjip.config import REPO_ROOT
from tests.peramban import ARGS, CHROMIUM, serve


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@contextmanager
def aplikasi(db: Path) -> Iterator[str]:
    """app.py served against ``db``: its URL while the block runs."""
    try:
        proc, url = serve(REPO_ROOT / "app.py", db, timeout=60)
    except RuntimeError as exc:
        pytest.fail(str(exc))
    try:
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)
