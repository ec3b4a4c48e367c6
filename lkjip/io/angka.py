"""Reading numbers as Indonesian documents print them.

Parsing is explicit per source: ``id`` (``53.161.664.873,00``: dot thousands,
comma decimals) or ``en`` (``29,431,660,181``; ``83.514``).  ``auto`` accepts
only what cannot be misread and rejects the rest (``1.234`` could be 1234 or
1,234).  A currency prefix (``Rp``), a percent sign and the trailing ``,-``
of amounts are allowed, as are "persen" for % and accounting parentheses for
negative amounts.
"""

from __future__ import annotations

import re

from lkjip.errors import AngkaError

FORMATS = ("id", "en", "auto")

_PATTERNS = {
    "id": re.compile(r"^-?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?$"),
    "en": re.compile(r"^-?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$"),
}
_PREFIX = re.compile(r"^(rp\.?)\s*", re.IGNORECASE)
_PERSEN = re.compile(r"\s*persen$", re.IGNORECASE)


def _clean(text: str) -> str:
    s = text.strip().replace("\u00a0", " ")
    negative = s.startswith("(") and s.endswith(")")  # accounting notation: (47.306.000,00)
    if negative:
        s = s[1:-1].strip()
    s = _PREFIX.sub("", s)
    s = _PERSEN.sub("%", s)
    s = s.replace(" ", "")
    if s.endswith("%"):
        s = s[:-1]
    if negative:
        s = "-" + s
    for tail in (",-", ".-", "-", ",", "."):  # "1.000,-", and a separator left dangling by OCR ("307.690.578,")
        if s.endswith(tail) and len(s) > len(tail) and s[-len(tail) - 1].isdigit():
            s = s[: -len(tail)]
            break
    return s


def _detect(s: str, original: str) -> str:
    has_dot, has_comma = "." in s, "," in s
    if has_dot and has_comma:
        return "id" if s.rfind(",") > s.rfind(".") else "en"
    sep = "." if has_dot else "," if has_comma else ""
    if not sep:
        return "id"
    if s.count(sep) > 1:
        return "id" if sep == "." else "en"
    digits_after = len(s) - s.index(sep) - 1
    if digits_after == 3:
        raise AngkaError(
            f"'{original}' bermakna ganda: bisa ribuan atau desimal. "
            "Tulis tanpa pemisah ribuan (mis. 1234 atau 1,234 untuk desimal)."
        )
    return "en" if sep == "." else "id"


def parse_angka(text: object, fmt: str = "id") -> float | None:
    """The number in ``text`` (None when empty); AngkaError when unreadable."""
    if fmt not in FORMATS:
        raise ValueError(f"format angka tidak dikenal: {fmt!r}")
    if text is None:
        return None
    if isinstance(text, (int, float)) and not isinstance(text, bool):
        return float(text)
    original = str(text)
    s = _clean(original)
    if s in ("", "-", "–"):  # an empty cell, or a dash printed for nothing
        return None
    if fmt == "auto":
        fmt = _detect(s, original)
    if not _PATTERNS[fmt].match(s):
        contoh = "1.234.567,89" if fmt == "id" else "1,234,567.89"
        raise AngkaError(f"'{original}' bukan angka dalam format {fmt} (contoh: {contoh}).")
    if fmt == "id":
        s = s.replace(".", "").replace(",", ".")
    else:
        s = s.replace(",", "")
    return float(s)
