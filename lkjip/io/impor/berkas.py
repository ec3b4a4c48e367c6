"""Step 1 of an import: the uploaded file (the Excel template, or one CSV per sheet) read into sheets.

``baca`` returns the sheets it knows (``spec.LEMBAR``) as ``Sheets`` with the cells holding formulas as problems;
what is not a readable spreadsheet (empty, too large, of another type, corrupt, a CSV not in UTF-8, a full backup)
is a DataError in Indonesian. Nothing here looks at the database: the cells are checked in the next step."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from lkjip.errors import DataError
from lkjip.io.impor.spec import LEMBAR, Sheets
from lkjip.io.validasi import Masalah

BATAS_UKURAN = 20 * 1024 * 1024  # 20 MB: a year of a kecamatan's data is far below this


def baca(nama: str, data: bytes) -> tuple[Sheets, list[Masalah]]:
    """Sheets of the file as (row number, {header: value}) and the cells holding formulas.

    DataError (in Indonesian) when the file cannot be read at all."""
    if not data:
        raise DataError("Berkas kosong.", lokasi=nama)
    if len(data) > BATAS_UKURAN:
        raise DataError(
            f"Berkas {len(data) / 1e6:.1f} MB melebihi batas {BATAS_UKURAN // 1_000_000} MB; "
            "pecah per kecamatan atau per tahun.",
            lokasi=nama,
        )
    lower = nama.lower()
    if lower.endswith(".csv"):
        return _baca_csv(nama, data), []
    if not lower.endswith((".xlsx", ".xlsm")):
        raise DataError("Jenis berkas tidak dikenal: unggah templat Excel (.xlsx) atau CSV per lembar.", lokasi=nama)
    return _baca_xlsx(nama, data)


def _baca_csv(nama: str, data: bytes) -> Sheets:
    """One sheet, named by the file (realisasi.csv), in UTF-8 (with or without the BOM Excel writes)."""
    lembar = Path(nama.lower()).stem
    if lembar not in LEMBAR:
        raise DataError(f"Nama berkas CSV harus nama lembar: {', '.join(LEMBAR)} (mis. realisasi.csv).", lokasi=nama)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DataError(
            "CSV bukan UTF-8. Simpan ulang dari Excel sebagai 'CSV UTF-8 (Comma delimited)'.", lokasi=nama
        ) from None
    rows = list(csv.reader(io.StringIO(text)))
    if not rows or not any(any(c.strip() for c in r) for r in rows):
        raise DataError("Berkas CSV tidak berisi baris.", lokasi=nama)
    return {lembar: _baris_lembar(rows)}


def _baca_xlsx(nama: str, data: bytes) -> tuple[Sheets, list[Masalah]]:
    """The workbook's known sheets (others, such as Petunjuk, are passed over) and every cell holding a formula."""
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise DataError(f"Berkas Excel rusak atau bukan .xlsx ({type(exc).__name__}).", lokasi=nama) from exc
    if "_cadangan" in wb.sheetnames:
        wb.close()
        raise DataError(
            "Ini berkas cadangan seluruh basis data, bukan templat. Pulihkan ke basis data baru (kosong) dengan: "
            "python -m lkjip import BERKAS.xlsx --db baru.duckdb --yes",
            lokasi=nama,
        )
    out: Sheets = {}
    formulas: list[Masalah] = []
    for ws in wb.worksheets:
        if ws.title not in LEMBAR:
            continue
        rows = []
        for r_idx, row in enumerate(ws.iter_rows(), start=1):
            values = []
            for cell in row:
                if getattr(cell, "data_type", None) == "f":
                    col = getattr(cell, "column_letter", "?")
                    formulas.append(
                        Masalah(ws.title, r_idx, col, "berisi rumus; isi nilainya saja (tempel sebagai nilai)")
                    )
                values.append(cell.value)
            rows.append(values)
        out[ws.title] = _baris_lembar(rows)
    wb.close()
    if not out:
        raise DataError(f"Tidak ada lembar yang dikenali; lembar yang dapat diimpor: {', '.join(LEMBAR)}.", lokasi=nama)
    return out, formulas


def _baris_lembar(rows: list[list[object]]) -> list[tuple[int, dict[str, object]]]:
    """Rows as (row number, {header: value}), the header row first and empty rows left out."""
    if not rows:
        return []
    header = [str(h).strip() if h is not None else "" for h in rows[0]]
    out = []
    for i, r in enumerate(rows[1:], start=2):
        if all(v is None or str(v).strip() == "" for v in r):
            continue
        out.append((i, {h: (r[j] if j < len(r) else None) for j, h in enumerate(header) if h}))
    out.insert(0, (1, {h: h for h in header if h}))  # the header row itself, for column checks
    return out
