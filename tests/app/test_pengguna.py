"""Kelola Pengguna and the identity at sign-in, as AppTests of app.py: the local mode's admin, a signed-in admin of
one kab/kota, an operator who may not open the page, and a sign-in whose identity does not match the one recorded.

A signed-in session is made the way Streamlit's own sign-in makes it: ``[auth]`` in the secrets and st.user from the
provider (AppTest.user: email, sub, is_logged_in)."""

from __future__ import annotations

import json
import re
import shutil

import pytest
from streamlit.testing.v1 import AppTest

from lkjip.akses import Pengguna
from lkjip.config import REPO_ROOT, get_settings
from lkjip.db.pengguna import tambah_pengguna
from lkjip.db.repository import Repository

ADMIN = Pengguna("admin@bontangkota.go.id", "Budi Santoso", "admin", "Kota Bontang", "kab_kota")
OPERATOR = Pengguna("op.bb@bontangkota.go.id", "Siti Aminah", "operator", "Bontang Barat", "kecamatan")
OPERATOR_KB = Pengguna("op.kb@kukar.go.id", "Eko", "operator", "Kota Bangun", "kecamatan")
AUTH = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "rahasia-uji-yang-cukup-panjang-untuk-cookie",
    "client_id": "lkjip",
    "client_secret": "rahasia",
    "server_metadata_url": "http://localhost:1/.well-known/openid-configuration",
}


@pytest.fixture
def db(tmp_path, built_db, monkeypatch):
    """A writable copy of the database with users, the app pointed at it through LKJIP_DB."""
    path = tmp_path / "lkjip.duckdb"
    shutil.copy(built_db, path)
    monkeypatch.setenv("LKJIP_DB", str(path))
    get_settings.cache_clear()
    yield path
    get_settings.cache_clear()


@pytest.fixture
def db_organisasi(db):
    for p in (ADMIN, OPERATOR, OPERATOR_KB):
        tambah_pengguna(db, p, oleh=Pengguna.lokal("uji"))
    return db


def _app(masuk: Pengguna | None = None, sub: str | None = None) -> AppTest:
    """app.py on Kelola Pengguna: in local mode, or signed in as ``masuk`` (with the provider's ``sub``)."""
    at = AppTest.from_file(str(REPO_ROOT / "app.py"), default_timeout=60)
    if masuk is not None:
        at.secrets["auth"] = AUTH
        at.user = {"is_logged_in": True, "email": masuk.email, "name": masuk.nama, "sub": sub or f"sub-{masuk.email}"}
    return at.switch_page("pages/pengguna.py")


def _headers(table) -> list[str]:  # type: ignore[no-untyped-def]
    config = json.loads(table.proto.columns or "{}")
    return [config.get(str(c), {}).get("label") or str(c) for c in table.value.columns]


def _baris(at: AppTest) -> dict[str, list[str]]:
    """The list of users as a person reads it: email -> the other cells."""
    (tabel,) = at.dataframe
    assert _headers(tabel) == [
        "Email",
        "Nama",
        "Peran",
        "Jenis lingkup",
        "Lingkup",
        "Aktif",
        "Pernah masuk",
        "Didaftarkan",
    ]
    df = tabel.value
    return {r[0]: [str(v) for v in r[1:]] for r in df.itertuples(index=False)}


def _tampak(md: str) -> str:
    """A message as a person reads it: data-derived text is escaped (pages/_tampilan.polos)."""
    return re.sub(r"\\(.)", r"\1", md).replace("\u2060", "")


def _subjek(db, email: str) -> str | None:  # type: ignore[no-untyped-def]
    r = Repository.open(db, read_only=True)
    try:
        rows = r.fetch("pengguna_email", email=email)
    finally:
        r.close()
    return None if rows.empty else rows.iloc[0]["subjek"]


def test_the_local_admin_makes_the_first_admin_who_then_appears_in_the_list(db):
    at = _app().run()
    assert not at.exception
    assert at.title[0].value == "Kelola Pengguna"
    assert "Belum ada pengguna terdaftar di seluruh wilayah" in at.info[0].value
    assert not at.dataframe
    at.text_input(key="tambah-0-email").input("Admin@BontangKota.go.id")
    at.text_input(key="tambah-0-nama").input("Budi Santoso")
    at.selectbox(key="tambah-0-peran").set_value("admin").run()
    assert at.selectbox(key="tambah-0-jenis").options == ["Kabupaten/kota", "Provinsi"]
    at.selectbox(key="tambah-0-lingkup").set_value("Kota Bontang")
    at.text_input(key="petugas").input("Penguji")
    at.button(key="tambah-simpan").click().run()
    assert not at.exception
    assert (
        _tampak(at.success[0].value) == "admin@bontangkota.go.id (Budi Santoso) terdaftar sebagai Admin Kota Bontang."
    )
    assert _baris(at)["admin@bontangkota.go.id"][:5] == [
        "Budi Santoso",
        "Admin",
        "Kabupaten/kota",
        "Kota Bontang",
        "ya",
    ]
    assert at.text_input(key="tambah-1-email").value == ""  # a fresh form for the next one


def test_a_local_form_that_does_not_fit_is_refused_with_the_reason_and_nothing_is_added(db):
    at = _app().run()
    at.text_input(key="tambah-0-email").input("bukan-email")
    at.text_input(key="tambah-0-nama").input("X")
    at.button(key="tambah-simpan").click().run()
    assert not at.exception
    assert "Data tidak valid" in at.error[0].value and "tidak sah" in at.error[0].value
    assert not at.dataframe and not at.success


def test_a_signed_in_admin_manages_its_kab_kota_only_changes_and_removes_with_a_confirmation(db_organisasi):
    at = _app(ADMIN).run()
    assert not at.exception
    baris = _baris(at)
    assert set(baris) == {ADMIN.email, OPERATOR.email}  # not the operator of Kota Bangun
    assert baris[ADMIN.email][5] == "ya" and baris[OPERATOR.email][5] == "tidak"  # the admin has signed in
    at.selectbox(key="tambah-0-peran").set_value("operator").run()
    assert at.selectbox(key="tambah-0-lingkup").options == ["Bontang Barat"]

    at.radio(key="pengguna-tindakan").set_value("ubah").run()
    at.selectbox(key="ubah-email").set_value(OPERATOR.email).run()
    assert at.text_input(key="ubah-0-nama").value == "Siti Aminah"  # opens on what is stored
    assert at.selectbox(key="ubah-0-lingkup").value == "Bontang Barat"
    at.selectbox(key="ubah-0-peran").set_value("camat")
    at.button(key="ubah-simpan").click().run()
    assert not at.exception
    assert "kini Camat Bontang Barat" in _tampak(at.success[0].value)
    assert _baris(at)[OPERATOR.email][1] == "Camat"

    at.radio(key="pengguna-tindakan").set_value("hapus").run()
    at.selectbox(key="hapus-email").set_value(OPERATOR.email).run()
    assert at.button(key="hapus-simpan").disabled  # not without the confirmation
    at.checkbox(key=f"hapus-1-yakin-{OPERATOR.email}").check().run()
    at.button(key="hapus-simpan").click().run()
    assert not at.exception
    assert "dihapus dari daftar pengguna" in _tampak(at.success[0].value)
    assert set(_baris(at)) == {ADMIN.email}

    at.selectbox(key="hapus-email").set_value(ADMIN.email).run()  # the last admin: only the command line
    assert "Ini akun Anda sendiri" in at.warning[0].value
    at.checkbox(key=f"hapus-2-yakin-{ADMIN.email}").check().run()
    at.button(key="hapus-simpan").click().run()
    assert "Tidak diizinkan" in at.error[0].value and "admin terakhir" in at.error[0].value
    assert set(_baris(at)) == {ADMIN.email}


def test_an_operator_cannot_open_kelola_pengguna_by_url(db_organisasi):
    at = _app(OPERATOR).run()
    assert not at.exception
    assert at.title[0].value == "Halaman tidak tersedia"
    assert at.error[0].value == "Halaman ini untuk admin; peran Anda: Operator."
    assert not at.dataframe and not at.text_input and [b.key for b in at.button] == ["keluar"]  # only Keluar


def test_the_first_sign_in_records_the_identity_and_another_identity_with_that_email_is_refused(db_organisasi):
    at = _app(OPERATOR, sub="sub-siti").switch_page("pages/ringkasan.py").run()
    assert not at.exception
    assert _subjek(db_organisasi, OPERATOR.email) == "sub-siti"
    at.switch_page("pages/audit.py").run()
    assert "sub-siti" in at.dataframe[0].value.to_string()  # the change log shows when it was recorded
    berkas = db_organisasi.stat().st_ino  # a write swaps in a new file
    lagi = _app(OPERATOR, sub="sub-siti").switch_page("pages/ringkasan.py").run()  # another session, same identity
    assert not lagi.exception and lagi.sidebar.caption and db_organisasi.stat().st_ino == berkas

    lain = _app(OPERATOR, sub="sub-orang-lain").switch_page("pages/ringkasan.py").run()
    assert not lain.exception
    assert lain.title[0].value == "Akun tidak dapat dipakai"
    pesan = _tampak(lain.error[0].value)
    assert f"Akun {OPERATOR.email} sudah terhubung dengan identitas login lain" in pesan
    assert len(lain.title) == 1 and not lain.dataframe and not lain.sidebar.caption  # nothing else shown
    assert [b.key for b in lain.button] == ["keluar"]
    assert _subjek(db_organisasi, OPERATOR.email) == "sub-siti"


def _hanya_identitas() -> None:
    """app.py's first step alone, as the main script of every rerun (AppTest runs a multipage app's later runs on
    the page itself)."""
    import streamlit as st

    from pages._identitas import identitas

    st.write(identitas().email)


def test_the_identity_is_checked_once_per_session_and_again_when_it_changes(db_organisasi, monkeypatch):
    import pages._identitas as identitas

    diperiksa = []
    periksa = identitas.periksa_subjek
    monkeypatch.setattr(identitas, "periksa_subjek", lambda *a: diperiksa.append(a[1:]) or periksa(*a))
    at = AppTest.from_function(_hanya_identitas, default_timeout=60)
    at.secrets["auth"] = AUTH
    at.user = {"is_logged_in": True, "email": OPERATOR.email, "sub": "sub-siti"}
    at.run()
    at.run()
    at.run()
    assert not at.exception and at.markdown[0].value == "op.bb@bontangkota.go.id"
    assert diperiksa == [(OPERATOR.email, "sub-siti")]  # reruns read and write nothing
    at.user = {"is_logged_in": True, "email": OPERATOR.email, "sub": "sub-orang-lain"}
    at.run()
    assert diperiksa[-1] == (OPERATOR.email, "sub-orang-lain")
    assert at.title[0].value == "Akun tidak dapat dipakai" and not at.markdown
