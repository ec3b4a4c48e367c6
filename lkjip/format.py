"""Indonesian display formats (babel, locale id_ID): Rp 53.161.664.873; 94,75; 102,21%."""

from __future__ import annotations

from functools import cache

from babel import Locale
from babel.numbers import NumberPattern, parse_pattern

from lkjip.calc.hasil import is_missing

LOCALE = "id_ID"
KOSONG = "–"
_LOCALE = Locale.parse(LOCALE)


@cache
def _pattern(desimal: int) -> NumberPattern:
    """Parsed once: babel's format_decimal parses locale and pattern on every call, half its time (a national
    league table formats some 15.000 cells per run); pattern.apply is what format_decimal then calls."""
    return parse_pattern("#,##0" + ("." + "0" * desimal if desimal > 0 else ""))


def format_angka(x: float | None, desimal: int = 2) -> str:
    if is_missing(x):
        return KOSONG
    return _pattern(desimal).apply(x, _LOCALE)


def format_persen(x: float | None, desimal: int = 2) -> str:
    return KOSONG if is_missing(x) else f"{format_angka(x, desimal)}%"


def format_rupiah(x: float | None, desimal: int = 0) -> str:
    if is_missing(x):
        return KOSONG
    sign = "-" if x < 0 else ""  # type: ignore[operator]
    return f"{sign}Rp {format_angka(abs(x), desimal)}"  # type: ignore[arg-type]


def format_teks(x: object, kosong: str = KOSONG) -> str:
    """A text cell for display: missing (None, or NaN in a partly filled text column) or empty shows as a dash."""
    return kosong if is_missing(x) or x == "" else str(x)


_FORMATTERS = {
    "angka": format_angka,
    "angka0": lambda x: format_angka(x, 0),
    "persen": format_persen,
    "rupiah": format_rupiah,
}


def _teks(v: object) -> str:
    if isinstance(v, (int, float)) and float(v).is_integer():
        return str(int(v))
    return format_angka(v) if isinstance(v, float) else str(v)


def tabel_tampilan(df, kolom: dict[str, str]):  # type: ignore[no-untyped-def]
    """A copy of ``df`` with the named columns as Indonesian text: {"target": "angka", "pagu": "rupiah"}."""
    out = df.copy()
    for col, kind in kolom.items():
        out[col] = [_FORMATTERS[kind](v) for v in out[col]]
    for col in out.columns:  # an empty cell shows as a dash, not as 'None'
        if out[col].dtype == object or str(out[col].dtype).startswith("str"):
            out[col] = [KOSONG if is_missing(v) else v for v in out[col]]
        elif out[col].isna().any():  # a numeric column with gaps becomes text, all of it (Arrow needs one type)
            out[col] = [KOSONG if is_missing(v) else _teks(v) for v in out[col].astype(object)]
    return out
