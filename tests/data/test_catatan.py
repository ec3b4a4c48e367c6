"""Catatan verifikasi (issue 16 item 6): a note per period or per value, written through lkjip only by those who may,
in any workflow state, kept by a backup, and shown readably in the change log. Called directly, as a forged request
would be (no page hides anything here)."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import duckdb
import pytest
from openpyxl import load_workbook

from lkjip.akses import BOLEH, Pengguna, boleh
from lkjip.build import build
from lkjip.config import DATA_DIR
from lkjip.db import status
from lkjip.db.catatan import PANJANG_MAKS, daftar_catatan, karakter_kendali, tambah_catatan
from lkjip.db.pengguna import tambah_pengguna
from lkjip.db.repository import Repository
from lkjip.errors import AksesDitolak, DataError
from lkjip.io import cadangan
from lkjip.io.impor import log_tampilan
from lkjip.io.impor.sel import karakter_kendali as karakter_kendali_impor
from lkjip.io.impor.tampilan import nama_tabel
from lkjip.io.validasi import ValidasiGagal
from lkjip.laporan import audit

LOKAL = Pengguna.lokal("penguji")
OPERATOR = Pengguna("op.bb@bontangkota.go.id", "Siti", "operator", "Bontang Barat", "kecamatan")
CAMAT = Pengguna("camat.bb@bontangkota.go.id", "Andi", "camat", "Bontang Barat", "kecamatan")
VERIFIKATOR = Pengguna("ortala@bontangkota.go.id", "Rina", "verifikator", "Kota Bontang", "kab_kota")
ADMIN = Pengguna("admin@bontangkota.go.id", "Budi", "admin", "Kota Bontang", "kab_kota")
PEMBACA = Pengguna("tamu@bontangkota.go.id", "Tamu", "pembaca")
PER = ("Bontang Barat", 2025, "TW1")


@pytest.fixture
def db(tmp_path, built_db) -> Path:
    path = tmp_path / "lkjip.duckdb"
    shutil.copy(built_db, path)
    for p in (ADMIN, OPERATOR, CAMAT, VERIFIKATOR, PEMBACA):
        tambah_pengguna(path, p, oleh=LOKAL)
    return path


def _rows(db: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def _daftar(db: Path, periode: str | None = "TW1"):  # type: ignore[no-untyped-def]
    repo = Repository.open(db)
    try:
        return daftar_catatan(repo, "Bontang Barat", 2025, periode)
    finally:
        repo.close()


def test_a_camats_note_on_a_value_is_written_with_its_change_log_row(db):
    n = tambah_catatan(
        db, *PER, pengguna=CAMAT, teks="  Mohon lampirkan bukti\r\nsurvei IKM.  ", indikator_id="BB-IKU1"
    )
    m = tambah_catatan(db, *PER, pengguna=OPERATOR, teks="Bukti sudah diunggah.")
    assert (n, m) == (1, 2)
    thread = _daftar(db)
    assert thread[["indikator_id", "teks", "pengguna", "nama_pengguna", "peran"]].values.tolist() == [
        ["BB-IKU1", "Mohon lampirkan bukti\nsurvei IKM.", CAMAT.email, "Andi", "camat"],
        [None, "Bukti sudah diunggah.", OPERATOR.email, "Siti", "operator"],
    ]
    assert thread["indikator"].iloc[0] == "Nilai Survey Kepuasan Masyarakat (SKM)"
    assert _daftar(db, "TW2").empty and len(_daftar(db, None)) == 2
    log = _rows(
        db,
        "SELECT tabel, kunci, kolom, nilai_lama, nilai_baru, pengguna, peran FROM audit_log "
        "WHERE tabel = 'catatan_verifikasi' ORDER BY waktu",
    )
    assert log == [
        (
            "catatan_verifikasi",
            "realisasi TW1 2025 Bontang Barat · Nilai Survey Kepuasan Masyarakat (SKM) (BB-IKU1)",
            "teks",
            None,
            "Mohon lampirkan bukti\nsurvei IKM.",
            CAMAT.email,
            "camat",
        ),
        ("catatan_verifikasi", "realisasi TW1 2025 Bontang Barat", "teks", None, "Bukti sudah diunggah.",
         OPERATOR.email, "operator"),
    ]  # fmt: skip


def test_the_change_log_names_the_note_in_words(db):
    tambah_catatan(db, *PER, pengguna=CAMAT, teks="Periksa 95,10")
    repo = Repository.open(db)
    try:
        shown = log_tampilan(audit(repo))
    finally:
        repo.close()
    row = shown[shown["kunci"] == "realisasi TW1 2025 Bontang Barat"].iloc[0]
    assert (row["tabel"], row["kolom"], row["nilai_baru"], row["peran"]) == (
        "Catatan verifikasi",
        "Isi catatan",
        "Periksa 95,10",
        "Camat",
    )
    assert "catatan_verifikasi" not in shown["tabel"].tolist() and "status_periode" not in shown["tabel"].tolist()
    assert nama_tabel("status_periode") == "Status periode" and nama_tabel("tabel_baru_nanti") == "Tabel baru nanti"


def test_a_pembaca_and_a_role_outside_its_scope_are_refused_and_nothing_is_written(db):
    before = db.read_bytes()
    with pytest.raises(AksesDitolak, match="pembaca tidak boleh menulis catatan verifikasi Bontang Barat"):
        tambah_catatan(db, *PER, pengguna=PEMBACA, teks="boleh?")
    with pytest.raises(AksesDitolak, match="camat Bontang Barat tidak boleh menulis catatan verifikasi Kota Bangun"):
        tambah_catatan(db, "Kota Bangun", 2025, "TW1", pengguna=CAMAT, teks="bukan wilayah saya")
    with pytest.raises(AksesDitolak, match="verifikator Kota Bontang tidak boleh .* Kota Bangun: Kota Bangun di luar"):
        tambah_catatan(db, "Kota Bangun", 2025, "TW1", pengguna=VERIFIKATOR, teks="x")
    # an indicator of another kecamatan, put into a forged call on one's own kecamatan
    with pytest.raises(DataError, match="Indikator 'KB-IKU2' bukan indikator Bontang Barat"):
        tambah_catatan(db, *PER, pengguna=CAMAT, teks="x", indikator_id="KB-IKU2")
    assert db.read_bytes() == before
    # every role but pembaca may write inside its scope
    assert {p for p, t in BOLEH.items() if "catat" in t} == {"admin", "verifikator", "camat", "operator"}
    assert tambah_catatan(db, *PER, pengguna=VERIFIKATOR, teks="Dicek") == 1
    assert tambah_catatan(db, *PER, pengguna=ADMIN, teks="Dicek juga") == 2
    assert not boleh(PEMBACA, "catat", "Bontang Barat", {})


@pytest.mark.parametrize(
    ("teks", "pesan"),
    [
        ("", "Catatan kosong"),
        (" \n\t ", "Catatan kosong"),
        ("x" * (PANJANG_MAKS + 1), r"terlalu panjang \(2\.001 karakter; paling banyak 2\.000\)"),
        ("awas\u202eteks terbalik", "karakter kendali U\\+202E"),
        ("bel\x07", "karakter kendali U\\+0007"),
        ("nol\u200blebar", "karakter kendali U\\+200B"),
    ],
)
def test_a_text_that_cannot_be_stored_is_refused_in_indonesian(db, teks, pesan):
    before = db.read_bytes()
    with pytest.raises(DataError, match=pesan):
        tambah_catatan(db, *PER, pengguna=CAMAT, teks=teks)
    assert db.read_bytes() == before


def test_the_text_is_nfc_and_the_longest_allowed_is_kept_whole(db):
    # 2.001 characters as typed (e + combining accent), 2.000 once composed: the stored text is what is counted
    tambah_catatan(db, *PER, pengguna=CAMAT, teks="Cafe\u0301 " + "y" * (PANJANG_MAKS - 5))
    (teks,) = _daftar(db)["teks"]
    assert teks.startswith("Caf\u00e9 ") and len(teks) == PANJANG_MAKS


@pytest.mark.parametrize("ch", ["\t", "\n", "\x00", "\x1f", "\x85", "\u200d", "\ufeff", "\ud800", "\ufffe", "é", "ا"])
def test_the_character_rule_is_the_imports(ch):
    assert karakter_kendali(f"a{ch}b") == karakter_kendali_impor(f"a{ch}b")


def test_a_note_is_allowed_on_a_locked_period_and_leaves_its_state(db):
    # the quarter is submitted, approved and locked without any value typed: the workflow does not need one
    status.ajukan(db, *PER, pengguna=OPERATOR)
    status.setujui(db, *PER, pengguna=CAMAT)
    assert status.kunci(db, *PER, pengguna=VERIFIKATOR) == "terkunci"
    tambah_catatan(db, *PER, pengguna=CAMAT, teks="Sudah sesuai bukti.", indikator_id="BB-IKU2")
    tambah_catatan(db, *PER, pengguna=OPERATOR, teks="Terima kasih.")
    repo = Repository.open(db)
    try:
        assert status.status_periode(repo, *PER) == "terkunci"
    finally:
        repo.close()
    assert _daftar(db)["teks"].tolist() == ["Sudah sesuai bukti.", "Terima kasih."]


def test_an_unknown_period_is_refused(db):
    with pytest.raises(DataError, match="Periode 'TW5' tidak dikenal"):
        tambah_catatan(db, "Bontang Barat", 2025, "TW5", pengguna=CAMAT, teks="x")


def test_a_backup_round_trip_keeps_the_notes(db, tmp_path):
    tambah_catatan(db, *PER, pengguna=CAMAT, teks="Baris satu\nbaris dua =1+1", indikator_id="BB-IKU1")
    tambah_catatan(db, *PER, pengguna=LOKAL, teks="Catatan lokal")
    before = _rows(db, "SELECT * FROM catatan_verifikasi ORDER BY id")
    repo = Repository.open(db)
    try:
        data = cadangan.ekspor(repo)
    finally:
        repo.close()
    target = tmp_path / "pulih.duckdb"
    cadangan.pulihkan(target, cadangan.periksa_cadangan("cadangan.xlsx", data), pengguna=ADMIN)
    assert _rows(target, "SELECT * FROM catatan_verifikasi ORDER BY id") == before
    assert len(before) == 2
    # and a restored database goes on numbering after them
    assert tambah_catatan(target, *PER, pengguna=LOKAL, teks="setelah pemulihan") == 3


def test_a_backup_made_before_the_notes_existed_restores_with_none(db, tmp_path):
    repo = Repository.open(db)
    try:
        data = cadangan.ekspor(repo)
    finally:
        repo.close()
    wb = load_workbook(io.BytesIO(data))
    del wb["catatan_verifikasi"]
    manifest = wb[cadangan.MANIFEST]
    for r in range(manifest.max_row, 0, -1):
        if manifest.cell(r, 1).value == "catatan_verifikasi":
            manifest.delete_rows(r)
    buf = io.BytesIO()
    wb.save(buf)
    target = tmp_path / "lama.duckdb"
    cadangan.pulihkan(target, cadangan.periksa_cadangan("cadangan.xlsx", buf.getvalue()), pengguna=ADMIN)
    assert _rows(target, "SELECT count(*) FROM catatan_verifikasi") == [(0,)]


def test_a_note_whose_kecamatan_or_indicator_is_not_in_the_backup_is_refused(db):
    tambah_catatan(db, *PER, pengguna=CAMAT, teks="x", indikator_id="BB-IKU1")
    repo = Repository.open(db)
    try:
        data = cadangan.ekspor(repo)
    finally:
        repo.close()
    wb = load_workbook(io.BytesIO(data))
    ws = wb["catatan_verifikasi"]
    header = [c.value for c in ws[1]]
    ws.cell(2, header.index("indikator_id") + 1, value="TIDAK-ADA")
    buf = io.BytesIO()
    wb.save(buf)
    with pytest.raises(ValidasiGagal) as info:  # whatever the consent
        cadangan.periksa_cadangan("cadangan.xlsx", buf.getvalue(), terima_ubahan=cadangan.SETUJU_UBAHAN)
    assert any("catatan_verifikasi" in str(m) and "TIDAK-ADA" in str(m) for m in info.value.masalah)


def test_a_rebuild_from_data_throws_the_notes_and_states_away_and_keeps_the_users(db):
    """A rebuild starts again from data/: imports, workflow states, the change log and the notes written since go
    (a note would point at values that are gone); only the users are kept (lkjip.build)."""
    tambah_catatan(db, *PER, pengguna=CAMAT, teks="hilang saat dibangun ulang")
    status.ajukan(db, *PER, pengguna=OPERATOR)
    build(db, DATA_DIR)
    assert _rows(db, "SELECT count(*) FROM catatan_verifikasi") == [(0,)]
    assert _rows(db, "SELECT count(*) FROM status_periode") == [(0,)]
    assert _rows(db, "SELECT count(*) FROM pengguna") == [(5,)]
