"""One cell read as a value of its column (``spec.Kolom``): pure, without the database.

``nilai_sel`` returns the value and no problem, or None and the problem in words (Indonesian, as the import screen
lists it); an empty cell of a column that may be empty is (None, None). Numbers are read by lkjip.io.angka: a text
that could be thousands or decimals is refused, except in a rupiah column, which never has three decimals.

Text is data (``bersihkan``): every cell is read in NFC, with Unicode spaces, tabs and line breaks as one plain space;
a control or invisible format character (U+0001, a zero-width joiner, a bidi override) is refused, since it breaks
exports and slides and makes look-alike names. A TRUE/FALSE cell is never a number, and a number beyond
``BATAS_ANGKA`` (or not finite) cannot be a value a kecamatan reports."""

from __future__ import annotations

import difflib
import math
import re
import unicodedata

from lkjip.errors import AngkaError
from lkjip.io.angka import parse_angka
from lkjip.io.impor.rencana import teks_mesin
from lkjip.io.impor.spec import Kolom

Sel = tuple[object, str | None]  # (value, problem)

# No value a kecamatan reports reaches a thousand trillion: Indonesia's whole APBN is about Rp 3.300 triliun, a
# kecamatan's budget some tens of billions. Beyond it, a cell is a typo or an attack (1e308 makes capaian infinite).
BATAS_ANGKA = 1e15
_SPASI = re.compile(r"\s+")  # after NFC; str.isspace covers NBSP, U+2000–U+200A, U+3000, U+2028/2029, tab, CR, LF


def karakter_kendali(teks: str) -> str | None:
    """The first character that may not be in imported text, as U+XXXX (None: none): C0/C1 controls other than
    tab and line breaks, format characters (zero-width, bidi, BOM, soft hyphen), surrogates and noncharacters."""
    for ch in teks:
        if ch in ("\t", "\n", "\r"):
            continue
        kategori = unicodedata.category(ch)
        if kategori in ("Cc", "Cf", "Cs") or (ord(ch) & 0xFFFE) == 0xFFFE or 0xFDD0 <= ord(ch) <= 0xFDEF:
            return f"U+{ord(ch):04X}"
    return None


def bersihkan(teks: str) -> tuple[str, str | None]:
    """Text as stored: NFC, every run of whitespace (Unicode spaces included) one plain space, trimmed; or the
    problem when it holds a control or invisible format character."""
    kendali = karakter_kendali(teks)
    if kendali is not None:
        return teks, f"berisi karakter kendali {kendali}; hapus karakter itu"
    return _SPASI.sub(" ", unicodedata.normalize("NFC", teks)).strip(), None


def saran(nilai: str, pilihan: list[str]) -> str:
    """ " Maksud Anda 'X'?" for the choice closest to what was written, or nothing."""
    dekat = difflib.get_close_matches(nilai, pilihan, n=1, cutoff=0.6)
    return f" Maksud Anda '{dekat[0]}'?" if dekat else ""


def nilai_sel(kolom: Kolom, mentah: object) -> Sel:
    teks, kendali = bersihkan(teks_mesin(mentah) or "")  # 1.0 from a spreadsheet reads as "1"
    if kendali is not None:
        return None, kendali
    if teks == "":
        return None, "wajib diisi" if kolom.wajib else None
    if kolom.pilihan and teks not in kolom.pilihan:
        pilihan = list(kolom.pilihan)
        return None, f"'{teks}' tidak dikenal; pilihan: {', '.join(pilihan)}.{saran(teks, pilihan)}"
    if kolom.jenis == "teks":
        return teks, None
    if isinstance(mentah, bool) or teks.upper() in ("TRUE", "FALSE", "BENAR", "SALAH"):
        apa = "jawaban 1–4" if kolom.jenis == "jawaban" else "angka"
        return None, f"'{teks.upper()}' adalah nilai benar/salah, bukan {apa}; isi angkanya"
    if kolom.jenis in ("bulat", "jawaban"):
        return _bulat(kolom, mentah, teks)
    return _angka(kolom, mentah, teks)


def _bulat(kolom: Kolom, mentah: object, teks: str) -> Sel:
    """A whole number (a year, an age, a quarter); an SKM answer on the scale 1–4."""
    try:
        v = float(mentah) if isinstance(mentah, (int, float)) else float(teks.replace(",", "."))
    except ValueError:
        return None, f"'{teks}' bukan bilangan bulat"
    if not v.is_integer():
        return None, f"'{teks}' bukan bilangan bulat"
    if kolom.jenis == "jawaban" and not 1 <= v <= 4:
        return None, f"jawaban {int(v)} di luar skala 1–4"
    return int(v), None


def _angka(kolom: Kolom, mentah: object, teks: str) -> Sel:
    """A number in Indonesian or machine format; rupiah: 'Rp 1.000' and '1.000' are one thousand, never negative."""
    try:
        v = parse_angka(mentah, "auto")
    except AngkaError as exc:
        if kolom.jenis != "rupiah":
            return None, exc.pesan
        try:
            v = parse_angka(teks.replace("Rp", "").replace("rp", "").strip(), "id")
        except AngkaError as exc2:
            return None, exc2.pesan
    if v is not None and (not math.isfinite(v) or abs(v) > BATAS_ANGKA):
        tertulis = teks if len(teks) <= 24 else f"{v:.3g}"
        return None, (
            f"nilai {tertulis} tidak wajar: di luar ±1.000.000.000.000.000 (seribu triliun), sehingga capaian tidak dapat "
            "dihitung; periksa angka dan satuannya"
        )
    if kolom.jenis == "rupiah" and v is not None and v < 0:
        return None, f"jumlah rupiah negatif ({teks}); pagu dan realisasi tidak boleh < 0"
    return v, None
