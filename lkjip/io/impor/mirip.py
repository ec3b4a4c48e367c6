"""Look-alike names: a new kecamatan, kabupaten/kota or indicator name that a person cannot tell from one already
there is refused, so that "bontang barat", "Bontáng Barat" or a Cyrillic "Bontаng Barat" never becomes a second
Bontang Barat.

``kerangka`` is the name as an eye sees it: casefolded, accents stripped (NFKD without combining marks), look-alike
Cyrillic and Greek letters as Latin, whitespace as one space. Two names with one kerangka are one name. The table of
look-alikes is small and on purpose (the letters that render identically in common fonts); no dependency."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

# Cyrillic and Greek letters (after casefold) that look like a Latin letter.
_SERUPA = str.maketrans(
    {
        # Cyrillic
        "а": "a",
        "в": "b",
        "е": "e",
        "ё": "e",
        "к": "k",
        "м": "m",
        "н": "h",
        "о": "o",
        "р": "p",
        "с": "c",
        "т": "t",
        "у": "y",
        "х": "x",
        "і": "i",
        "ї": "i",
        "ј": "j",
        "ѕ": "s",
        "ԁ": "d",
        "ԛ": "q",
        "ԝ": "w",
        "һ": "h",
        "ӏ": "l",
        "ɡ": "g",
        "ү": "y",
        "ԍ": "g",
        # Armenian
        "օ": "o",
        "ս": "u",
        "հ": "h",
        # Latin letters of other alphabets' shape
        "ɑ": "a",
        "ɩ": "i",
        # Greek (casefold turns Α Β Ε Ζ Η Ι Κ Μ Ν Ο Ρ Τ Υ Χ into these)
        "α": "a",
        "β": "b",
        "ε": "e",
        "ζ": "z",
        "η": "n",
        "ι": "i",
        "κ": "k",
        "μ": "m",
        "ν": "v",
        "ο": "o",
        "ρ": "p",
        "τ": "t",
        "υ": "u",
        "χ": "x",
        "ϲ": "c",
        # Latin look-alikes of other letters
        "ı": "i",
        "ℓ": "l",
    }
)
# Upper-case forms whose casefold is not the look-alike above (Cyrillic В, Н, К, М, Т look like B, H, K, M, T).
_SERUPA_BESAR = str.maketrans({"В": "b", "Н": "h", "К": "k", "М": "m", "Т": "t", "Η": "h", "Ν": "n", "Υ": "y"})
# Apostrophes and dashes an eye does not tell apart (Excel's autocorrect turns Ma'rang into Ma’rang)
_TANDA = str.maketrans(
    {
        "’": "'",
        "‘": "'",
        "ʼ": "'",
        "´": "'",
        "`": "'",
        "ʻ": "'",
        "‐": "-",
        "‑": "-",
        "‒": "-",
        "–": "-",
        "—": "-",
        "−": "-",
    }
)
_SPASI = re.compile(r"\s+")


@lru_cache(maxsize=1 << 16)
def kerangka(nama: str) -> str:
    """The name as an eye sees it (see the module): two names with the same kerangka are one name. Cached: a file's
    rows name the same few kecamatan and indicators again and again."""
    s = unicodedata.normalize("NFKD", nama.translate(_SERUPA_BESAR))
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    s = s.casefold().translate(_SERUPA).translate(_TANDA)
    return _SPASI.sub(" ", s).strip()


def mirip_dengan(nama: str, ada: Iterable[str]) -> str | None:
    """The name among ``ada`` that ``nama`` looks like without being it exactly (None: none). For one look-up in a
    short list; many names against a long list (7.300 kecamatan): ``IndeksNama``."""
    k = kerangka(nama)
    return next((a for a in ada if a != nama and kerangka(a) == k), None)


class IndeksNama:
    """Names by kerangka: a look-alike found in one dictionary look-up (a 25.000-row sheet against the national list
    of kecamatan compared every row with every name: ~28 ms a row, 11 minutes for the file)."""

    def __init__(self, ada: Iterable[str] = ()) -> None:
        self._nama: dict[str, list[str]] = {}
        for a in ada:
            self.tambah(a)

    def tambah(self, nama: str) -> None:
        self._nama.setdefault(kerangka(nama), []).append(nama)

    def mirip(self, nama: str) -> str | None:
        """The name ``nama`` looks like without being it exactly (None: none), as ``mirip_dengan``."""
        return next((a for a in sorted(self._nama.get(kerangka(nama), ())) if a != nama), None)


def pesan_mirip(nama: str, lain: str, *, sudah_ada: bool = True) -> str:
    if sudah_ada:
        return f"'{nama}' mirip dengan '{lain}' yang sudah ada; gunakan nama itu persis"
    return f"'{nama}' mirip dengan '{lain}' di baris lain berkas ini; gunakan satu nama yang sama persis"
