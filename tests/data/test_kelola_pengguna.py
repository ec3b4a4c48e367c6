"""Managing users and the identity at first sign-in, below the interface (issue 16): called directly as a forged
request would, so only lkjip stands between a role and a write it may not make."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from lkjip.akses import Pengguna
from lkjip.db.pengguna import (
    catat_subjek,
    hapus_pengguna,
    letak_kecamatan,
    pengguna_kelola,
    periksa_subjek,
    pilihan_lingkup,
    tambah_pengguna,
)
from lkjip.db.repository import Repository
from lkjip.errors import AksesDitolak, DataError

LOKAL = Pengguna.lokal("penguji")
ADMIN = Pengguna("admin@bontangkota.go.id", "Budi", "admin", "Kota Bontang", "kab_kota")
OPERATOR = Pengguna("op.bb@bontangkota.go.id", "Siti", "operator", "Bontang Barat", "kecamatan")
CAMAT = Pengguna("camat.bb@bontangkota.go.id", "Andi", "camat", "Bontang Barat", "kecamatan")
VERIFIKATOR = Pengguna("ortala@bontangkota.go.id", "Rina", "verifikator", "Kota Bontang", "kab_kota")
PEMBACA = Pengguna("baca@bontangkota.go.id", "Ani", "pembaca", "Kota Bontang", "kab_kota")
OPERATOR_KB = Pengguna("op.kb@kukar.go.id", "Eko", "operator", "Kota Bangun", "kecamatan")
BARU = Pengguna("baru@bontangkota.go.id", "Dewi", "operator", "Bontang Barat", "kecamatan")


@pytest.fixture
def db(tmp_path, built_db) -> Path:
    path = tmp_path / "lkjip.duckdb"
    shutil.copy(built_db, path)
    for p in (ADMIN, OPERATOR, CAMAT, VERIFIKATOR, PEMBACA, OPERATOR_KB):
        tambah_pengguna(path, p, oleh=LOKAL)
    return path


def _rows(db: Path, sql: str) -> list[tuple]:
    repo = Repository.open(db)
    try:
        return repo.con.execute(sql).fetchall()
    finally:
        repo.close()


def _pengguna(db: Path) -> list[tuple]:
    return _rows(db, "SELECT email, subjek, nama, peran, jenis_lingkup, lingkup, dibuat FROM pengguna ORDER BY email")


def _log(db: Path) -> list[tuple]:
    return _rows(db, "SELECT kunci, kolom, nilai_lama, nilai_baru, sumber, pengguna, peran FROM audit_log ORDER BY ALL")


@pytest.mark.parametrize("bukan_admin", [OPERATOR, CAMAT, VERIFIKATOR, PEMBACA], ids=lambda p: p.peran)
def test_no_role_but_admin_adds_changes_or_removes_a_user_and_nothing_is_written(db, bukan_admin):
    sebelum, log = _pengguna(db), _log(db)
    pesan = f"{bukan_admin.peran} {bukan_admin.lingkup} tidak boleh mengelola pengguna"
    with pytest.raises(AksesDitolak, match=pesan):
        tambah_pengguna(db, BARU, oleh=bukan_admin)
    with pytest.raises(AksesDitolak, match=pesan):  # giving itself another role
        tambah_pengguna(db, Pengguna(bukan_admin.email, "X", "admin", "Kota Bontang"), oleh=bukan_admin, ganti=True)
    with pytest.raises(AksesDitolak, match=pesan):
        hapus_pengguna(db, OPERATOR.email, oleh=bukan_admin)
    assert (_pengguna(db), _log(db)) == (sebelum, log)


def test_an_admin_changes_and_removes_only_users_inside_its_scope(db):
    with pytest.raises(AksesDitolak, match="di luar wilayahnya"):
        hapus_pengguna(db, OPERATOR_KB.email, oleh=ADMIN)
    with pytest.raises(AksesDitolak, match="di luar wilayahnya"):  # moving a user of Kota Bangun into Bontang
        tambah_pengguna(db, Pengguna(OPERATOR_KB.email, "Eko", "operator", "Bontang Barat"), oleh=ADMIN, ganti=True)
    with pytest.raises(AksesDitolak, match="di luar wilayahnya"):  # or one of its own out of it
        tambah_pengguna(db, Pengguna(OPERATOR.email, "Siti", "operator", "Kota Bangun"), oleh=ADMIN, ganti=True)
    p = tambah_pengguna(db, Pengguna(OPERATOR.email, "Siti A.", "camat", "Bontang Barat"), oleh=ADMIN, ganti=True)
    assert (p.peran, p.nama) == ("camat", "Siti A.")
    hapus_pengguna(db, PEMBACA.email, oleh=ADMIN)
    assert PEMBACA.email not in {r[0] for r in _pengguna(db)}


def test_an_admin_lists_and_is_offered_only_its_own_scope(db):
    repo = Repository.open(db, read_only=True)
    try:
        assert set(pengguna_kelola(repo, ADMIN)["email"]) == {
            p.email for p in (ADMIN, OPERATOR, CAMAT, VERIFIKATOR, PEMBACA)
        }
        semua = pengguna_kelola(repo, LOKAL)
        assert OPERATOR_KB.email in set(semua["email"])
        assert "subjek" not in semua.columns and not semua["terhubung"].any()
        letak = letak_kecamatan(repo)
    finally:
        repo.close()
    assert pilihan_lingkup(ADMIN, letak) == {
        "kecamatan": ("Bontang Barat",),
        "kab_kota": ("Kota Bontang",),
        "provinsi": (),
    }
    prov = Pengguna("prov@kaltim.go.id", "Dewi", "admin", "Kalimantan Timur", "provinsi")
    kaltim = pilihan_lingkup(prov, letak)
    assert kaltim["kecamatan"] == ("Balikpapan Selatan", "Bontang Barat", "Kota Bangun")
    assert kaltim["provinsi"] == ("Kalimantan Timur",) and "Kota Bekasi" not in kaltim["kab_kota"]
    assert "Bantargebang" in pilihan_lingkup(LOKAL, letak)["kecamatan"]


def _subjek(db: Path, email: str) -> str | None:
    return _rows(db, f"SELECT subjek FROM pengguna WHERE email = '{email}'")[0][0]  # noqa: S608


def test_the_subject_is_recorded_at_the_first_sign_in_once_and_another_one_is_refused(db):
    assert catat_subjek(db, OPERATOR, "sub-siti-1") is True
    assert _subjek(db, OPERATOR.email) == "sub-siti-1"
    baris = (OPERATOR.email, "subjek", None, "sub-siti-1", "masuk pertama", OPERATOR.email, "operator")
    assert baris in _log(db)
    log = _log(db)
    assert catat_subjek(db, OPERATOR, "sub-siti-1") is False  # the same identity again: nothing written
    assert _log(db) == log
    repo = Repository.open(db, read_only=True)
    try:
        assert periksa_subjek(repo, OPERATOR.email, "sub-siti-1") is False
        assert periksa_subjek(repo, CAMAT.email, "sub-andi") is True  # none stored yet
        with pytest.raises(AksesDitolak, match="sudah terhubung dengan identitas login lain"):
            periksa_subjek(repo, OPERATOR.email, "sub-orang-lain")
    finally:
        repo.close()
    with pytest.raises(AksesDitolak, match="sudah terhubung dengan identitas login lain"):
        catat_subjek(db, OPERATOR, "sub-orang-lain")  # also under the lock: the first identity stays
    assert _subjek(db, OPERATOR.email) == "sub-siti-1" and _log(db) == log
    with pytest.raises(DataError, match="tidak memberikan subjek"):
        catat_subjek(db, CAMAT, "  ")


def test_a_changed_role_keeps_its_identity_and_date_and_removing_then_adding_again_frees_the_email(db):
    catat_subjek(db, OPERATOR, "sub-siti-1")
    (sebelum,) = [r for r in _pengguna(db) if r[0] == OPERATOR.email]
    tambah_pengguna(db, Pengguna(OPERATOR.email, "Siti", "camat", "Bontang Barat"), oleh=ADMIN, ganti=True)
    (sesudah,) = [r for r in _pengguna(db) if r[0] == OPERATOR.email]
    assert (sesudah[1], sesudah[3], sesudah[6]) == ("sub-siti-1", "camat", sebelum[6])
    hapus_pengguna(db, OPERATOR.email, oleh=ADMIN)
    tambah_pengguna(db, OPERATOR, oleh=ADMIN)
    assert _subjek(db, OPERATOR.email) is None
    assert catat_subjek(db, OPERATOR, "sub-siti-baru") is True


def test_the_last_admin_keeps_its_role_unless_the_command_line_changes_it(db):
    sebelum = _pengguna(db)
    with pytest.raises(AksesDitolak, match="admin terakhir; daftarkan admin lain dulu"):
        tambah_pengguna(db, Pengguna(ADMIN.email, "Budi", "pembaca", "Kota Bontang"), oleh=ADMIN, ganti=True)
    assert _pengguna(db) == sebelum
    kedua = Pengguna("admin2@bontangkota.go.id", "Rudi", "admin", "Kota Bontang", "kab_kota")
    tambah_pengguna(db, kedua, oleh=ADMIN)
    tambah_pengguna(db, Pengguna(ADMIN.email, "Budi", "pembaca", "Kota Bontang"), oleh=kedua, ganti=True)
    tambah_pengguna(db, Pengguna(kedua.email, "Rudi", "verifikator", "Kota Bontang"), oleh=LOKAL, ganti=True)
    assert {r[3] for r in _pengguna(db)} >= {"pembaca", "verifikator"} and "admin" not in {r[3] for r in _pengguna(db)}
