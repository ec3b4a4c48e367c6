"""The approval workflow's state machine (lkjip.calc.alur) and the role rule (lkjip.akses.izinkan), pure."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lkjip.akses import Pengguna, boleh, izinkan, mencakup_lingkup, sebagai_pengguna
from lkjip.calc.alur import LANGKAH, PERLU_ALASAN, STATUS, TRANSISI, dapat, transisi
from lkjip.errors import AksesDitolak, AlurDitolak, PeriodeTerkunci

LETAK = {
    "Bontang Barat": ("Kota Bontang", "Kalimantan Timur"),
    "Bontang Utara": ("Kota Bontang", "Kalimantan Timur"),
    "Kota Bangun": ("Kabupaten Kutai Kartanegara", "Kalimantan Timur"),
    "Bantargebang": ("Kota Bekasi", "Jawa Barat"),
}
langkah_acak = st.lists(st.tuples(st.sampled_from(LANGKAH), st.sampled_from([None, "", "  ", "alasan"])), max_size=30)


def _jalankan(status: str | None, langkah: list[tuple[str, str | None]]) -> list[tuple[str, str, str]]:
    """Every step taken (before, step, after); refused steps leave the state as it was."""
    jejak = []
    for s, alasan in langkah:
        try:
            baru = transisi(status, s, alasan)
        except AlurDitolak:
            continue
        jejak.append((status or "draf", s, baru))
        status = baru
    return jejak


@given(st.sampled_from(STATUS), langkah_acak)
def test_no_sequence_of_steps_leaves_terkunci_except_buka_kunci(awal, langkah):
    for sebelum, s, sesudah in _jalankan(awal, langkah):
        if sebelum == "terkunci" and sesudah != "terkunci":
            assert s == "buka_kunci"


@given(st.sampled_from(STATUS), st.sampled_from(sorted(PERLU_ALASAN)), st.sampled_from([None, "", " \t "]))
def test_kembalikan_and_buka_kunci_without_a_reason_are_refused(awal, s, alasan):
    with pytest.raises(AlurDitolak, match="Alasan wajib diisi"):
        transisi(awal, s, alasan)


@given(st.sampled_from(STATUS), langkah_acak)
def test_every_reached_state_is_known_and_each_step_is_in_the_table(awal, langkah):
    for sebelum, s, sesudah in _jalankan(awal, langkah):
        assert sesudah in STATUS and TRANSISI[s][sebelum] == sesudah and dapat(sebelum, s)


def test_the_journey_of_a_quarter():
    s = transisi(None, "ubah")
    assert s == "draf"
    s = transisi(s, "ajukan")
    assert s == "diajukan"
    s = transisi(s, "kembalikan", "TW1 realisasi belum lengkap")
    assert s == "dikembalikan"
    assert transisi(s, "ubah") == "dikembalikan"  # the reason stays in view while it is fixed
    s = transisi(transisi(s, "ajukan"), "setujui")
    assert s == "disetujui"
    assert transisi(s, "ubah") == "draf"  # editing an approved value returns it to draf
    s = transisi(s, "kunci")
    assert s == "terkunci"
    with pytest.raises(PeriodeTerkunci, match="Realisasi TW1 2025 Bontang Barat sudah terkunci"):
        transisi(s, "ubah", periode="realisasi TW1 2025 Bontang Barat")
    s = transisi(s, "buka_kunci", "salah ketik pada IKU 2")
    assert s == "dibuka" and transisi(s, "ubah") == "dibuka"
    assert transisi(s, "kunci") == "terkunci"  # locked again afterwards


def test_a_step_from_the_wrong_state_says_why():
    with pytest.raises(AlurDitolak, match="hanya data yang sudah diajukan yang dapat disetujui"):
        transisi("draf", "setujui")
    with pytest.raises(AlurDitolak, match="berstatus draf"):
        transisi(None, "kunci")


# ---------------------------------------------------------------- roles and scopes
OPERATOR_BB = Pengguna("op@bontang.go.id", "Siti", "operator", "Bontang Barat", "kecamatan")
CAMAT_BB = Pengguna("camat@bontang.go.id", "Andi", "camat", "Bontang Barat", "kecamatan")
VERIF = Pengguna("verif@bontang.go.id", "Rina", "verifikator", "Kota Bontang", "kab_kota")
ADMIN_KOTA = Pengguna("admin@bontang.go.id", "Budi", "admin", "Kota Bontang", "kab_kota")
ADMIN_PROV = Pengguna("admin@kaltim.go.id", "Dewi", "admin", "Kalimantan Timur", "provinsi")
PEMBACA = Pengguna("baca@bontang.go.id", "Tono", "pembaca")


def test_an_operator_writes_its_kecamatan_and_nothing_else():
    izinkan(OPERATOR_BB, "tulis", "Bontang Barat", LETAK)
    izinkan(OPERATOR_BB, "ajukan", "Bontang Barat", LETAK)
    with pytest.raises(AksesDitolak, match="operator Bontang Barat tidak boleh mengubah data Kota Bangun") as info:
        izinkan(OPERATOR_BB, "tulis", "Kota Bangun", LETAK)
    assert info.value.judul == "Tidak diizinkan"
    for t in ("setujui", "kembalikan", "kunci", "buka_kunci", "kelola_pengguna", "pulihkan"):
        assert not boleh(OPERATOR_BB, t, "Bontang Barat", LETAK)


@pytest.mark.parametrize(
    ("pengguna", "bisa"),
    [
        (CAMAT_BB, {"setujui", "kembalikan"}),
        (VERIF, {"kunci"}),
        (
            ADMIN_KOTA,
            {"tulis", "ajukan", "setujui", "kembalikan", "kunci", "buka_kunci", "kelola_pengguna", "pulihkan"},
        ),
        (PEMBACA, set()),
    ],
)
def test_each_role_does_only_its_own_steps(pengguna, bisa):
    for t in ("tulis", "ajukan", "setujui", "kembalikan", "kunci", "buka_kunci"):
        assert boleh(pengguna, t, "Bontang Barat", LETAK) == (t in bisa), t


def test_a_scope_of_a_kab_kota_or_provinsi_holds_its_kecamatan_only():
    assert boleh(VERIF, "kunci", "Bontang Utara", LETAK)
    assert not boleh(VERIF, "kunci", "Kota Bangun", LETAK)
    assert boleh(ADMIN_PROV, "buka_kunci", "Kota Bangun", LETAK)
    assert not boleh(ADMIN_PROV, "buka_kunci", "Bantargebang", LETAK)
    with pytest.raises(AksesDitolak, match="tidak tercatat"):
        izinkan(ADMIN_KOTA, "tulis", "Kecamatan Khayalan", LETAK)
    assert mencakup_lingkup(ADMIN_PROV, "kab_kota", "Kota Bontang", LETAK)
    assert not mencakup_lingkup(ADMIN_KOTA, "provinsi", "Kalimantan Timur", LETAK)
    assert not mencakup_lingkup(ADMIN_KOTA, "kecamatan", "Kota Bangun", LETAK)


def test_the_local_mode_is_an_admin_everywhere_recorded_as_local():
    lokal = sebagai_pengguna("Siti")
    assert lokal == Pengguna.lokal("Siti") and lokal.adalah_lokal
    assert (lokal.pengguna_log, lokal.peran_log) == ("Siti", "lokal")
    assert sebagai_pengguna(None).pengguna_log is None
    assert boleh(lokal, "buka_kunci", "Kecamatan Khayalan", LETAK)
    assert (OPERATOR_BB.pengguna_log, OPERATOR_BB.peran_log) == ("op@bontang.go.id", "operator")
