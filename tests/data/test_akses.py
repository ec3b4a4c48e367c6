"""Sign-in's core below the interface (issue 16): users in the database, roles and scopes enforced by every write, and
the approval workflow, called directly as a forged request would (no page hides anything here)."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from lkjip.__main__ import main
from lkjip.akses import Pengguna
from lkjip.build import build
from lkjip.config import DATA_DIR
from lkjip.db import status
from lkjip.db.pengguna import cari_pengguna, daftar_pengguna, hapus_pengguna, tambah_pengguna
from lkjip.db.repository import Repository
from lkjip.errors import AksesDitolak, AlurDitolak, DataError, PeriodeTerkunci
from lkjip.io import cadangan
from lkjip.io.impor import periksa, terapkan
from lkjip.io.templat import templat

LOKAL = Pengguna.lokal("penguji")
OPERATOR = Pengguna("op.bb@bontangkota.go.id", "Siti", "operator", "Bontang Barat", "kecamatan")
CAMAT = Pengguna("camat.bb@bontangkota.go.id", "Andi", "camat", "Bontang Barat", "kecamatan")
VERIFIKATOR = Pengguna("ortala@bontangkota.go.id", "Rina", "verifikator", "Kota Bontang", "kab_kota")
ADMIN = Pengguna("admin@bontangkota.go.id", "Budi", "admin", "Kota Bontang", "kab_kota")


@pytest.fixture
def db(tmp_path, built_db) -> Path:
    path = tmp_path / "lkjip.duckdb"
    shutil.copy(built_db, path)
    for p in (ADMIN, OPERATOR, CAMAT, VERIFIKATOR):
        tambah_pengguna(path, p, oleh=LOKAL)
    return path


def _rows(db: Path, sql: str) -> list[tuple]:
    repo = Repository.open(db)
    try:
        return repo.con.execute(sql).fetchall()
    finally:
        repo.close()


def _realisasi(db: Path, rows: list[list], name: str = "tw1.xlsx"):
    repo = Repository.open(db)
    try:
        wb = load_workbook(io.BytesIO(templat(repo)))
        for r in rows:
            wb["realisasi"].append(r)
        out = io.BytesIO()
        wb.save(out)
        return periksa(repo, name, out.getvalue())
    finally:
        repo.close()


def _nilai(db: Path, indikator: str) -> list[tuple]:
    return _rows(db, f"SELECT nilai FROM realisasi WHERE indikator_id = '{indikator}' AND tahun = 2025")  # noqa: S608


# ---------------------------------------------------------------- users
def test_users_are_found_by_email_in_any_case_and_an_unknown_email_is_none(db):
    repo = Repository.open(db)
    try:
        assert cari_pengguna(repo, "  OP.BB@BontangKota.go.id ") == OPERATOR
        assert cari_pengguna(repo, "tamu@contoh.id") is None
        assert cari_pengguna(repo, "") is None
        assert set(daftar_pengguna(repo)["email"]) == {p.email for p in (ADMIN, OPERATOR, CAMAT, VERIFIKATOR)}
    finally:
        repo.close()


@pytest.mark.parametrize(
    ("baru", "pesan"),
    [
        (Pengguna("bukan-email", "X", "operator", "Bontang Barat"), "tidak sah"),
        (Pengguna("x@a.id", "X", "bupati", "Bontang Barat"), "Peran 'bupati' tidak dikenal"),
        (Pengguna("x@a.id", "X", "camat", "Kota Bontang"), "harus kecamatan yang tercatat; 'Kota Bontang' adalah kab"),
        (Pengguna("x@a.id", "X", "operator", "Kecamatan Khayalan"), "tidak tercatat di basis data"),
        (Pengguna("x@a.id", "X", "verifikator", "Kalimantan Timur"), "adalah provinsi"),
        (Pengguna("x@a.id", "X", "admin", None), "memerlukan lingkup"),
    ],
)
def test_a_role_and_scope_that_do_not_fit_are_refused_in_indonesian(db, baru, pesan):
    with pytest.raises(DataError, match=pesan):
        tambah_pengguna(db, baru, oleh=LOKAL)


def test_the_scope_kind_is_read_from_the_name_and_an_admin_manages_only_its_own_scope(db):
    p = tambah_pengguna(db, Pengguna("Prov@Kaltim.go.id", "Dewi", "admin", "Kalimantan Timur"), oleh=LOKAL)
    assert (p.email, p.jenis_lingkup) == ("prov@kaltim.go.id", "provinsi")
    tambah_pengguna(db, Pengguna("baca@bontangkota.go.id", "Ani", "pembaca", "Bontang Barat"), oleh=ADMIN)
    with pytest.raises(AksesDitolak, match="di luar wilayahnya"):
        tambah_pengguna(db, Pengguna("op.kb@kukar.go.id", "Eko", "operator", "Kota Bangun"), oleh=ADMIN)
    with pytest.raises(AksesDitolak, match="operator Bontang Barat tidak boleh mengelola pengguna"):
        tambah_pengguna(db, Pengguna("x@bontangkota.go.id", "X", "operator", "Bontang Barat"), oleh=OPERATOR)
    with pytest.raises(DataError, match="sudah terdaftar"):
        tambah_pengguna(db, OPERATOR, oleh=ADMIN)
    hapus_pengguna(db, "baca@bontangkota.go.id", oleh=ADMIN)
    log = _rows(db, "SELECT kunci, kolom, nilai_baru, pengguna, peran, sumber FROM audit_log WHERE tabel = 'pengguna'")
    assert ("baca@bontangkota.go.id", "peran", "pembaca", ADMIN.email, "admin", "tambah pengguna") in log
    assert ("baca@bontangkota.go.id", "peran", None, ADMIN.email, "admin", "hapus pengguna") in log


def test_the_first_admin_is_made_on_the_command_line_and_kept_across_a_rebuild(tmp_path, built_db, capsys):
    path = tmp_path / "lkjip.duckdb"
    shutil.copy(built_db, path)
    argv = ["pengguna", "tambah", "--db", str(path), "--email", "Admin@BontangKota.go.id", "--nama", "Budi"]
    assert main([*argv, "--peran", "admin", "--lingkup", "Kota Bontang"]) == 0
    assert "terdaftar sebagai admin untuk Kota Bontang (kab_kota)" in capsys.readouterr().out
    assert main(["pengguna", "daftar", "--db", str(path)]) == 0
    assert "admin@bontangkota.go.id" in capsys.readouterr().out
    assert main(["pengguna", "tambah", "--db", str(path), "--email", "c@a.id", "--nama", "C", "--peran", "camat",
                 "--lingkup", "Kota Bontang"]) == 2  # fmt: skip
    assert "harus kecamatan" in capsys.readouterr().err
    build(path, DATA_DIR)  # a rebuild drops imports but keeps the users
    assert _rows(path, "SELECT email, peran, lingkup FROM pengguna") == [
        ("admin@bontangkota.go.id", "admin", "Kota Bontang")
    ]
    assert main(["pengguna", "hapus", "--db", str(path), "--email", "admin@bontangkota.go.id"]) == 0
    assert _rows(path, "SELECT count(*) FROM pengguna") == [(0,)]


# ---------------------------------------------------------------- writes by role and scope
def test_an_operator_writes_its_own_kecamatan_and_is_refused_another_whole(db):
    assert terapkan(db, _realisasi(db, [["Bontang Barat", "BB-IKU1", 2025, "TW1", "95"]]), pengguna=OPERATOR) == 1
    with pytest.raises(AksesDitolak, match="operator Bontang Barat tidak boleh mengubah data Kota Bangun"):
        terapkan(db, _realisasi(db, [["Kota Bangun", "KB-IKU1", 2025, "TW1", "90"]]), pengguna=OPERATOR)
    campur = _realisasi(
        db, [["Bontang Barat", "BB-IKU2", 2025, "TW1", "80"], ["Kota Bangun", "KB-IKU2", 2025, "TW1", "70"]]
    )
    with pytest.raises(AksesDitolak, match=r"ditolak seluruhnya.*lembar Realisasi, .*KB-IKU2.*\(Kota Bangun\)"):
        terapkan(db, campur, pengguna=OPERATOR)
    assert _nilai(db, "BB-IKU2") == [] and _nilai(db, "KB-IKU2") == []  # the whole file refused
    for p in (CAMAT, VERIFIKATOR):
        with pytest.raises(AksesDitolak, match=f"{p.peran} .* tidak boleh mengubah data"):
            terapkan(db, _realisasi(db, [["Bontang Barat", "BB-IKU2", 2025, "TW1", "80"]]), pengguna=p)
    log = _rows(db, "SELECT DISTINCT tabel, pengguna, peran FROM audit_log WHERE tabel = 'realisasi'")
    assert log == [("realisasi", OPERATOR.email, "operator")]


def test_a_typed_name_or_none_still_writes_as_the_local_mode(db):
    terapkan(db, _realisasi(db, [["Kota Bangun", "KB-IKU1", 2025, "TW1", "90"]]), pengguna="Siti")
    terapkan(db, _realisasi(db, [["Kota Bangun", "KB-IKU2", 2025, "TW1", "90"]], "b.xlsx"), pengguna=None)
    log = _rows(db, "SELECT DISTINCT pengguna, peran FROM audit_log WHERE tabel = 'realisasi' ORDER BY ALL")
    assert log == [("Siti", "lokal"), (None, "lokal")]


def test_a_restore_is_the_admins(db, tmp_path):
    repo = Repository.open(db)
    try:
        data = cadangan.ekspor(repo)
    finally:
        repo.close()
    pemulihan = cadangan.periksa_cadangan("cadangan.xlsx", data)
    with pytest.raises(AksesDitolak, match="verifikator Kota Bontang tidak boleh memulihkan cadangan"):
        cadangan.pulihkan(tmp_path / "baru.duckdb", pemulihan, pengguna=VERIFIKATOR)
    assert not (tmp_path / "baru.duckdb").exists()
    cadangan.pulihkan(tmp_path / "baru.duckdb", pemulihan, pengguna=ADMIN)
    assert _rows(tmp_path / "baru.duckdb", "SELECT count(*) FROM pengguna") == [(4,)]  # users are in the backup


# ---------------------------------------------------------------- the workflow, step by step
def test_the_quarter_from_entry_to_lock_and_back(db):
    per = ("Bontang Barat", 2025, "TW1")
    terapkan(db, _realisasi(db, [["Bontang Barat", "BB-IKU1", 2025, "TW1", "95"]]), pengguna=OPERATOR)
    with pytest.raises(AksesDitolak, match="camat Bontang Barat tidak boleh mengajukan"):
        status.ajukan(db, *per, pengguna=CAMAT)
    assert status.ajukan(db, *per, pengguna=OPERATOR) == "diajukan"
    with pytest.raises(AlurDitolak, match="Alasan wajib diisi"):
        status.kembalikan(db, *per, pengguna=CAMAT)
    with pytest.raises(AksesDitolak, match="operator Bontang Barat tidak boleh mengembalikan"):
        status.kembalikan(db, *per, pengguna=OPERATOR, alasan="x")
    assert status.kembalikan(db, *per, pengguna=CAMAT, alasan="IKU 1 belum sesuai bukti") == "dikembalikan"
    terapkan(db, _realisasi(db, [["Bontang Barat", "BB-IKU1", 2025, "TW1", "96"]], "b.xlsx"), pengguna=OPERATOR)
    assert status.ajukan(db, *per, pengguna=OPERATOR) == "diajukan"
    assert status.setujui(db, *per, pengguna=CAMAT) == "disetujui"
    with pytest.raises(AksesDitolak, match="camat Bontang Barat tidak boleh mengunci"):
        status.kunci(db, *per, pengguna=CAMAT)
    assert status.kunci(db, *per, pengguna=VERIFIKATOR) == "terkunci"
    with pytest.raises(PeriodeTerkunci, match="Realisasi TW1 2025 Bontang Barat sudah terkunci"):
        terapkan(db, _realisasi(db, [["Bontang Barat", "BB-IKU1", 2025, "TW1", "97"]], "c.xlsx"), pengguna=OPERATOR)
    assert _nilai(db, "BB-IKU1") == [(96.0,)]
    with pytest.raises(AksesDitolak, match="verifikator Kota Bontang tidak boleh membuka kunci"):
        status.buka_kunci(db, *per, pengguna=VERIFIKATOR, alasan="x")
    with pytest.raises(AlurDitolak, match="Alasan wajib diisi"):
        status.buka_kunci(db, *per, pengguna=ADMIN, alasan=" ")
    assert status.buka_kunci(db, *per, pengguna=ADMIN, alasan="salah ketik IKU 1") == "dibuka"
    terapkan(db, _realisasi(db, [["Bontang Barat", "BB-IKU1", 2025, "TW1", "97"]], "d.xlsx"), pengguna=OPERATOR)
    assert status.kunci(db, *per, pengguna=VERIFIKATOR) == "terkunci"  # locked again afterwards
    log = _rows(
        db,
        "SELECT nilai_lama, nilai_baru, pengguna, peran, alasan FROM audit_log WHERE tabel = 'status_periode' "
        "ORDER BY waktu, rowid",
    )
    assert log == [
        ("draf", "diajukan", OPERATOR.email, "operator", None),
        ("diajukan", "dikembalikan", CAMAT.email, "camat", "IKU 1 belum sesuai bukti"),
        ("dikembalikan", "diajukan", OPERATOR.email, "operator", None),
        ("diajukan", "disetujui", CAMAT.email, "camat", None),
        ("disetujui", "terkunci", VERIFIKATOR.email, "verifikator", None),
        ("terkunci", "dibuka", ADMIN.email, "admin", "salah ketik IKU 1"),
        ("dibuka", "terkunci", VERIFIKATOR.email, "verifikator", None),
    ]


def test_editing_a_submitted_or_approved_period_returns_it_to_draf(db):
    per = ("Bontang Barat", 2025, "TW2")
    terapkan(db, _realisasi(db, [["Bontang Barat", "BB-IKU1", 2025, "TW2", "90"]]), pengguna=OPERATOR)
    status.ajukan(db, *per, pengguna=OPERATOR)
    status.setujui(db, *per, pengguna=CAMAT)
    terapkan(db, _realisasi(db, [["Bontang Barat", "BB-IKU1", 2025, "TW2", "91"]], "b.xlsx"), pengguna=OPERATOR)
    repo = Repository.open(db)
    try:
        assert status.status_periode(repo, *per) == "draf"
        assert status.status_periode(repo, "Bontang Barat", 2025, "TW1") == "draf"  # never recorded
    finally:
        repo.close()
    log = _rows(db, "SELECT nilai_lama, nilai_baru, sumber, peran FROM audit_log WHERE tabel = 'status_periode'")
    assert ("disetujui", "draf", "alur: ubah", "operator") in log
    with pytest.raises(AksesDitolak, match="camat Bontang Barat tidak boleh menyetujui data Kota Bangun"):
        status.setujui(db, "Kota Bangun", 2025, "TW2", pengguna=CAMAT)
