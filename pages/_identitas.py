"""Who is using the app: signed in with Streamlit's own st.login (OpenID Connect, `[auth]` in .streamlit/secrets.toml),
named by a trusted proxy's header (server.trustedUserHeaders, the same st.user path), or, with neither configured,
the single-user local mode of `make run`. The person's role and scope come from the database (lkjip.akses); a
signed-in email the database does not know sees only "akun belum terdaftar"."""

from __future__ import annotations

import streamlit as st

from lkjip.akses import Pengguna
from lkjip.db.pengguna import cari_pengguna
from lkjip.errors import LkjipError
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
    cakupan = f" · {pengguna.lingkup}" if pengguna.lingkup else ""
    st.sidebar.caption(polos(f"Masuk sebagai {pengguna.nama} ({PERAN.get(pengguna.peran, pengguna.peran)}{cakupan})"))
    if _auth_ada():
        st.sidebar.button("Keluar", key="keluar", icon=":material/logout:", on_click=st.logout)
    return pengguna
