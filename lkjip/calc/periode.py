"""The periods a value belongs to and the levels of a budget: one definition each, for the import, the source
files, the reports and the pages."""

from __future__ import annotations

PERIODE = ("Tahunan", "TW1", "TW2", "TW3", "TW4", "S1", "S2")  # as a report or an import names them
PERIODE_URUT = ("TW1", "TW2", "S1", "TW3", "TW4", "S2", "Tahunan")  # in the order they close within a year
TRIWULAN = ("TW1", "TW2", "TW3", "TW4")

# Budget levels from the whole down to the sub kegiatan, as the reports' tables print them.
LEVEL_ANGGARAN = ("total", "jenis_belanja", "sasaran", "program", "kegiatan", "sub_kegiatan")
# The levels of the program structure (Permendagri 90/2019 nomenclature) an import may enter.
LEVEL_ANGGARAN_IMPOR = ("total", "program", "kegiatan", "sub_kegiatan")
