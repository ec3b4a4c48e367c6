"""Step 1 of an import: the uploaded file (the Excel template, or one CSV per sheet) read into sheets.

``baca`` returns the sheets it knows (``spec.LEMBAR``) as ``Sheets`` with the cells holding formulas or NaN/INF as
problems; what is not a readable spreadsheet (empty, too large, beyond a limit of ``lkjip.io.batas``, of another
type, corrupt, a CSV not in UTF-8, a full backup) is a DataError in Indonesian. The reading itself happens in a child
process (``batas.di_anak``). Nothing here looks at the database: the cells are checked in the next step."""

from __future__ import annotations

from pathlib import Path

from lkjip.errors import DataError
from lkjip.io.batas import Baris, Melebihi, di_anak
from lkjip.io.impor.spec import LEMBAR, Sheets
from lkjip.io.validasi import Masalah

BATAS_UKURAN = 20 * 1024 * 1024  # 20 MB as uploaded: a year of a kab/kota's data is far below this


def baca(nama: str, data: bytes) -> tuple[Sheets, list[Masalah]]:
    """Sheets of the file as (row number, {header: value}) and the cells that are problems (formulas, NaN/INF).

    DataError (in Indonesian) when the file cannot be read at all or breaks a limit of ``lkjip.io.batas`` (said with
    the sheet, what, and the limit). The file is read in a child process under a memory and time limit, so a hostile
    file costs the app neither memory nor a traceback."""
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
        if Path(lower).stem not in LEMBAR:
            raise DataError(
                f"Nama berkas CSV harus nama lembar: {', '.join(LEMBAR)} (mis. realisasi.csv).", lokasi=nama
            )
    elif not lower.endswith((".xlsx", ".xlsm")):
        raise DataError("Jenis berkas tidak dikenal: unggah templat Excel (.xlsx) atau CSV per lembar.", lokasi=nama)
    try:
        rows, masalah = di_anak(nama, data, tuple(LEMBAR))
    except Melebihi as exc:
        raise DataError(exc.pesan, lokasi=f"{nama}, {exc.lokasi}" if exc.lokasi else nama) from None
    if lower.endswith(".csv") and not any(_berisi(r) for _, r in next(iter(rows.values()))):
        raise DataError("Berkas CSV tidak berisi baris.", lokasi=nama)
    sheets = {lembar: _baris_lembar(r) for lembar, r in rows.items()}
    if not sheets:
        raise DataError(f"Tidak ada lembar yang dikenali; lembar yang dapat diimpor: {', '.join(LEMBAR)}.", lokasi=nama)
    return sheets, [Masalah(*m) for m in masalah]


def _berisi(values: list[object]) -> bool:
    return any(v is not None and str(v).strip() != "" for v in values)


def _baris_lembar(rows: list[Baris]) -> list[tuple[int, dict[str, object]]]:
    """Rows as (row number, {header: value}), the header row (row 1) first and empty rows left out."""
    if not rows:
        return []
    header = [str(h).strip() if h is not None else "" for h in (rows[0][1] if rows[0][0] == 1 else [])]
    out = []
    for i, r in rows:
        if i == 1 or not _berisi(r):
            continue
        out.append((i, {h: (r[j] if j < len(r) else None) for j, h in enumerate(header) if h}))
    out.insert(0, (1, {h: h for h in header if h}))  # the header row itself, for column checks
    return out
