"""Tables written out for spreadsheets (CSV/XLSX downloads, the template's lists), protected against formula
injection: a text cell that starts with = + - @ or a tab/CR would be run as a formula by Excel or LibreOffice
(OWASP "CSV injection"), so it is written with a leading apostrophe and stays text. Numbers are not touched;
a lone "-" (the reports' "no data") is not a formula and stays as it is."""

from __future__ import annotations

import io

import pandas as pd

PEMICU_RUMUS = ("=", "+", "-", "@", "\t", "\r")


def sel_aman(v: object) -> object:
    """One cell: text that a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(v, str) and v.startswith(PEMICU_RUMUS) and v.strip() not in ("-", "–"):
        return "'" + v
    return v


def aman(df: pd.DataFrame) -> pd.DataFrame:
    """A copy with every text cell made safe; numeric, date and boolean columns are unchanged."""
    out = df.copy()
    for c in out.columns:
        if not (pd.api.types.is_numeric_dtype(out[c]) or pd.api.types.is_datetime64_any_dtype(out[c])):
            out[c] = out[c].map(sel_aman)
    return out


def csv_bytes(df: pd.DataFrame) -> bytes:
    return aman(df).to_csv(index=False).encode("utf-8")


def xlsx_bytes(df: pd.DataFrame, lembar: str) -> bytes:
    buf = io.BytesIO()
    aman(df).to_excel(buf, index=False, sheet_name=lembar[:31])
    return buf.getvalue()
