"""Sign-in as a user does it: Streamlit's st.login against a real OpenID Connect provider (oidc-provider-mock, on
127.0.0.1 for the test), in Chromium. An operator signs in and sees their role; an email the database does not know
sees only "akun belum terdaftar"; a camat cannot open the entry pages or Kelola Pengguna by URL; the first sign-in
records the provider's subject; without [auth] the app is in local mode (issue 16)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from lkjip.akses import Pengguna
from lkjip.config import REPO_ROOT
from tests.peramban import CHROMIUM, free_port, serve, wait_idle

if not CHROMIUM.exists():
    if os.environ.get("CI") == "true":
        pytest.fail(f"Chromium tidak ada di {CHROMIUM}: uji browser wajib di CI", pytrace=False)
    pytest.skip(f"Chromium tidak ada di {CHROMIUM}: uji browser dilewati", allow_module_level=True)

OPERATOR = "operator.bb@bontangkota.go.id"
CAMAT = "camat.bb@bontangkota.go.id"
ASING = "tamu@contoh.invalid"


@pytest.fixture(scope="module")
def penyedia():
    """The identity provider: any client id and secret; the users' claims registered up front."""
    import oidc_provider_mock

    users = [
        oidc_provider_mock.User(sub=email, claims={"email": email, "name": nama})
        for email, nama in ((OPERATOR, "Operator Bontang Barat"), (CAMAT, "Camat Bontang Barat"), (ASING, "Tamu"))
    ]
    with oidc_provider_mock.run_server_in_thread(user_claims=users) as server:
        yield f"http://localhost:{server.server_port}"


@pytest.fixture(scope="module")
def db_organisasi(built_db, tmp_path_factory) -> Path:
    from lkjip.db.pengguna import tambah_pengguna

    db = tmp_path_factory.mktemp("organisasi") / "lkjip.duckdb"
    shutil.copy(built_db, db)
    admin = Pengguna.lokal("uji")
    tambah_pengguna(
        db,
        Pengguna(OPERATOR, "Operator Bontang Barat", "operator", "Bontang Barat", "kecamatan"),
        oleh=admin,
    )
    tambah_pengguna(db, Pengguna(CAMAT, "Camat Bontang Barat", "camat", "Bontang Barat", "kecamatan"), oleh=admin)
    return db


@pytest.fixture(scope="module")
def app_masuk(db_organisasi, penyedia, tmp_path_factory):
    """app.py with [auth] pointing at the provider (a secrets file of the test's own, never the repository's)."""
    port = free_port()
    secrets = tmp_path_factory.mktemp("rahasia") / "secrets.toml"
    secrets.write_text(
        "[auth]\n"
        f'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
        'cookie_secret = "rahasia-uji-yang-cukup-panjang-untuk-cookie"\n'
        'client_id = "lkjip"\n'
        'client_secret = "rahasia"\n'
        f'server_metadata_url = "{penyedia}/.well-known/openid-configuration"\n'
    )
    proc, url = serve(
        REPO_ROOT / "app.py", db_organisasi, port=port, extra_args=["--secrets.files", str(secrets)], timeout=60
    )
    try:
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def _masuk(browser, url: str, email: str, path: str = ""):  # type: ignore[no-untyped-def]
    """Open the app, click Masuk, authorize as ``email`` on the provider's form, and come back signed in."""
    page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
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


def test_an_operator_signs_in_and_sees_their_role_and_kecamatan(app_masuk, db_organisasi, browser):
    page = _masuk(browser, app_masuk, OPERATOR)
    sidebar = page.locator('[data-testid="stSidebar"]').inner_text()
    assert "Masuk sebagai Operator Bontang Barat (Operator · Bontang Barat)" in sidebar, sidebar
    assert "Impor Data" in sidebar and "Mode lokal" not in sidebar
    assert "Bontang Barat" in page.locator("h1").first.inner_text()  # the first visit opens their own kecamatan
    assert page.locator('[data-testid="stException"]').count() == 0
    assert "Kelola Pengguna" not in sidebar  # the admin's page is not listed
    page.context.close()
    assert _subjek(db_organisasi, OPERATOR) == OPERATOR  # the provider's sub (the mock's is the email), recorded


def _subjek(db: Path, email: str) -> str | None:
    from lkjip.db.repository import Repository

    repo = Repository.open(db, read_only=True)
    try:
        return repo.fetch("pengguna_email", email=email).iloc[0]["subjek"]
    finally:
        repo.close()


def test_an_email_the_database_does_not_know_sees_only_that(app_masuk, browser):
    page = _masuk(browser, app_masuk, ASING)
    teks = page.locator('[data-testid="stMain"]').inner_text().replace("\u2060", "")  # a joiner keeps it from linking
    assert "Akun belum terdaftar" in teks and f"Akun {ASING} belum terdaftar; hubungi admin" in teks
    assert page.locator('[data-testid="stSidebarNav"]').count() == 0  # no page to go to
    assert "Ringkasan" not in page.locator("body").inner_text().split("Akun belum terdaftar")[0]
    page.context.close()


def test_a_camat_cannot_open_the_entry_pages_or_kelola_pengguna_by_url(app_masuk, browser):
    page = _masuk(browser, app_masuk, CAMAT)
    nav = page.locator('[data-testid="stSidebarNav"]').inner_text()
    assert "Entri Triwulan" not in nav and "Kelola Pengguna" not in nav and "Pengaturan" not in nav
    for path in ("entri", "impor", "pengguna"):
        page.goto(f"{app_masuk}/{path}")
        page.wait_for_selector("h1", timeout=30_000)
        assert wait_idle(page, 60)
        teks = page.locator('[data-testid="stMain"]').inner_text()
        assert "Halaman tidak tersedia" in teks and "peran Anda: Camat" in teks, teks
        assert page.locator('[data-testid="stFileUploader"], [data-testid="stDataEditor"]').count() == 0
    page.context.close()


def test_without_auth_the_app_is_in_local_mode(built_db, browser):
    proc, url = serve(REPO_ROOT / "app.py", built_db, timeout=60)
    try:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(f"{url}/entri")
        page.wait_for_selector("h1", timeout=30_000)
        assert wait_idle(page, 60)
        assert "Mode lokal: tanpa login" in page.locator('[data-testid="stSidebar"]').inner_text()
        assert page.get_by_role("button", name="Masuk").count() == 0  # no sign-in asked
        assert "Entri Triwulan" in page.locator("h1").first.inner_text()
        page.close()
    finally:
        proc.terminate()
        proc.wait(timeout=10)
