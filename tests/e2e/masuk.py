"""Signing in as a user does, for the browser tests: a real OpenID Connect provider (oidc-provider-mock on
127.0.0.1), app.py served with an `[auth]` secrets file of the test's own, and the clicks through the provider."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from lkjip.config import REPO_ROOT
from tests.peramban import free_port, serve, wait_idle


@contextmanager
def penyedia_identitas(pengguna: Iterable[tuple[str, str]]) -> Iterator[str]:
    """The identity provider (any client id and secret), with these (email, name) users registered: its URL."""
    import oidc_provider_mock

    users = [oidc_provider_mock.User(sub=email, claims={"email": email, "name": nama}) for email, nama in pengguna]
    with oidc_provider_mock.run_server_in_thread(user_claims=users) as server:
        yield f"http://localhost:{server.server_port}"


@contextmanager
def aplikasi_masuk(db: Path, penyedia: str, folder: Path) -> Iterator[str]:
    """app.py on ``db`` with `[auth]` pointing at ``penyedia`` (a secrets file in ``folder``): its URL."""
    port = free_port()
    secrets = folder / "secrets.toml"
    secrets.write_text(
        "[auth]\n"
        f'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
        'cookie_secret = "rahasia-uji-yang-cukup-panjang-untuk-cookie"\n'
        'client_id = "lkjip"\n'
        'client_secret = "rahasia"\n'
        f'server_metadata_url = "{penyedia}/.well-known/openid-configuration"\n'
    )
    proc, url = serve(REPO_ROOT / "app.py", db, port=port, extra_args=["--secrets.files", str(secrets)], timeout=60)
    try:
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def masuk(browser, url: str, email: str, path: str = "", lebar: int = 1400):  # type: ignore[no-untyped-def]
    """A new visitor (own browser context): open the app, click Masuk, authorize as ``email`` on the provider's form,
    and come back signed in; the page."""
    page = browser.new_context(viewport={"width": lebar, "height": 1000}).new_page()
    page.goto(f"{url}/{path}")
    page.get_by_role("button", name="Masuk").wait_for(timeout=30_000)
    # no page list before sign-in (the first visitor after a server start saw the pages/ file names)
    assert page.locator('[data-testid="stSidebarNav"]').count() == 0
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_selector('input[name="sub"]', timeout=30_000)
    page.fill('input[name="sub"]', email)
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(f"{url}/**", timeout=30_000)
    page.wait_for_selector("h1", timeout=30_000)
    assert wait_idle(page, 60)
    return page
