"""The approval workflow in the database (``status_periode``): each step, who may take it, and what an edit does.

``ajukan``, ``setujui``, ``kembalikan``, ``kunci`` and ``buka_kunci`` ask lkjip.akses whether the acting user may take
the step on that kecamatan, and lkjip.calc.alur whether the period's state allows it (and that a reason is given
where one is required); then the new state and its change-log row (who, role, when, why) are written through the
one write path. ``ubah_periode`` is what every data write (lkjip.io.impor.terapkan) calls inside its own
transaction: a locked period refuses the write, a submitted or approved one returns to draf.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

import pandas as pd

from lkjip.akses import Pengguna, izinkan, sebagai_pengguna
from lkjip.calc.alur import AWAL, TINDAKAN, transisi
from lkjip.db.pengguna import letak_kecamatan
from lkjip.db.repository import Repository
from lkjip.db.tukar import tulis_lalu_tukar
from lkjip.db.tulis_pg import Lingkup

JENIS = ("realisasi", "skm", "anggaran", "sakip")
Periode = tuple[str, int, str, str]  # kecamatan, tahun, periode, jenis


def nama_periode(kecamatan: str, tahun: int, periode: str, jenis: str) -> str:
    """The period as a message names it: "realisasi TW1 2025 Bontang Barat"."""
    return f"{jenis} {periode} {tahun} {kecamatan}"


def status_periode(repo: Repository, kecamatan: str, tahun: int, periode: str, jenis: str = "realisasi") -> str:
    """The period's state; draf when none was recorded."""
    rows = repo.fetch("status_periode", kecamatan=kecamatan, tahun=int(tahun), periode=periode, jenis=jenis)
    return AWAL if rows.empty else str(rows.iloc[0]["status"])


def daftar_status(repo: Repository) -> pd.DataFrame:
    """Every recorded state with its kab/kota and provinsi (periods without a row are draf or not yet filled)."""
    return repo.fetch("status_periode_semua")


def status_tahun(repo: Repository, kecamatan: str, tahun: int) -> pd.DataFrame:
    """The recorded states of one kecamatan's year (every kind); a period without a row is draf."""
    return repo.fetch("status_tahun_kecamatan", kecamatan=kecamatan, tahun=int(tahun))


def riwayat(repo: Repository, kecamatan: str, tahun: int, periode: str, jenis: str = "realisasi") -> pd.DataFrame:
    """Every step of one period, oldest first: when, from, to, which step, who, role, why (the change log's rows)."""
    return repo.fetch("riwayat_status", kunci=nama_periode(kecamatan, int(tahun), periode, jenis))


def belum_disetujui(repo: Repository, kecamatan: str) -> pd.DataFrame:
    """The kecamatan's periods whose imported or entered values are not approved yet (tahun, periode, jenis, status,
    nilai: how many values). A published report's own values are not in it: the report is the approved text."""
    return repo.fetch("belum_disetujui", kecamatan=kecamatan)


def ajukan(db_path: Path, kecamatan: str, tahun: int, periode: str, *, pengguna: Pengguna, jenis: str = "realisasi",
           alasan: str | None = None) -> str:  # fmt: skip
    return _langkah(db_path, "ajukan", (kecamatan, tahun, periode, jenis), pengguna, alasan)


def setujui(db_path: Path, kecamatan: str, tahun: int, periode: str, *, pengguna: Pengguna, jenis: str = "realisasi",
            alasan: str | None = None) -> str:  # fmt: skip
    return _langkah(db_path, "setujui", (kecamatan, tahun, periode, jenis), pengguna, alasan)


def kembalikan(db_path: Path, kecamatan: str, tahun: int, periode: str, *, pengguna: Pengguna,
               jenis: str = "realisasi", alasan: str | None = None) -> str:  # fmt: skip
    return _langkah(db_path, "kembalikan", (kecamatan, tahun, periode, jenis), pengguna, alasan)


def kunci(db_path: Path, kecamatan: str, tahun: int, periode: str, *, pengguna: Pengguna, jenis: str = "realisasi",
          alasan: str | None = None) -> str:  # fmt: skip
    return _langkah(db_path, "kunci", (kecamatan, tahun, periode, jenis), pengguna, alasan)


def buka_kunci(db_path: Path, kecamatan: str, tahun: int, periode: str, *, pengguna: Pengguna,
               jenis: str = "realisasi", alasan: str | None = None) -> str:  # fmt: skip
    return _langkah(db_path, "buka_kunci", (kecamatan, tahun, periode, jenis), pengguna, alasan)


def _langkah(db_path: Path, langkah: str, per: Periode, pengguna: Pengguna | str | None, alasan: str | None) -> str:
    """One step of the workflow; returns the new state. AksesDitolak or AlurDitolak (nothing written) otherwise."""
    kec, tahun, periode, jenis = per
    if jenis not in JENIS:
        raise ValueError(f"jenis tidak dikenal: {jenis}")
    siapa = sebagai_pengguna(pengguna)

    def isi(repo: Repository) -> str:
        izinkan(siapa, TINDAKAN[langkah], kec, letak_kecamatan(repo))  # under the lock, on the database as it is now
        lama = status_periode(repo, kec, tahun, periode, jenis)
        baru = transisi(lama, langkah, alasan, periode=nama_periode(*per))
        with repo.transaction():
            _simpan(repo, per, lama, baru, siapa, langkah, (alasan or "").strip() or None, datetime.now())
        return baru

    return tulis_lalu_tukar(db_path, isi, dari_awal=False, lingkup=Lingkup.dari([kec]))


def ubah_periode(repo: Repository, periode: Iterable[Periode], pengguna: Pengguna, now: datetime, sumber: str) -> None:
    """What a data write does to the periods it touches, inside the writer's transaction: PeriodeTerkunci (naming the
    period) when one is locked, and a submitted or approved period back to draf, logged."""
    rencana = []
    for per in sorted(set(periode)):
        lama = status_periode(repo, *per)
        rencana.append((per, lama, transisi(lama, "ubah", periode=nama_periode(*per))))  # all checked before writing
    for per, lama, baru in rencana:
        if baru != lama:
            _simpan(repo, per, lama, baru, pengguna, "ubah", f"diubah lewat {sumber}", now)


def _simpan(repo: Repository, per: Periode, lama: str, baru: str, siapa: Pengguna, langkah: str,
            alasan: str | None, now: datetime) -> None:  # fmt: skip
    kec, tahun, periode, jenis = per
    repo.run(
        "simpan_status_periode",
        kecamatan=kec,
        tahun=int(tahun),
        periode=periode,
        jenis=jenis,
        status=baru,
        diubah=now,
        oleh=siapa.pengguna_log,
        alasan=alasan,
    )
    log = {
        "waktu": now,
        "tabel": "status_periode",
        "kunci": nama_periode(*per),
        "kolom": "status",
        "nilai_lama": lama,
        "nilai_baru": baru,
        "sumber": f"alur: {langkah}",
        "sha256": None,
        "pengguna": siapa.pengguna_log,
        "peran": siapa.peran_log,
        "alasan": alasan,
    }
    repo.insert_df("audit_log", pd.DataFrame([log]))
