"""Import of staff-entered data (the Excel template, or one CSV per sheet, or the entry form).

Three steps, so that nothing is written by mistake, one module each:

1. ``berkas.baca`` reads the file and rejects what is not a readable spreadsheet (wrong type, corrupt,
   empty, too large, formulas, a CSV not in UTF-8);
2. ``pemeriksaan.periksa`` validates every cell against the database and returns a plan (``rencana``: new /
   changed / unchanged, old -> new) plus *every* problem as sheet, row, column and message;
3. ``tulis.terapkan`` writes the plan all-or-nothing under the write lock, refusing a plan made on a database that
   has changed since.

The sheets are declared once in ``spec`` (the template is made from them), the words a person reads in
``tampilan``, the entry form's rows in ``formulir``. This package exports what the pages, the command line and the
tests use.
"""

from __future__ import annotations

from lkjip.calc.periode import PERIODE
from lkjip.io.impor.berkas import BATAS_UKURAN, baca
from lkjip.io.impor.formulir import formulir_ke_lembar, isian_formulir, masalah_formulir
from lkjip.io.impor.pemeriksaan import periksa, periksa_lembar
from lkjip.io.impor.rencana import Operasi, Rencana, Tersimpan
from lkjip.io.impor.spec import LEMBAR, Kolom, Lembar, Sheets
from lkjip.io.impor.tampilan import LABEL_PRATINJAU, NAMA_TABEL, STATUS, kolom_tampilan, log_tampilan, nilai_tampilan
from lkjip.io.impor.tulis import terapkan

__all__ = [
    "BATAS_UKURAN",
    "LABEL_PRATINJAU",
    "LEMBAR",
    "NAMA_TABEL",
    "PERIODE",
    "STATUS",
    "Kolom",
    "Lembar",
    "Operasi",
    "Rencana",
    "Sheets",
    "Tersimpan",
    "baca",
    "formulir_ke_lembar",
    "isian_formulir",
    "kolom_tampilan",
    "log_tampilan",
    "masalah_formulir",
    "nilai_tampilan",
    "periksa",
    "periksa_lembar",
    "terapkan",
]
