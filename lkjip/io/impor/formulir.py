"""The entry form (pages/entri.py) as a sheet: what was typed becomes rows of the ``realisasi`` sheet, so a form goes
through the same checks, plan and write as a file; its problems are listed by indicator, since a form has no rows a
person can see."""

from __future__ import annotations

import pandas as pd

from lkjip.format import KOSONG
from lkjip.io.impor.spec import LEMBAR, Sheets
from lkjip.io.validasi import Masalah
from lkjip.missing import is_missing


def formulir_ke_lembar(lembar: str, rows: list[dict[str, object]]) -> Sheets:
    """Rows typed into a form (keyed by column name) as a sheet, so they go through the same checks."""
    spec = LEMBAR[lembar]
    header = {k.label: k.label for k in spec.kolom}
    return {
        lembar: [(1, header)] + [(i, {k.label: r.get(k.nama) for k in spec.kolom}) for i, r in enumerate(rows, start=2)]
    }


def isian_formulir(
    dibuka: pd.DataFrame, isi: pd.DataFrame, *, kecamatan: str, tahun: int, periode: str
) -> list[dict[str, object]]:
    """The realisations typed into the entry form (``dibuka``: the form as opened, ``isi``: as edited), as rows for
    formulir_ke_lembar.

    An empty cell (None, NaN, pd.NA or blanks: whatever the editor returns) means "not yet", and a cell left as the
    form showed it is no change: neither is sent, so saving one value leaves every other row as it was. Emptying a
    cell does not delete a stored value."""
    rows: list[dict[str, object]] = []
    for iid, awal, baru in zip(isi["indikator_id"], dibuka["realisasi"], isi["realisasi"], strict=True):
        teks = "" if is_missing(baru) else str(baru).strip()
        if teks == "" or (not is_missing(awal) and teks == str(awal).strip()):
            continue
        rows.append({"kecamatan": kecamatan, "indikator": iid, "tahun": tahun, "periode": periode, "realisasi": teks})
    return rows


def masalah_formulir(masalah: list[Masalah], rows: list[dict[str, object]], nama: dict[str, str]) -> pd.DataFrame:
    """The problems of a form by indicator (a form has no sheet rows): indicator, what was typed, what is wrong.
    ``rows`` are those given to formulir_ke_lembar (row 2 is the first), ``nama`` the indicator names by id."""
    out = []
    for m in masalah:
        r = rows[m.baris - 2] if m.baris is not None and 2 <= m.baris < len(rows) + 2 else None
        iid = str(r["indikator"]) if r else None
        out.append(
            {
                "indikator": f"{nama.get(iid, iid)} ({iid})" if iid else KOSONG,
                "diketik": str(r["realisasi"]) if r else KOSONG,
                "pesan": m.pesan,
            }
        )
    return pd.DataFrame(out, columns=["indikator", "diketik", "pesan"])
