"""The write forms' shared steps (Impor Data, Entri Triwulan): checks that list every problem and stop the page,
and who is saving."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from lkjip.akses import Pengguna
from lkjip.errors import LkjipError
from lkjip.format import tabel_tampilan
from lkjip.io.impor import LABEL_PRATINJAU, Rencana
from lkjip.io.validasi import ValidasiGagal
from pages._tampilan import tabel_data, tampilkan_error


def rencana_atau_berhenti(
    periksa: Callable[[], Rencana], masalah: Callable[[ValidasiGagal], pd.DataFrame] | None = None
) -> Rencana:
    """Run the import checks; on any problem show them all (nothing is saved) and stop the page.

    ``masalah`` shapes the problem table (a form names indicators, not sheet rows)."""
    try:
        return periksa()
    except ValidasiGagal as exc:
        st.error(f"**{len(exc.masalah)} masalah ditemukan; tidak ada yang disimpan.** Perbaiki lalu coba lagi.")
        tabel_data(tabel_tampilan(masalah(exc) if masalah else exc.as_frame(), {}), "masalah", label=LABEL_PRATINJAU)
        st.stop()
    except LkjipError as exc:
        tampilkan_error(exc)
        st.stop()
    raise AssertionError("st.stop() returns only in bare mode")


def petugas() -> Pengguna:
    """Who is saving: the signed-in person (app.py's identitas), written to the change log with their role. In the
    local mode (no sign-in) the name is typed and kept for the session, and the log says it was typed locally."""
    masuk = st.session_state.get("_pengguna")
    if masuk is not None and not masuk.adalah_lokal:
        return masuk
    nama = st.text_input(
        "Nama petugas (dicatat di Log Perubahan)",
        value=st.session_state.get("_petugas", ""),
        max_chars=80,
        key="petugas",
    ).strip()
    st.session_state["_petugas"] = nama
    return Pengguna.lokal(nama or None)
