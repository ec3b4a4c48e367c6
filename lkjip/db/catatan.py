"""The comment thread of a period (``catatan_verifikasi``, issue 16 item 6): notes beside the values, in the change log.

A camat, verifikator, operator or admin writes a note on the period as a whole or on one of its indicators; the
operator reads the camat's notes on the entry form beside the values, the camat on the approval page. A note is not a
change of the data: it may be written in any workflow state, a locked period included, and it never changes the
period's state. It is added, never edited or removed, and every note is also one change-log row (who, role, when,
the text).

Text is data: NFC, trimmed, line breaks kept (a note may have paragraphs; Windows' CR LF becomes LF) and refused when
empty, longer than ``PANJANG_MAKS`` characters or holding a control or invisible format character. The character
rule is lkjip.io.impor.sel's (``karakter_kendali``); it is restated here because lkjip.db stands below lkjip.io
(tests/unit/test_boundary.py), and tests/data/test_catatan.py checks that both agree.

Catatan are not kept across a rebuild from data/ (lkjip.build keeps only the users): a rebuild throws away every
import, every workflow state and the change log, and a note about a value that is gone would point at nothing.
"""

from __future__ import annotations

import unicodedata
from datetime import datetime
from pathlib import Path

import pandas as pd

from lkjip.akses import Pengguna, izinkan, sebagai_pengguna
from lkjip.calc.periode import PERIODE
from lkjip.db.pengguna import letak_kecamatan
from lkjip.db.repository import Repository
from lkjip.db.status import JENIS, nama_periode
from lkjip.db.tukar import tulis_lalu_tukar
from lkjip.db.tulis_pg import Lingkup
from lkjip.errors import DataError
from lkjip.format import format_angka

PANJANG_MAKS = 2_000  # characters of one note: a paragraph or a few, not a report
TABEL = "catatan_verifikasi"


def karakter_kendali(teks: str) -> str | None:
    """The first character a note may not hold, as U+XXXX (None: none): C0/C1 controls other than tab and line
    breaks, format characters (zero-width, bidi, BOM, soft hyphen), surrogates and noncharacters (as
    lkjip.io.impor.sel.karakter_kendali)."""
    for ch in teks:
        if ch in ("\t", "\n", "\r"):
            continue
        kategori = unicodedata.category(ch)
        if kategori in ("Cc", "Cf", "Cs") or (ord(ch) & 0xFFFE) == 0xFFFE or 0xFDD0 <= ord(ch) <= 0xFDEF:
            return f"U+{ord(ch):04X}"
    return None


def bersihkan_catatan(teks: str) -> str:
    """The note as stored (NFC, trimmed, line breaks as LF), or DataError saying in Indonesian what to fix."""
    kendali = karakter_kendali(teks)
    if kendali is not None:
        raise DataError(f"Catatan berisi karakter kendali {kendali}; hapus karakter itu lalu kirim lagi.")
    bersih = unicodedata.normalize("NFC", teks).replace("\r\n", "\n").replace("\r", "\n").strip()
    if not bersih:
        raise DataError("Catatan kosong; tulis isi catatannya.")
    if len(bersih) > PANJANG_MAKS:
        raise DataError(
            f"Catatan terlalu panjang ({format_angka(len(bersih), 0)} karakter; paling banyak "
            f"{format_angka(PANJANG_MAKS, 0)}); ringkas atau bagi menjadi beberapa catatan."
        )
    return bersih


def tambah_catatan(
    db_path: Path,
    kecamatan: str,
    tahun: int,
    periode: str,
    *,
    pengguna: Pengguna,
    teks: str,
    jenis: str = "realisasi",
    indikator_id: str | None = None,
) -> int:
    """Add one note to the period (``indikator_id`` None) or to one of its indicators; returns its id.

    AksesDitolak when the user may not ``catat`` on that kecamatan (asked under the lock, on the database as it is
    now: a pembaca, or a kecamatan outside the user's scope); DataError for a text that cannot be stored, an unknown
    period or an indicator that is not this kecamatan's. Nothing is written then. The note and its change-log row are
    one transaction."""
    if jenis not in JENIS:
        raise ValueError(f"jenis tidak dikenal: {jenis}")
    if periode not in PERIODE:
        raise DataError(f"Periode '{periode}' tidak dikenal; pilihan: {', '.join(PERIODE)}.")
    siapa = sebagai_pengguna(pengguna)
    isi_catatan = bersihkan_catatan(teks)
    per = (kecamatan, int(tahun), periode, jenis)

    def isi(repo: Repository) -> int:
        izinkan(siapa, "catat", kecamatan, letak_kecamatan(repo))
        nama_indikator = None
        if indikator_id is not None:
            ind = repo.fetch("indikator_kecamatan", kecamatan=kecamatan)
            cocok = ind[ind["indikator_id"] == indikator_id]
            if cocok.empty:
                raise DataError(f"Indikator '{indikator_id}' bukan indikator {kecamatan}; catatan tidak disimpan.")
            nama_indikator = str(cocok.iloc[0]["indikator"])
        now = datetime.now()
        baru = int(repo.fetch("_catatan_id_berikut")["id"].iloc[0])
        with repo.transaction():
            repo.run(
                "tambah_catatan_verifikasi",
                id=baru,
                kecamatan=kecamatan,
                tahun=int(tahun),
                periode=periode,
                jenis=jenis,
                indikator_id=indikator_id,
                teks=isi_catatan,
                pengguna=siapa.pengguna_log,
                peran=siapa.peran_log,
                waktu=now,
            )
            kunci = nama_periode(*per) + (f" · {nama_indikator} ({indikator_id})" if indikator_id else "")
            log = {
                "waktu": now,
                "tabel": TABEL,
                "kunci": kunci,
                "kolom": "teks",
                "nilai_lama": None,
                "nilai_baru": isi_catatan,
                "sumber": "catatan verifikasi",
                "sha256": None,
                "pengguna": siapa.pengguna_log,
                "peran": siapa.peran_log,
                "alasan": None,
            }
            repo.insert_df("audit_log", pd.DataFrame([log]))
        return baru

    return tulis_lalu_tukar(db_path, isi, dari_awal=False, lingkup=Lingkup.dari([kecamatan]))


def daftar_catatan(
    repo: Repository, kecamatan: str, tahun: int, periode: str | None = None, jenis: str = "realisasi"
) -> pd.DataFrame:
    """The notes of one kecamatan and year (one period, or every period when None), oldest first: id, kecamatan,
    tahun, periode, jenis, indikator_id (None: the period as a whole), indikator (its name), teks, pengguna (the
    email, or the typed name in local mode), nama_pengguna (the name the pengguna table knows, if any), peran,
    waktu. Empty text columns hold None (never NaN)."""
    df = repo.fetch("catatan_verifikasi", kecamatan=kecamatan, tahun=int(tahun), periode=periode, jenis=jenis)
    for c in ("indikator_id", "indikator", "pengguna", "nama_pengguna"):
        df[c] = df[c].astype(object).where(df[c].notna(), None)
    return df
