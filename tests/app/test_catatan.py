"""Catatan verifikasi on the pages: a note written through lkjip shows on Entri Triwulan beside that period's values,
a note sent from the form shows in the thread and in Log Perubahan, and a pembaca sees the thread without a form."""

from __future__ import annotations

import shutil

import pytest
from streamlit.testing.v1 import AppTest

from lkjip.akses import Pengguna
from lkjip.db.catatan import tambah_catatan
from lkjip.db.pengguna import tambah_pengguna
from tests.app.test_pages import _app, _tampak, gunakan_db  # noqa: F401 (a fixture)

CAMAT = Pengguna("camat.bb@bontangkota.go.id", "Andi Camat", "camat", "Bontang Barat", "kecamatan")


@pytest.fixture
def db(tmp_path, built_db, gunakan_db):  # noqa: F811
    path = tmp_path / "lkjip.duckdb"
    shutil.copy(built_db, path)
    tambah_pengguna(path, CAMAT, oleh=Pengguna.lokal("penguji"))
    return gunakan_db(path)


def _entri(periode: str = "TW1") -> AppTest:
    at = _app()
    at.query_params["kecamatan"] = "Bontang Barat"
    at.query_params["tahun"] = "2025"
    at.session_state["tahun-entri"] = 2025
    at.session_state["periode-entri"] = periode
    return at.switch_page("pages/entri.py").run()


def _thread(at: AppTest) -> str:
    (exp,) = [e for e in at.expander if e.label.startswith("Catatan verifikasi")]
    return (
        exp.label
        + "\n"
        + "\n".join(_tampak(m.value) for m in exp.markdown)
        + "\n"
        + "\n".join(_tampak(c.value) for c in exp.caption)
    )


def test_a_camats_note_shows_on_the_entry_form_of_that_period_only(db):
    tambah_catatan(
        db, "Bontang Barat", 2025, "TW1", pengguna=CAMAT, teks="Mohon *cek* bukti [survei](http://x.id)",
        indikator_id="BB-IKU1",
    )  # fmt: skip
    at = _entri()
    assert not at.exception
    shown = _thread(at)
    assert "Catatan verifikasi (1)" in shown
    assert "Andi Camat" in shown and "Camat" in shown
    assert "Tentang: Nilai Survey Kepuasan Masyarakat (SKM)" in shown and "BB-IKU1" not in shown
    # the text as typed, never as markup: every markdown character escaped in what is sent to the browser
    (teks,) = [m.value for m in at.expander[0].markdown if "survei" in m.value]
    assert _tampak(teks) == "Mohon *cek* bukti [survei](http\u2060://x.id)"
    assert "\\*cek\\*" in teks and "\\[survei\\]" in teks
    other = _entri("TW2")
    assert not other.exception
    assert "Catatan verifikasi (0)" in _thread(other) and "Belum ada catatan untuk periode ini." in _thread(other)


def test_a_note_sent_from_the_form_shows_in_the_thread_and_in_the_change_log(db):
    at = _entri()
    at.selectbox(key="catatan-entri-indikator-0").select("BB-IKU2")
    at.text_area(key="catatan-entri-teks-0").input("Realisasi TW1 sudah dicek.")
    at.text_input(key="catatan-entri-nama-0").input("Siti Aminah")
    at.button(key="catatan-entri-kirim-0").click().run()
    assert not at.exception and not at.error
    assert "Catatan terkirim." in [s.value for s in at.success]
    shown = _thread(at)
    assert "Catatan verifikasi (1)" in shown and "Realisasi TW1 sudah dicek." in shown
    assert "Siti Aminah" in shown and "Mode lokal" in shown
    assert at.text_area(key="catatan-entri-teks-1").value == ""  # a fresh form for the next note

    at.button(key="catatan-entri-kirim-1").click().run()  # an empty note is refused in Indonesian
    assert "Catatan kosong" in at.error[0].value and "Catatan verifikasi (1)" in _thread(at)

    log = _app()
    log.switch_page("pages/audit.py").run()
    assert not log.exception
    table = log.dataframe[0].value
    row = table[table["tabel"] == "Catatan verifikasi"].iloc[0]
    assert row["nilai_baru"] == "Realisasi TW1 sudah dicek." and row["pengguna"] == "Siti Aminah"
    assert row["kolom"] == "Isi catatan" and row["kunci"].startswith("realisasi TW1 2025 Bontang Barat · ")


def _halaman_catatan() -> None:
    import streamlit as st

    from pages._catatan import tampilkan_catatan
    from pages._data import repo

    st.session_state["_pengguna"] = st.session_state["_uji_pengguna"]
    tampilkan_catatan(repo(), "Bontang Barat", 2025, "TW1", key="uji")


@pytest.mark.parametrize(("pengguna", "ada_formulir"), [
    (Pengguna("tamu@bontangkota.go.id", "Tamu", "pembaca"), False),
    (Pengguna("camat.kb@kukar.go.id", "Camat KB", "camat", "Kota Bangun", "kecamatan"), False),
    (CAMAT, True),
])  # fmt: skip
def test_the_form_is_offered_only_to_who_may_write_there(db, pengguna, ada_formulir):
    tambah_catatan(db, "Bontang Barat", 2025, "TW1", pengguna=CAMAT, teks="Sudah sesuai.")
    at = AppTest.from_function(_halaman_catatan, default_timeout=60)
    at.session_state["_uji_pengguna"] = pengguna
    at.run()
    assert not at.exception
    assert any("Sudah sesuai." in _tampak(m.value) for m in at.markdown)  # everyone reads the thread
    assert bool([b for b in at.button if b.label == "Kirim catatan"]) == ada_formulir
