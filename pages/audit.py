"""Log Perubahan: every write by an import or the form (when, what, old -> new, file and SHA-256)."""

import streamlit as st

from lkjip import laporan
from lkjip.errors import LkjipError
from pages._shared import repo, tabel, tampilkan_error

try:
    df = laporan.audit(repo())
except LkjipError as exc:
    tampilkan_error(exc)
    st.stop()
st.title("Log Perubahan")
if df.empty:
    st.info("Belum ada perubahan lewat impor atau formulir.")
    st.stop()
tabel(df, list(df.columns), {}, "log_perubahan", "audit")
