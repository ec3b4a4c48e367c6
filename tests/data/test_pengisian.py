"""Status Pengisian (lkjip.db.pengisian): the matrix of kecamatan × period, its states and deadlines."""

from __future__ import annotations

import shutil
from datetime import date

import pytest

from lkjip.akses import Pengguna
from lkjip.config import ConfigError, Settings, get_settings
from lkjip.db import pengisian, status
from lkjip.db.repository import Repository

LOKAL = Pengguna.lokal("uji")


def tulis_status(db) -> None:  # type: ignore[no-untyped-def]
    """A few states of 2024 written through the workflow (the local mode may take every step)."""
    bb, kb = "Bontang Barat", "Kota Bangun"
    status.ajukan(db, bb, 2024, "TW1", pengguna=LOKAL)
    for langkah in (status.ajukan, status.setujui):
        langkah(db, bb, 2024, "TW2", pengguna=LOKAL)
    for langkah in (status.ajukan, status.setujui, status.kunci):
        langkah(db, bb, 2024, "TW3", pengguna=LOKAL)
    status.ajukan(db, kb, 2024, "TW1", pengguna=LOKAL)  # a period without data may be submitted too
    status.kembalikan(db, kb, 2024, "TW1", pengguna=LOKAL, alasan="lampiran belum ada")
    status.ajukan(db, bb, 2024, "Tahunan", pengguna=LOKAL, jenis="skm")


@pytest.fixture(scope="module")
def db_status(built_db, tmp_path_factory):  # type: ignore[no-untyped-def]
    path = tmp_path_factory.mktemp("status") / "lkjip.duckdb"
    shutil.copy(built_db, path)
    tulis_status(path)
    return path


@pytest.fixture
def r(db_status):  # type: ignore[no-untyped-def]
    repo = Repository.open(db_status)
    yield repo
    repo.close()


def baris(m, kecamatan):  # type: ignore[no-untyped-def]
    return m.set_index("kecamatan").loc[kecamatan, pengisian.periode_matriks(m)].to_dict()


def test_each_cell_is_its_state_draf_with_data_or_belum_diisi_late_after_its_deadline(r):
    # 1 August 2024: the deadlines of TW1 (15 April) and TW2 (15 July) have passed, TW3's (15 October) has not
    m = pengisian.matriks_status(r, 2024, hari_ini=date(2024, 8, 1))
    assert list(m.columns) == ["kecamatan", "kab_kota", "provinsi", "TW1", "TW2", "TW3", "TW4", "Tahunan"]
    assert m["kecamatan"].tolist() == ["Bantargebang", "Kota Bangun", "Balikpapan Selatan", "Bontang Barat"]
    # Bontang Barat has realisations of every period of 2024: its states as written, the rest draf
    assert baris(m, "Bontang Barat") == {
        "TW1": "diajukan", "TW2": "disetujui", "TW3": "terkunci", "TW4": "draf", "Tahunan": "draf"
    }  # fmt: skip
    # Kota Bangun has no realisation of 2024: returned TW1 (its recorded state), then late and not yet due
    assert baris(m, "Kota Bangun") == {
        "TW1": "dikembalikan",
        "TW2": "belum_diisi_lewat",
        "TW3": "belum_diisi",
        "TW4": "belum_diisi",
        "Tahunan": "belum_diisi",
    }
    # Bantargebang reported TW3, TW4 and the year only
    assert baris(m, "Bantargebang") == {
        "TW1": "belum_diisi_lewat", "TW2": "belum_diisi_lewat", "TW3": "draf", "TW4": "draf", "Tahunan": "draf"
    }  # fmt: skip
    label = pengisian.matriks_label(m).set_index("kecamatan")
    assert label.loc["Kota Bangun", "TW2"] == "Belum diisi · lewat tenggat"
    assert label.loc["Kota Bangun", "TW3"] == "Belum diisi"
    assert label.loc["Bontang Barat", "TW3"] == "Terkunci"


def test_the_year_after_every_deadline_every_empty_period_is_late(r):
    m = pengisian.matriks_status(r, 2024, hari_ini=date(2025, 4, 1))
    assert set(m.drop(columns=pengisian.KOLOM_WILAYAH).to_numpy().ravel()) == {
        "belum_diisi_lewat", "draf", "diajukan", "disetujui", "terkunci", "dikembalikan"
    }  # fmt: skip
    assert "belum_diisi" not in m.to_numpy().ravel()
    # on the deadline's own day it is not late yet
    on_the_day = pengisian.matriks_status(r, 2024, hari_ini=date(2025, 3, 31))
    assert baris(on_the_day, "Kota Bangun")["Tahunan"] == "belum_diisi"
    assert baris(on_the_day, "Kota Bangun")["TW4"] == "belum_diisi_lewat"  # 15 January 2025


def test_annual_kinds_are_one_period_with_data_from_their_own_tables(r):
    skm = pengisian.matriks_status(r, 2024, jenis="skm", hari_ini=date(2024, 8, 1))
    assert list(skm.columns) == [*pengisian.KOLOM_WILAYAH, "Tahunan"]
    states = dict(zip(skm["kecamatan"], skm["Tahunan"], strict=True))
    assert states == {
        "Bantargebang": "draf", "Kota Bangun": "belum_diisi", "Balikpapan Selatan": "belum_diisi",
        "Bontang Barat": "diajukan",
    }  # fmt: skip
    anggaran = pengisian.matriks_status(r, 2023, jenis="anggaran", hari_ini=date(2030, 1, 1))
    assert dict(zip(anggaran["kecamatan"], anggaran["Tahunan"], strict=True)) == {
        "Bantargebang": "belum_diisi_lewat", "Kota Bangun": "draf", "Balikpapan Selatan": "belum_diisi_lewat",
        "Bontang Barat": "draf",
    }  # fmt: skip
    sakip = pengisian.matriks_status(r, 2024, jenis="sakip", hari_ini=date(2030, 1, 1))
    assert baris(sakip, "Bantargebang") == {"Tahunan": "draf"} and baris(sakip, "Kota Bangun") == {
        "Tahunan": "belum_diisi_lewat"
    }
    with pytest.raises(ValueError):
        pengisian.matriks_status(r, 2024, jenis="target")


def test_the_area_narrows_to_a_provinsi_or_a_kab_kota(r):
    kaltim = pengisian.matriks_status(r, 2024, provinsi="Kalimantan Timur")
    assert sorted(kaltim["kecamatan"]) == ["Balikpapan Selatan", "Bontang Barat", "Kota Bangun"]
    bontang = pengisian.matriks_status(r, 2024, provinsi="Kalimantan Timur", kab_kota="Kota Bontang")
    assert bontang["kecamatan"].tolist() == ["Bontang Barat"]
    assert pengisian.matriks_status(r, 2024, kab_kota="Kota Tidak Ada").empty


def test_counts_per_state_add_up_and_the_filter_keeps_the_kecamatan_in_that_state(r):
    m = pengisian.matriks_status(r, 2024, hari_ini=date(2024, 8, 1))
    jumlah = pengisian.jumlah_status(m).set_index("status")
    assert (jumlah.sum() == len(m)).all()
    assert jumlah.loc["Terkunci", "TW3"] == 1 and jumlah.loc["Belum diisi · lewat tenggat", "TW2"] == 3
    assert jumlah.loc["Dikembalikan", "TW1"] == 1
    tanpa_nol = pengisian.jumlah_status(m, tanpa_nol=True)
    assert "Dibuka kembali" not in tanpa_nol["status"].tolist() and "Terkunci" in tanpa_nol["status"].tolist()
    assert pengisian.saring_status(m, ["terkunci"])["kecamatan"].tolist() == ["Bontang Barat"]
    assert sorted(pengisian.saring_status(m, ["belum_diisi_lewat"])["kecamatan"]) == [
        "Balikpapan Selatan", "Bantargebang", "Kota Bangun"
    ]  # fmt: skip
    assert pengisian.saring_status(m, ["belum_diisi_lewat"], "TW3").empty
    assert len(pengisian.saring_status(m, [])) == len(m)
    kalimat = pengisian.kalimat_status(m, 2024, date(2024, 8, 1))
    assert kalimat == "TW2 2024 (tenggat 15 Juli 2024, sudah lewat): 3 dari 4 kecamatan belum mengisi, 1 sudah " \
        "disetujui atau terkunci."  # fmt: skip


def test_deadlines_fall_in_the_year_or_the_year_after(monkeypatch):
    assert pengisian.tanggal_tenggat(2025, "TW1") == date(2025, 4, 15)
    assert pengisian.tanggal_tenggat(2025, "TW3") == date(2025, 10, 15)
    assert pengisian.tanggal_tenggat(2025, "TW4") == date(2026, 1, 15)
    assert pengisian.tanggal_tenggat(2025, "Tahunan") == date(2026, 3, 31)
    assert pengisian.tanggal_tenggat(2025, "S1") is None
    assert pengisian.keterangan_tenggat(2025) == (
        "Tenggat: TW1 15 April 2025 · TW2 15 Juli 2025 · TW3 15 Oktober 2025 · TW4 15 Januari 2026 · "
        "Tahunan 31 Maret 2026"
    )


def test_a_deployment_sets_its_own_deadlines_in_lkjip_config(tmp_path, monkeypatch, r):
    cfg = tmp_path / "lkjip.yaml"
    cfg.write_text("tenggat:\n  TW3: [10, 5]\n  S1: [7, 31]\n", encoding="utf-8")
    monkeypatch.setenv("LKJIP_CONFIG", str(cfg))
    get_settings.cache_clear()
    try:
        assert get_settings().tenggat["TW3"] == (10, 5) and get_settings().tenggat["TW1"] == (4, 15)  # merged
        m = pengisian.matriks_status(r, 2024, hari_ini=date(2024, 10, 10))
        assert pengisian.periode_matriks(m) == ["TW1", "TW2", "S1", "TW3", "TW4", "Tahunan"]  # S1 has a deadline now
        assert baris(m, "Kota Bangun")["TW3"] == "belum_diisi_lewat"  # 5 October has passed (by default: 15 October)
        assert baris(m, "Kota Bangun")["S1"] == "belum_diisi_lewat"
        assert pengisian.tanggal_tenggat(2024, "S1") == date(2024, 7, 31)
        cfg.write_text("tenggat:\n  TW3: [2, 30]\n", encoding="utf-8")
        get_settings.cache_clear()
        with pytest.raises(ConfigError, match="bukan tanggal yang sah"):
            get_settings()
        cfg.write_text("tenggat: 15 April\n", encoding="utf-8")
        get_settings.cache_clear()
        with pytest.raises(ConfigError, match="tenggat harus berisi pemetaan"):
            get_settings()
    finally:
        get_settings.cache_clear()
    with pytest.raises(ValueError, match="periode 'TW5' tidak dikenal"):
        Settings(tenggat={"TW5": (4, 15)})


def test_synthetic_kab_kota_and_national_counts(synthetic_db):
    repo = Repository.open(synthetic_db)
    try:
        wil = repo.fetch("kecamatan_list")
        kab = wil["kab_kota"].iloc[0]
        hari_ini = date(2027, 2, 1)  # the synthetic 2026 is realised up to TW3; TW4 2026 was due 15 January 2027
        m = pengisian.matriks_status(repo, 2026, kab_kota=kab, hari_ini=hari_ini)
        assert sorted(m["kecamatan"]) == sorted(wil.loc[wil["kab_kota"] == kab, "kecamatan"])
        assert set(m["kab_kota"]) == {kab}
        semua = pengisian.matriks_status(repo, 2026, hari_ini=hari_ini)
        assert len(semua) == len(wil) == 50
        jumlah = pengisian.jumlah_status(semua).set_index("status")
        assert (jumlah.sum() == 50).all()
        assert jumlah.loc["Draf", "TW1"] == 50 and jumlah.loc["Belum diisi · lewat tenggat", "TW4"] == 50
        assert jumlah.loc["Belum diisi", "Tahunan"] == 50  # due 31 March 2027
    finally:
        repo.close()


def test_the_years_offered_are_those_with_data_and_the_current_one(r):
    tahun, bawaan = pengisian.tahun_status(r, hari_ini=date(2031, 1, 5))
    assert tahun[0] == 2031 and 2024 in tahun and tahun == sorted(tahun, reverse=True)
    assert bawaan == 2024  # the latest year with data, not an empty current year
