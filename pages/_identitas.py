"""Who is using the app: signed in with Streamlit's own st.login (OpenID Connect, `[auth]` in .streamlit/secrets.toml),
named by a trusted proxy's header (server.trustedUserHeaders, the same st.user path), or, with neither configured,
the single-user local mode of `make run`. The person's role and scope come from the database (lkjip.akses); a
signed-in email the database does not know sees only "akun belum terdaftar". The first sign-in records the identity
provider's subject; a later one with the same email and another subject sees only that it is refused."""

from __future__ import annotations

import logging

import streamlit as st

from lkjip.akses import Pengguna
from lkjip.config import tulis_ke
from lkjip.db.pengguna import cari_pengguna, catat_subjek, periksa_subjek
from lkjip.errors import AksesDitolak, LkjipError
from pages._data import repo
from pages._tampilan import polos, tampilkan_error

PERAN = {
    "admin": "Admin",
    "verifikator": "Verifikator",
    "camat": "Camat",
    "operator": "Operator",
    "pembaca": "Pembaca",
}


def _auth_ada() -> bool:
    """An identity provider is configured (`[auth]` in the secrets)."""
    try:
        return "auth" in st.secrets
    except Exception:  # noqa: BLE001 - no secrets file at all: Streamlit raises its own not-found error
        return False


def _proxy_ada() -> bool:
    return bool(st.get_option("server.trustedUserHeaders"))


def mode_lokal() -> bool:
    """Neither sign-in nor a proxy's identity: one person on their own machine (`make run`)."""
    return not (_auth_ada() or _proxy_ada())


def _email_masuk() -> str | None:
    """The authenticated email: from the provider after st.login, or from the proxy's header."""
    user = st.user.to_dict()
    if user.get("is_logged_in") is False:
        return None
    email = user.get("email")
    return str(email).strip().lower() if email else None


def _subjek_masuk() -> str | None:
    """The provider's subject of this sign-in (st.login gives the ID token's "sub"; a proxy's header gives none)."""
    sub = st.user.to_dict().get("sub")
    return (str(sub).strip() or None) if sub else None


def _periksa_identitas(pengguna: Pengguna) -> None:
    """The first sign-in records the provider's subject for the user; a sign-in with another subject stops the run
    with only the refusal. Once per session, email and subject: a rerun reads and writes nothing (a write copies the
    whole database file). A database that cannot take the write lets the person in unrecorded (logged; the next
    session tries again) rather than lock every user out."""
    sub = _subjek_masuk()
    if sub is None or st.session_state.get("_subjek_diperiksa") == (pengguna.email, sub):
        return
    try:
        if periksa_subjek(repo(), pengguna.email, sub):
            catat_subjek(tulis_ke(), pengguna, sub)
    except AksesDitolak as exc:
        st.title("Akun tidak dapat dipakai")
        tampilkan_error(exc)
        if _auth_ada():
            st.button("Keluar", key="keluar", on_click=st.logout)
        _tanpa_navigasi()
        st.stop()
    except LkjipError as exc:
        logging.getLogger("lkjip").warning("subjek %s tidak dapat dicatat: %s", pengguna.email, exc)
    st.session_state["_subjek_diperiksa"] = (pengguna.email, sub)


def _tanpa_navigasi() -> None:
    """No page list on a screen before sign-in: a navigation with one hidden page (without any, the first visitor
    after a server start would see Streamlit's automatic list of the pages/ files)."""
    st.navigation([st.Page(_kosong, title="Masuk", url_path="masuk")], position="hidden")


def _kosong() -> None:
    """The sign-in screens draw themselves before the navigation; its page has nothing to add."""


def identitas() -> Pengguna:
    """The person using this run, with role and scope; stops the run with the sign-in screen or "akun belum
    terdaftar" when there is no one to act as. The sidebar says who it is (or that the app is in local mode)."""
    if mode_lokal():
        st.sidebar.caption("Mode lokal: tanpa login. Perubahan dicatat sebagai lokal.")
        return Pengguna.lokal(st.session_state.get("_petugas") or None)
    email = _email_masuk()
    if email is None:
        st.title("Kinerja Kecamatan (LKjIP)")
        if _auth_ada():
            st.write("Masuk dengan akun organisasi Anda untuk melihat dan mengisi data kinerja kecamatan.")
            st.button("Masuk", type="primary", icon=":material/login:", key="masuk", on_click=st.login)
        else:
            st.error("Identitas pengguna tidak diterima dari proxy; hubungi pengelola dasbor.")
        _tanpa_navigasi()
        st.stop()
    try:
        pengguna = cari_pengguna(repo(), email)
    except LkjipError as exc:
        tampilkan_error(exc)
        st.stop()
    if pengguna is None:
        st.title("Akun belum terdaftar")
        st.error(polos(f"Akun {email} belum terdaftar; hubungi admin dasbor di kab/kota Anda."))
        if _auth_ada():
            st.button("Keluar", key="keluar", on_click=st.logout)
        _tanpa_navigasi()
        st.stop()
    _periksa_identitas(pengguna)
    cakupan = f" · {pengguna.lingkup}" if pengguna.lingkup else ""
    st.sidebar.caption(polos(f"Masuk sebagai {pengguna.nama} ({PERAN.get(pengguna.peran, pengguna.peran)}{cakupan})"))
    if _auth_ada():
        st.sidebar.button("Keluar", key="keluar", icon=":material/logout:", on_click=st.logout)
    return pengguna
