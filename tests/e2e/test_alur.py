"""The quarter's approval journey as the organisation lives it, in Chromium, each person signed in through a real
OpenID Connect provider (oidc-provider-mock): the operator of Bontang Barat enters and submits TW1; cannot open Kota
Bangun's form (and lkjip refuses the write when called directly); the camat returns it with a reason; the operator
fixes and resubmits; the camat approves; the verifikator locks; the operator's edit is refused; an admin unlocks
with a reason; the change log shows every step with the right email and role (issue 16)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from lkjip.akses import Pengguna
from lkjip.errors import AksesDitolak, PeriodeTerkunci
from lkjip.io.impor import terapkan
from tests.conftest import rencana_realisasi
from tests.e2e.formulir import idle, isian, ketik, tabel, teks
from tests.e2e.masuk import aplikasi_masuk, masuk, penyedia_identitas
from tests.peramban import CHROMIUM

if not CHROMIUM.exists():
    if os.environ.get("CI") == "true":
        pytest.fail(f"Chromium tidak ada di {CHROMIUM}: uji browser wajib di CI", pytrace=False)
    pytest.skip(f"Chromium tidak ada di {CHROMIUM}: uji browser dilewati", allow_module_level=True)

OPERATOR = Pengguna("operator.bb@bontangkota.go.id", "Operator Bontang Barat", "operator", "Bontang Barat", "kecamatan")
CAMAT = Pengguna("camat.bb@bontangkota.go.id", "Camat Bontang Barat", "camat", "Bontang Barat", "kecamatan")
VERIFIKATOR = Pengguna("ortala@bontangkota.go.id", "Bagian Organisasi", "verifikator", "Kota Bontang", "kab_kota")
ADMIN = Pengguna("admin@bontangkota.go.id", "Admin Kota Bontang", "admin", "Kota Bontang", "kab_kota")
ORANG = (OPERATOR, CAMAT, VERIFIKATOR, ADMIN)
FORM = "entri?kecamatan=Bontang+Barat&tahun=2024"  # TW1 2024: BB-IKU2 (row 1) still empty
PERSETUJUAN = "persetujuan?kecamatan=Bontang+Barat&tahun=2024"


@pytest.fixture(scope="module")
def db(built_db, tmp_path_factory) -> Path:
    from lkjip.db.pengguna import tambah_pengguna

    path = tmp_path_factory.mktemp("alur") / "lkjip.duckdb"
    shutil.copy(built_db, path)
    for p in ORANG:
        tambah_pengguna(path, p, oleh=Pengguna.lokal("uji"))
    return path


@pytest.fixture(scope="module")
def url(db, tmp_path_factory):
    folder = tmp_path_factory.mktemp("rahasia")
    with penyedia_identitas((p.email, p.nama) for p in ORANG) as penyedia, aplikasi_masuk(db, penyedia, folder) as app:
        yield app


def _buka(page, app: str, path: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{app}/{path}")
    page.wait_for_selector("h1", timeout=30_000)
    idle(page)


def _langkah(page, tombol: str, alasan: tuple[str, str] | None = None) -> str:  # type: ignore[no-untyped-def]
    """Click a workflow step (typing its reason first): the status line after it."""
    if alasan is not None:
        page.get_by_label(alasan[0]).fill(alasan[1])
        page.keyboard.press("Control+Enter")
        idle(page)
    page.get_by_role("button", name=tombol).click()
    page.locator('[data-testid="stAlert"]').first.wait_for(timeout=30_000)
    idle(page)
    return _status(page)


def _status(page) -> str:  # type: ignore[no-untyped-def]
    return next(b for b in teks(page).splitlines() if b.startswith("Status Realisasi TW1 2024"))


def _tombol(page) -> set[str]:  # type: ignore[no-untyped-def]
    langkah = {"Ajukan ke camat", "Setujui", "Kembalikan ke operator", "Verifikasi dan kunci", "Buka kunci"}
    return {b for b in langkah if page.get_by_role("button", name=b).count()}


def _simpan(page) -> None:  # type: ignore[no-untyped-def]
    page.get_by_role("button", name="Simpan").click()
    page.get_by_text("realisasi disimpan", exact=False).wait_for(timeout=30_000)
    idle(page)


def test_the_quarter_from_entry_to_lock_and_unlock_with_each_person_signed_in(url, db, browser):
    # the operator enters TW1 and submits it
    op = masuk(browser, url, OPERATOR.email)
    _buka(op, url, FORM)
    assert "Status Realisasi TW1 2024: Draf" in _status(op)
    assert _tombol(op) == {"Ajukan ke camat"}  # an operator only submits
    ketik(op, 1, "87,5")
    _simpan(op)
    assert "Status Realisasi TW1 2024: Diajukan" in _langkah(op, "Ajukan ke camat")

    # … and cannot open Kota Bangun's form, nor write it by calling lkjip as a forged request would
    _buka(op, url, "entri?kecamatan=Kota+Bangun&tahun=2024")
    assert "Anda tidak dapat mengisi data Kota Bangun" in teks(op)
    assert op.locator('[data-testid="stDataFrame"]').count() == 0
    with pytest.raises(AksesDitolak, match="tidak boleh mengubah data Kota Bangun"):
        terapkan(db, rencana_realisasi(db, [["Kota Bangun", "KB-IKU1", 2024, "TW1", "90"]]), pengguna=OPERATOR)

    # the camat returns it with a reason
    camat = masuk(browser, url, CAMAT.email)
    _buka(camat, url, PERSETUJUAN)
    assert "Diajukan" in _status(camat) and _tombol(camat) == {"Setujui", "Kembalikan ke operator"}
    assert "87,5" in [sel for baris in tabel(camat, 1) for sel in baris]  # the value to approve, beside the steps
    alasan = ("Alasan dikembalikan (wajib)", "Bukti dukung TW1 belum dilampirkan")
    assert "Dikembalikan" in _langkah(camat, "Kembalikan ke operator", alasan)

    # the operator sees why, fixes and resubmits
    _buka(op, url, FORM)
    assert "Dikembalikan: Bukti dukung TW1 belum dilampirkan" in teks(op)
    ketik(op, 1, "88")
    _simpan(op)
    assert isian(op)["BB-IKU2"] == "88"
    assert "Diajukan" in _langkah(op, "Ajukan ke camat")

    # the camat approves; the verifikator locks
    _buka(camat, url, PERSETUJUAN)
    assert "Disetujui" in _langkah(camat, "Setujui")
    veri = masuk(browser, url, VERIFIKATOR.email)
    _buka(veri, url, PERSETUJUAN)
    assert _tombol(veri) == {"Verifikasi dan kunci"}
    assert "Terkunci" in _langkah(veri, "Verifikasi dan kunci")

    # the operator's edit is refused: the form is closed, and lkjip refuses a forged write
    _buka(op, url, FORM)
    assert "sudah diverifikasi dan dikunci" in teks(op) and _tombol(op) == set()
    with pytest.raises(PeriodeTerkunci, match="terkunci"):
        terapkan(db, rencana_realisasi(db, [["Bontang Barat", "BB-IKU2", 2024, "TW1", "90"]]), pengguna=OPERATOR)

    # an admin unlocks with a reason
    admin = masuk(browser, url, ADMIN.email, lebar=2600)  # the change log's every column drawn (the grid draws only
    # the columns in view)
    _buka(admin, url, PERSETUJUAN)
    assert "Dibuka kembali" in _langkah(admin, "Buka kunci", ("Alasan membuka kunci (wajib)", "Koreksi BPS TW1"))

    # the change log shows every step with the signed-in email and role
    _buka(admin, url, "audit")
    langkah = [r for r in tabel(admin) if r[1] == "Status periode"]
    dilihat = [(r[5], r[7], r[8]) for r in reversed(langkah)]  # nilai baru, pengguna, peran; oldest first
    assert dilihat == [
        ("Diajukan", OPERATOR.email, "Operator"),
        ("Dikembalikan", CAMAT.email, "Camat"),
        ("Diajukan", OPERATOR.email, "Operator"),
        ("Disetujui", CAMAT.email, "Camat"),
        ("Terkunci", VERIFIKATOR.email, "Verifikator"),
        ("Dibuka kembali", ADMIN.email, "Admin"),
    ], langkah
    for p in (op, camat, veri, admin):
        p.context.close()
