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
from tests.e2e.masuk import aplikasi_masuk, masuk, penyedia_identitas
from tests.peramban import CHROMIUM, serve, wait_idle

if not CHROMIUM.exists():
    if os.environ.get("CI") == "true":
        pytest.fail(f"Chromium tidak ada di {CHROMIUM}: uji browser wajib di CI", pytrace=False)
    pytest.skip(f"Chromium tidak ada di {CHROMIUM}: uji browser dilewati", allow_module_level=True)

OPERATOR = "operator.bb@bontangkota.go.id"
CAMAT = "camat.bb@bontangkota.go.id"
ASING = "tamu@contoh.invalid"


@pytest.fixture(scope="module")
def penyedia():
    """The identity provider, with the users' claims registered up front."""
    orang = ((OPERATOR, "Operator Bontang Barat"), (CAMAT, "Camat Bontang Barat"), (ASING, "Tamu"))
    with penyedia_identitas(orang) as url:
        yield url


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
    with aplikasi_masuk(db_organisasi, penyedia, tmp_path_factory.mktemp("rahasia")) as url:
        yield url


def test_an_operator_signs_in_and_sees_their_role_and_kecamatan(app_masuk, db_organisasi, browser):
    page = masuk(browser, app_masuk, OPERATOR)
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
    page = masuk(browser, app_masuk, ASING)
    teks = page.locator('[data-testid="stMain"]').inner_text().replace("\u2060", "")  # a joiner keeps it from linking
    assert "Akun belum terdaftar" in teks and f"Akun {ASING} belum terdaftar; hubungi admin" in teks
    assert page.locator('[data-testid="stSidebarNav"]').count() == 0  # no page to go to
    assert "Ringkasan" not in page.locator("body").inner_text().split("Akun belum terdaftar")[0]
    page.context.close()


def test_a_camat_cannot_open_the_entry_pages_or_kelola_pengguna_by_url(app_masuk, browser):
    page = masuk(browser, app_masuk, CAMAT)
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


def test_a_trusted_proxy_header_names_the_user_through_the_same_path(db_organisasi, browser):
    """server.trustedUserHeaders (a front such as nginx's auth passes the email): the camat is known by the header,
    a visitor without it is told the proxy gave no identity and sees nothing else."""
    proc, url = serve(
        REPO_ROOT / "app.py",
        db_organisasi,
        extra_args=["--server.trustedUserHeaders", '{"X-Lkjip-Email": "email"}'],
        timeout=60,
    )
    try:
        ctx = browser.new_context(viewport={"width": 1400, "height": 1000}, extra_http_headers={"X-Lkjip-Email": CAMAT})
        page = ctx.new_page()
        page.goto(url)
        page.wait_for_selector("h1", timeout=30_000)
        assert wait_idle(page, 60)
        sidebar = page.locator('[data-testid="stSidebar"]').inner_text()
        assert "Masuk sebagai Camat Bontang Barat (Camat · Bontang Barat)" in sidebar, sidebar
        assert page.get_by_role("button", name="Masuk").count() == 0 and "Entri Triwulan" not in sidebar
        ctx.close()

        tanpa = browser.new_page(viewport={"width": 1400, "height": 1000})
        tanpa.goto(url)
        tanpa.wait_for_selector("h1", timeout=30_000)
        assert wait_idle(tanpa, 60)
        assert "Identitas pengguna tidak diterima dari proxy" in tanpa.locator('[data-testid="stMain"]').inner_text()
        assert tanpa.locator('[data-testid="stSidebarNav"]').count() == 0
        tanpa.close()
    finally:
        proc.terminate()
        proc.wait(timeout=10)
