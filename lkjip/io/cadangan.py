"""Backup of the whole database as one Excel workbook, and its restore into an empty database.

The workbook follows the template's conventions (a Petunjuk sheet, one sheet per kind of data, a header row), but
a backup must hold everything the views are computed from, not only what staff type: every raw table is one sheet
named after the table, with the database's own column names (sources, printed text, ``utama``, repairs, the change
log). The computed ``hitung_*`` tables are not written: a restore recomputes them with the same rules, so importing
the backup into an empty database reproduces every public view exactly.

Exactness: a number is written as a number when Excel's 16 significant digits hold it exactly, otherwise as the
text of the full value; a text cell is always text (``=...`` is never a formula); a timestamp is written as ISO text
(Excel dates lose microseconds). A ``_cadangan`` sheet names the format, its version and the row count per table,
so a truncated or hand-edited file is caught before anything is written.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import math
import zipfile
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pandas as pd
import pyarrow as pa
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils.exceptions import InvalidFileException

from lkjip.db.derive import refresh_derived
from lkjip.db.repository import Repository
from lkjip.db.tukar import tulis_lalu_tukar
from lkjip.errors import DataError
from lkjip.io.validasi import Masalah, ValidasiGagal

FORMAT = "lkjip-cadangan"
VERSI = 1
MANIFEST = "_cadangan"
PETUNJUK = "Petunjuk"
BATAS_BARIS = 1_048_575  # rows below the header that one Excel sheet can hold

_ARROW = {
    "VARCHAR": pa.string(),
    "INTEGER": pa.int32(),
    "BIGINT": pa.int64(),
    "TINYINT": pa.int8(),
    "DOUBLE": pa.float64(),
    "BOOLEAN": pa.bool_(),
    "DATE": pa.date32(),
    "TIMESTAMP": pa.timestamp("us"),
}

_TEKS_PETUNJUK = [
    "Cadangan seluruh basis data dasbor kinerja kecamatan",
    "",
    "Berkas ini memuat setiap tabel data mentah (satu lembar per tabel, judul kolom = nama kolom basis data): nilai",
    "sebagaimana tertulis di setiap tabel laporan beserta sumbernya, data hasil impor dan formulir, serta log perubahan.",
    "Nilai turunan (capaian, IKM, serapan, temuan) tidak disimpan: dihitung ulang saat pemulihan dengan aturan yang sama.",
    "",
    "Memulihkan ke basis data baru (kosong):",
    "   python -m lkjip import cadangan.xlsx --db baru.duckdb --yes",
    "Cadangan tidak diimpor ke basis data yang sudah berisi data, agar tidak ada yang tertimpa diam-diam.",
    "Jangan mengubah lembar '_cadangan'; jumlah baris setiap tabel diperiksa sebelum pemulihan.",
]


@cache
def skema() -> dict[str, tuple[tuple[str, str], ...]]:
    """Raw tables of the schema (name -> ((column, type), ...)), in schema order; the hitung_* tables excluded."""
    repo = Repository.open(":memory:", read_only=False)
    try:
        repo.create_schema()
        rows = repo.fetch("_skema_mentah").itertuples(index=False)
    finally:
        repo.close()
    out: dict[str, list[tuple[str, str]]] = {}
    for table, col, typ in rows:
        out.setdefault(table, []).append((col, typ))
    return {t: tuple(c) for t, c in out.items()}


# ---------------------------------------------------------------- export
def _sel(ws, v: object) -> object:  # type: ignore[no-untyped-def]
    if isinstance(v, str):
        cell = WriteOnlyCell(ws, value=v)
        cell.data_type = "s"  # never a formula, whatever the text starts with
        return cell
    if isinstance(v, float) and not isinstance(v, bool):
        if math.isfinite(v) and float(format(v, ".16g")) == v:  # openpyxl writes 16 significant digits
            return v
        return repr(v)
    if isinstance(v, dt.datetime):
        return v.isoformat()
    return v


def ekspor(repo: Repository) -> bytes:
    """The whole database as a backup workbook (.xlsx bytes)."""
    tables = skema()
    counts = {t: repo.jumlah_baris(t) for t in tables}
    besar = {t: n for t, n in counts.items() if n > BATAS_BARIS}
    if besar:
        raise DataError(
            "Tabel terlalu besar untuk satu lembar Excel (maks. 1.048.575 baris): "
            + ", ".join(f"{t} ({n} baris)" for t, n in besar.items())
            + ". Cadangkan berkas .duckdb-nya (salin berkas) sebagai gantinya."
        )
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(PETUNJUK)
    for i, line in enumerate(_TEKS_PETUNJUK):
        cell = WriteOnlyCell(ws, value=line)
        if i == 0:
            cell.font = Font(bold=True, size=14)
        ws.append([cell])
    ws = wb.create_sheet(MANIFEST)
    ws.append(["format", FORMAT])
    ws.append(["versi", VERSI])
    ws.append(["dibuat", dt.datetime.now().isoformat(timespec="seconds")])
    ws.append([])
    ws.append(["tabel", "baris"])
    for t, n in counts.items():
        ws.append([t, n])
    for table, cols in tables.items():
        ws = wb.create_sheet(table)
        ws.append([c for c, _ in cols])
        for row in repo.baris_tabel(table, [c for c, _ in cols]):
            ws.append([_sel(ws, v) for v in row])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# ---------------------------------------------------------------- restore
@dataclass
class Pemulihan:
    """A checked backup: the rows of every raw table, typed, ready to write into an empty database."""

    berkas: str
    sha256: str
    data: dict[str, pa.Table] = field(default_factory=dict)

    def ringkasan(self) -> pd.DataFrame:
        return pd.DataFrame([{"tabel": t, "baris": tb.num_rows} for t, tb in self.data.items()])

    @property
    def baris(self) -> int:
        return sum(tb.num_rows for tb in self.data.values())


def adalah_cadangan(nama: str, data: bytes) -> bool:
    """True when the file is a backup workbook (it has the ``_cadangan`` sheet)."""
    if not nama.lower().endswith((".xlsx", ".xlsm")):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            workbook = z.read("xl/workbook.xml")
    except (zipfile.BadZipFile, KeyError, OSError):
        return False
    return f'name="{MANIFEST}"'.encode() in workbook


def _nilai(v: object, typ: str) -> object:
    """One cell as the column's type; ValueError with an Indonesian reason when it is not."""
    if v is None or (isinstance(v, str) and v == ""):
        return None
    if typ == "VARCHAR":
        if isinstance(v, float) and v.is_integer():
            return str(int(v))
        return str(v)
    if typ in ("INTEGER", "BIGINT", "TINYINT"):
        if isinstance(v, bool):
            raise ValueError("harus bilangan bulat")
        if isinstance(v, int):
            return v
        if isinstance(v, float) and v.is_integer():
            return int(v)
        if isinstance(v, str):
            try:
                return int(v.strip())
            except ValueError:
                pass
        raise ValueError(f"harus bilangan bulat, tertulis '{v}'")
    if typ == "DOUBLE":
        if isinstance(v, bool):
            raise ValueError("harus angka")
        if isinstance(v, (int, float)):
            return float(v)
        try:
            return float(str(v).strip())  # the full value written as text by ekspor
        except ValueError:
            raise ValueError(f"harus angka (titik desimal), tertulis '{v}'") from None
    if typ == "BOOLEAN":
        if isinstance(v, bool):
            return v
        s = str(v).strip().upper()
        if s in ("TRUE", "BENAR", "1"):
            return True
        if s in ("FALSE", "SALAH", "0"):
            return False
        raise ValueError(f"harus TRUE atau FALSE, tertulis '{v}'")
    if typ == "DATE":
        if isinstance(v, dt.datetime):
            return v.date()
        if isinstance(v, dt.date):
            return v
        try:
            return dt.date.fromisoformat(str(v).strip())
        except ValueError:
            raise ValueError(f"harus tanggal (TTTT-BB-HH), tertulis '{v}'") from None
    if typ == "TIMESTAMP":
        if isinstance(v, dt.datetime):
            return v
        try:
            return dt.datetime.fromisoformat(str(v).strip())
        except ValueError:
            raise ValueError(f"harus waktu ISO (TTTT-BB-HHTjj:mm:dd), tertulis '{v}'") from None
    raise ValueError(f"jenis kolom {typ} tidak didukung")


def periksa_cadangan(nama: str, data: bytes) -> Pemulihan:
    """Read and check a backup; every problem at once (ValidasiGagal), nothing written."""
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise DataError(f"Berkas cadangan rusak atau bukan .xlsx ({type(exc).__name__}).", lokasi=nama) from exc
    try:
        return _periksa(nama, data, wb)
    finally:
        wb.close()


def _periksa(nama: str, data: bytes, wb) -> Pemulihan:  # type: ignore[no-untyped-def]
    masalah: list[Masalah] = []
    if MANIFEST not in wb.sheetnames:
        raise DataError(f"Bukan berkas cadangan: lembar '{MANIFEST}' tidak ada.", lokasi=nama)
    meta: dict[str, object] = {}
    jumlah: dict[str, int] = {}
    bagian_tabel = False
    for _, row in enumerate(wb[MANIFEST].iter_rows(values_only=True), start=1):
        if not row or row[0] is None:
            continue
        key, val = str(row[0]).strip(), row[1] if len(row) > 1 else None
        if key == "tabel":
            bagian_tabel = True
        elif bagian_tabel:
            jumlah[key] = int(val) if isinstance(val, (int, float)) else -1
        else:
            meta[key] = val
    if meta.get("format") != FORMAT or meta.get("versi") != VERSI:
        raise DataError(
            f"Format cadangan tidak dikenal ({meta.get('format')} versi {meta.get('versi')}); "
            f"aplikasi ini membaca {FORMAT} versi {VERSI}.",
            lokasi=nama,
        )
    tables = skema()
    for s in wb.sheetnames:
        if s not in tables and s not in (PETUNJUK, MANIFEST):
            masalah.append(Masalah(f"{nama} / {s}", None, "-", "lembar tidak dikenal dalam cadangan"))
    hasil = Pemulihan(nama, hashlib.sha256(data).hexdigest())
    for table, cols in tables.items():
        where = f"{nama} / {table}"
        if table not in wb.sheetnames:
            masalah.append(Masalah(where, None, "-", "lembar tidak ada"))
            continue
        rows = enumerate(wb[table].iter_rows(values_only=True), start=1)
        _, header = next(rows, (1, ()))
        names = [str(h).strip() if h is not None else "" for h in header]
        while names and names[-1] == "":
            names.pop()
        expected = [c for c, _ in cols]
        if names != expected:
            missing = [c for c in expected if c not in names]
            extra = [c for c in names if c not in expected]
            detail = "; ".join(
                x
                for x in (
                    f"tidak ada: {', '.join(missing)}" if missing else "",
                    f"tidak dikenal: {', '.join(extra)}" if extra else "",
                    "urutan berbeda" if not missing and not extra else "",
                )
                if x
            )
            masalah.append(Masalah(where, 1, "-", f"judul kolom tidak sesuai ({detail})"))
            continue
        values: list[list[object]] = [[] for _ in cols]
        n = 0
        for r, row in rows:
            if all(v is None for v in row):
                continue
            n += 1
            for j, (col, typ) in enumerate(cols):
                try:
                    values[j].append(_nilai(row[j] if j < len(row) else None, typ))
                except ValueError as exc:
                    values[j].append(None)
                    masalah.append(Masalah(where, r, col, str(exc)))
        if jumlah.get(table) != n:
            masalah.append(
                Masalah(where, None, "-", f"{n} baris, lembar '{MANIFEST}' mencatat {jumlah.get(table, 'tidak ada')}")
            )
        hasil.data[table] = pa.table({col: pa.array(values[j], type=_ARROW[typ]) for j, (col, typ) in enumerate(cols)})
    if masalah:
        raise ValidasiGagal(masalah)
    return hasil


def periksa_tujuan(db_path: Path) -> None:
    """DataError unless ``db_path`` does not exist or holds no data: a restore never overwrites data."""
    if db_path.exists():
        repo = Repository.open(db_path, read_only=True)
        try:
            ada = sum(repo.jumlah_baris(t) for t in skema())
        finally:
            repo.close()
        if ada:
            raise DataError(
                f"Basis data tujuan {db_path} sudah berisi {ada} baris. Cadangan hanya dipulihkan ke basis data "
                "kosong agar tidak ada data yang tertimpa: pakai --db dengan nama berkas baru."
            )


def pulihkan(db_path: Path, pemulihan: Pemulihan) -> int:
    """Write the backup into ``db_path``, which must not exist or hold no data; returns the rows written."""

    def isi(repo: Repository) -> int:
        periksa_tujuan(db_path)  # under the write lock: no writer can fill it between this check and the swap
        repo.create_schema()
        with repo.transaction():
            for table, tb in pemulihan.data.items():
                repo.insert_df(table, tb)
            refresh_derived(repo)
        return pemulihan.baris

    return tulis_lalu_tukar(db_path, isi, dari_awal=True)
