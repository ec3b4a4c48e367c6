"""One cell read as a value of its column (``spec.Kolom``): pure, without the database.

``nilai_sel`` returns the value and no problem, or None and the problem in words (Indonesian, as the import screen
lists it); an empty cell of a column that may be empty is (None, None). Numbers are read by lkjip.io.angka: a text
that could be thousands or decimals is refused, except in a rupiah column, which never has three decimals."""

from __future__ import annotations

import difflib

from lkjip.errors import AngkaError
from lkjip.io.angka import parse_angka
from lkjip.io.impor.rencana import teks_mesin
from lkjip.io.impor.spec import Kolom

Sel = tuple[object, str | None]  # (value, problem)


def saran(nilai: str, pilihan: list[str]) -> str:
    """ " Maksud Anda 'X'?" for the choice closest to what was written, or nothing."""
    dekat = difflib.get_close_matches(nilai, pilihan, n=1, cutoff=0.6)
    return f" Maksud Anda '{dekat[0]}'?" if dekat else ""


def nilai_sel(kolom: Kolom, mentah: object) -> Sel:
    teks = (teks_mesin(mentah) or "").strip()  # 1.0 from a spreadsheet reads as "1"
    if teks == "":
        return None, "wajib diisi" if kolom.wajib else None
    if kolom.pilihan and teks not in kolom.pilihan:
        pilihan = list(kolom.pilihan)
        return None, f"'{teks}' tidak dikenal; pilihan: {', '.join(pilihan)}.{saran(teks, pilihan)}"
    if kolom.jenis == "teks":
        return teks, None
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
    if kolom.jenis == "rupiah" and v is not None and v < 0:
        return None, f"jumlah rupiah negatif ({teks}); pagu dan realisasi tidak boleh < 0"
    return v, None
