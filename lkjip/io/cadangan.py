"""Backup of the whole database as one Excel workbook, and its restore into an empty database.

The workbook follows the template's conventions (a Petunjuk sheet, one sheet per kind of data, a header row), but
a backup must hold everything the views are computed from, not only what staff type: every raw table is one sheet
named after the table, with the database's own column names (sources, printed text, ``utama``, repairs, the change
log). The computed ``hitung_*`` tables are not written: a restore recomputes them with the same rules, so importing
the backup into an empty database reproduces every public view exactly.

Exactness: a number is written as a number when Excel's 16 significant digits hold it exactly, otherwise as the
text of the full value; a text cell is always text (``=...`` is never a formula); a timestamp is written as ISO text
(Excel dates lose microseconds). A ``_cadangan`` sheet names the format, its version, and per table the row count
and a SHA-256 digest of the sheet, so a truncated or hand-edited file is caught before anything is written.

Integrity (issue 15): the digest of a sheet is the SHA-256 of its canonical form (``_baris_kanonik``): the header row and then
every non-empty data row, each as a JSON array (``ensure_ascii=False``, no spaces) followed by ``\n``, UTF-8. A value
is the typed value the restore writes, as machine text: ``null`` for empty, text as it is, integers in decimal,
numbers as Python's shortest exact ``repr``, ``TRUE``/``FALSE``, ISO dates and timestamps (microseconds kept). The
digest is taken of the values, not of the cells, so the same values saved again by Excel (``95`` for ``95.0``, a date
cell for ISO text) still verify, while any changed, added, removed or reordered row does not. JSON rather than joins
by ``\x1f``/``\x1e``: a text may hold those characters, and JSON's escaping keeps the form unambiguous.

On restore a sheet whose digest or row count differs is refused, naming the sheet (``CadanganDiubah``); it is
restored only with the explicit consent ``SETUJU_UBAHAN``, and the restore then writes audit_log rows recording which
sheets were accepted, the file's SHA-256 and who. A backup of version 1 (before digests) cannot be told apart from a
new one stripped of its digests, so it is treated the same way: refused, or restored with the consent and logged.
Whatever the consent, a restore refuses cells of the wrong type, ``nan``/``inf`` in numeric columns, and orphan keys
(``rujukan()``): those cannot be written as they are, and would vanish silently from the views.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import io
import json
import math
import re
import zipfile
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pandas as pd
import pyarrow as pa
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import column_index_from_string
from openpyxl.utils.exceptions import InvalidFileException

from lkjip.akses import Pengguna, izinkan, sebagai_pengguna
from lkjip.db.derive import refresh_derived
from lkjip.db.repository import Repository
from lkjip.db.tukar import tulis_lalu_tukar
from lkjip.errors import DataError
from lkjip.io.validasi import Masalah, ValidasiGagal

FORMAT = "lkjip-cadangan"
VERSI = 2  # 2: a sha256 digest per sheet in _cadangan
VERSI_TANPA_SIDIK = 1  # backups made before digests; restored only with SETUJU_UBAHAN
SETUJU_UBAHAN = "saya tahu cadangan ini diubah"
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
    "Jangan mengubah isi berkas ini: jumlah baris dan sidik sha256 setiap lembar (di lembar '_cadangan') diperiksa",
    "sebelum pemulihan, dan lembar yang diubah ditolak.",
]

# Keys checked on restore: (table, column, referenced table, referenced column). No FOREIGN KEY in the schema (they
# would slow every load, see schema.sql); the views JOIN on these, so an orphan row would vanish from every screen.
# dokumen.kecamatan is not one: an import covering several kecamatan records "-".
_KUNCI_KECAMATAN = (
    "kelurahan", "sasaran", "indikator", "skm", "skm_unsur", "skm_jawaban", "anggaran", "anggaran_kas",
    "efisiensi_laporan", "evaluasi_sakip", "pembanding", "data_pendukung", "catatan_verifikasi",
)  # fmt: skip
_KUNCI_INDIKATOR = ("target", "realisasi", "capaian_laporan", "faktor", "efisiensi_laporan", "catatan_verifikasi")


@cache
def rujukan() -> tuple[tuple[str, str, str, str], ...]:
    """Every key a restore checks: wilayah, indikator, and each row's source document."""
    out = [("kecamatan", "kab_kota", "kab_kota", "nama")]
    out += [(t, "kecamatan", "kecamatan", "nama") for t in _KUNCI_KECAMATAN]
    out += [(t, "indikator_id", "indikator", "indikator_id") for t in _KUNCI_INDIKATOR]
    out += [
        (t, "sumber_dokumen", "dokumen", "dokumen_id")
        for t, cols in skema().items()
        if any(c == "sumber_dokumen" for c, _ in cols)
    ]
    return tuple(out)


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


# ---------------------------------------------------------------- canonical form
def _teks_mesin(v: object) -> object:
    """One typed value (as ``_nilai`` returns it) in the canonical form: JSON null or a machine text."""
    if v is None:
        return None
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if isinstance(v, float):
        return repr(v)
    if isinstance(v, (dt.date, dt.datetime)):
        return v.isoformat()
    return str(v)


def _baris_kanonik(values: list[object]) -> bytes:
    return json.dumps([_teks_mesin(v) for v in values], ensure_ascii=False, separators=(",", ":")).encode() + b"\n"


# ---------------------------------------------------------------- export
def _tertulis(v: object) -> object:
    """The value as the backup writes it: text stays text, a number exact or as the text of its full value."""
    if isinstance(v, float) and not isinstance(v, bool):
        if math.isfinite(v) and float(format(v, ".16g")) == v:  # openpyxl writes 16 significant digits
            return v
        return repr(v)
    if isinstance(v, dt.datetime):
        return v.isoformat()
    return v


def _sel(ws, v: object) -> object:  # type: ignore[no-untyped-def]
    if isinstance(v, str):
        cell = WriteOnlyCell(ws, value=v)
        cell.data_type = "s"  # never a formula, whatever the text starts with
        return cell
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
    manifest = wb.create_sheet(MANIFEST)  # write-only sheets take rows in any order: the digests come last
    manifest.append(["format", FORMAT])
    manifest.append(["versi", VERSI])
    manifest.append(["dibuat", dt.datetime.now().isoformat(timespec="seconds")])
    manifest.append(["sidik", "sha256 per lembar atas baris JSON nilai bertipe (lihat lkjip.io.cadangan)"])
    manifest.append([])
    manifest.append(["tabel", "baris", "sha256"])
    try:
        for table, cols in tables.items():
            ws = wb.create_sheet(table)
            ws.append([c for c, _ in cols])
            h = hashlib.sha256(_baris_kanonik([c for c, _ in cols]))
            for r, row in enumerate(repo.baris_tabel(table, [c for c, _ in cols]), start=2):
                written = [_tertulis(v) for v in row]
                for col, v in zip((c for c, _ in cols), row, strict=True):
                    if isinstance(v, float) and not math.isfinite(v):
                        raise DataError(
                            f"Tabel {table} baris {r}, kolom '{col}' berisi {v!r}, bukan angka: cadangan seperti ini tidak "
                            "dapat dipulihkan. Perbaiki nilainya dulu, atau cadangkan berkas .duckdb-nya (salin berkas)."
                        )
                h.update(_baris_kanonik([_nilai(w, typ) for w, (_, typ) in zip(written, cols, strict=True)]))
                ws.append([_sel(ws, v) for v in written])
            manifest.append([table, counts[table], h.hexdigest()])
    except BaseException:
        for sheet in wb.worksheets:  # close the sheets' streams, else their temporary files outlive the error
            with contextlib.suppress(Exception):
                sheet.close()
        raise
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# ---------------------------------------------------------------- restore
@dataclass(frozen=True)
class UbahanDiterima:
    """A sheet restored although it differs from its backup (or a backup without digests), by explicit consent."""

    tabel: str
    sidik_tercatat: str | None  # the digest _cadangan records (None: none recorded)
    sidik_berkas: str  # the digest of the sheet as it is in the file


class CadanganDiubah(DataError):
    """Sheets that differ from the backup as it was made (the only problems found); restored only with
    ``SETUJU_UBAHAN``. Not a ValidasiGagal: its message carries the way out, which a list of cells would not."""

    judul = "Cadangan telah diubah"

    def __init__(self, masalah: list[Masalah], lembar: list[str]) -> None:
        self.masalah = masalah
        self.lembar = lembar
        super().__init__(
            "tidak ada yang ditulis.\n"
            + "\n".join(f"- {m.pesan}" for m in masalah)
            + f'\nPulihkan hanya bila perubahan itu disengaja, dengan persetujuan "{SETUJU_UBAHAN}" '
            f'(CLI: --terima-ubahan "{SETUJU_UBAHAN}"); penerimaan itu dicatat di log perubahan.'
        )


@dataclass
class Pemulihan:
    """A checked backup: the rows of every raw table, typed, ready to write into an empty database."""

    berkas: str
    sha256: str
    data: dict[str, pa.Table] = field(default_factory=dict)
    diterima: list[UbahanDiterima] = field(default_factory=list)  # changed sheets restored by consent

    def ringkasan(self) -> pd.DataFrame:
        changed = {u.tabel for u in self.diterima}
        df = pd.DataFrame([{"tabel": t, "baris": tb.num_rows} for t, tb in self.data.items()])
        if self.diterima:
            df["sidik"] = ["DIUBAH, diterima" if t in changed else "cocok" for t in df["tabel"]]
            if MANIFEST in changed:
                df["sidik"] = "tidak ada (cadangan versi 1), diterima"
        return df

    @property
    def baris(self) -> int:
        return sum(tb.num_rows for tb in self.data.values())


def adalah_cadangan(nama: str, data: bytes) -> bool:
    """True when the file is a backup workbook (it has the ``_cadangan`` sheet)."""
    if not nama.lower().endswith((".xlsx", ".xlsm")):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            if z.getinfo("xl/workbook.xml").file_size > 1024 * 1024:  # a list of sheets; larger is a bomb, not ours
                return False  # the import's own reading refuses it with its limits
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
        if isinstance(v, float) and not math.isfinite(v):
            raise ValueError(f"harus bilangan bulat, tertulis '{v}' (nan/inf tidak diterima)")
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
        if isinstance(v, int):
            return float(v)
        try:
            x = float(str(v).strip())  # the full value written as text by ekspor
        except ValueError:
            raise ValueError(f"harus angka (titik desimal), tertulis '{v}'") from None
        if not math.isfinite(x):  # 'nan', 'inf', '-inf', '1e999': no report prints these
            raise ValueError(f"harus angka hingga, tertulis '{v}' (nan/inf tidak diterima)")
        return x
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


def periksa_cadangan(nama: str, data: bytes, *, terima_ubahan: str | None = None) -> Pemulihan:
    """Read and check a backup; every problem at once (ValidasiGagal), nothing written.

    Sheets that differ from their digest raise ``CadanganDiubah`` unless ``terima_ubahan`` is exactly
    ``SETUJU_UBAHAN``; then they are returned in ``Pemulihan.diterima``, which ``pulihkan`` logs. Wrong types,
    ``nan``/``inf`` and orphan keys are refused whatever the consent.
    """
    if terima_ubahan is not None and terima_ubahan != SETUJU_UBAHAN:
        raise DataError(f'Persetujuan harus ditulis persis "{SETUJU_UBAHAN}"; tertulis "{terima_ubahan}".')
    _bukan_bom(nama, data)
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise DataError(f"Berkas cadangan rusak atau bukan .xlsx ({type(exc).__name__}).", lokasi=nama) from exc
    try:
        return _periksa(nama, data, wb, terima=terima_ubahan == SETUJU_UBAHAN)
    finally:
        wb.close()


def _bukan_bom(nama: str, data: bytes) -> None:
    """A backup holds a whole database (a national one is far beyond an upload's limits), so only the compression
    ratio is held to the upload's limit: tables pack 10-15:1, a zip bomb ~1000:1 (checked from the zip's directory,
    before anything is decompressed)."""
    from lkjip.io.batas import BATAS_RASIO, RASIO_DARI

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            for info in z.infolist():
                if info.file_size > RASIO_DARI and info.file_size > BATAS_RASIO * max(info.compress_size, 1):
                    raise DataError(
                        f"bagian {info.filename} terkompresi {info.file_size // max(info.compress_size, 1)}:1 "
                        f"(batas {BATAS_RASIO}:1); ini bukan cadangan yang dibuat dasbor.",
                        lokasi=nama,
                    )
    except zipfile.BadZipFile as exc:
        raise DataError(f"Berkas cadangan rusak atau bukan .xlsx ({type(exc).__name__}).", lokasi=nama) from exc


def _manifest(nama: str, wb) -> tuple[dict[str, object], dict[str, tuple[object, object]]]:  # type: ignore[no-untyped-def]
    """The ``_cadangan`` sheet: its settings (format, versi, ...) and per table (row count, digest) as written."""
    meta: dict[str, object] = {}
    tabel: dict[str, tuple[object, object]] = {}
    bagian_tabel = False
    for row in wb[MANIFEST].iter_rows(values_only=True):
        if not row or row[0] is None:
            continue
        key = str(row[0]).strip()
        if key == "tabel":
            bagian_tabel = True
        elif bagian_tabel:
            tabel[key] = (row[1] if len(row) > 1 else None, row[2] if len(row) > 2 else None)
        else:
            meta[key] = row[1] if len(row) > 1 else None
    if meta.get("format") != FORMAT or meta.get("versi") not in (VERSI, VERSI_TANPA_SIDIK):
        raise DataError(
            f"Format cadangan tidak dikenal ({meta.get('format')} versi {meta.get('versi')}); "
            f"aplikasi ini membaca {FORMAT} versi {VERSI_TANPA_SIDIK} dan {VERSI}.",
            lokasi=nama,
        )
    return meta, tabel


# What the schema gained after backups were first made (issue 16): a whole table (None) or columns. An older backup
# without them restores with them empty; anything else missing is still refused.
TAMBAHAN: dict[str, tuple[str, ...] | None] = {
    "pengguna": None,
    "status_periode": None,
    "catatan_verifikasi": None,
    "audit_log": ("peran", "alasan"),
}


def _periksa(nama: str, data: bytes, wb, *, terima: bool) -> Pemulihan:  # type: ignore[no-untyped-def]
    masalah: list[Masalah] = []  # refused whatever the consent
    diubah: list[Masalah] = []  # refused unless consent
    if MANIFEST not in wb.sheetnames:
        raise DataError(f"Bukan berkas cadangan: lembar '{MANIFEST}' tidak ada.", lokasi=nama)
    meta, tercatat = _manifest(nama, wb)
    bersidik = meta["versi"] == VERSI
    tables = skema()
    for s in wb.sheetnames:
        if s not in tables and s not in (PETUNJUK, MANIFEST):
            masalah.append(Masalah(f"{nama} / {s}", None, "-", "lembar tidak dikenal dalam cadangan"))
    for t in tercatat:
        if t not in tables:
            masalah.append(Masalah(f"{nama} / {MANIFEST}", None, "tabel", f"tabel '{t}' tidak dikenal"))
    hasil = Pemulihan(nama, hashlib.sha256(data).hexdigest())
    nomor: dict[str, list[int]] = {}  # table -> the sheet row of each data row, for messages
    for table, semua in tables.items():
        where = f"{nama} / {table}"
        if table not in wb.sheetnames:
            if table in TAMBAHAN and TAMBAHAN[table] is None and table not in tercatat:
                # a table the schema gained after this backup was made (users, workflow states): restored empty
                hasil.data[table] = pa.table({col: pa.array([], type=_ARROW[typ]) for col, typ in semua})
                nomor[table] = []
                continue
            masalah.append(Masalah(where, None, "-", "lembar tidak ada"))
            continue
        rows = enumerate(wb[table].iter_rows(values_only=True), start=1)
        _, header = next(rows, (1, ()))
        names = [str(h).strip() if h is not None else "" for h in header]
        while names and names[-1] == "":
            names.pop()
        # columns the schema gained after this backup was made (the change log's role and reason), when the
        # backup's header is exactly the older one: read as written (its digest covers those), the new ones empty
        baru = [c for c, _ in semua if c not in names and c in (TAMBAHAN.get(table) or ())]
        cols = [(c, t) for c, t in semua if c not in baru]
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
        sidik = hashlib.sha256(_baris_kanonik(expected))
        nomor[table] = []
        try:
            for r, row in rows:
                if all(v is None for v in row):
                    continue
                nomor[table].append(r)
                typed: list[object] = []
                for j, (col, typ) in enumerate(cols):
                    try:
                        typed.append(_nilai(row[j] if j < len(row) else None, typ))
                    except ValueError as exc:
                        typed.append(None)
                        masalah.append(Masalah(where, r, col, str(exc)))
                    values[j].append(typed[-1])
                sidik.update(_baris_kanonik(typed))
        except ValueError:  # openpyxl cannot read a number cell such as <v>NaN</v> or <v>INF</v>
            masalah += _angka_rusak(where, expected, data, wb[table])
            continue
        n, (baris, sha) = len(nomor[table]), tercatat.get(table, (None, None))
        jumlah = int(baris) if isinstance(baris, (int, float)) and not isinstance(baris, bool) else None
        hitung = f"{n} baris, lembar '{MANIFEST}' mencatat {'tidak ada' if jumlah is None else jumlah}"
        if bersidik and (sha != sidik.hexdigest() or jumlah != n):
            pesan = f"lembar {table} diubah sejak cadangan dibuat (sidik sha256 tidak cocok)"
            if not isinstance(sha, str):
                pesan = f"lembar {table}: sidik sha256 tidak tercatat di lembar '{MANIFEST}'"
            elif sha == sidik.hexdigest():
                pesan = f"lembar {MANIFEST} diubah sejak cadangan dibuat (jumlah baris {table} tidak cocok)"
            diubah.append(Masalah(where, None, "-", pesan + (f"; {hitung}" if jumlah != n else "")))
            hasil.diterima.append(UbahanDiterima(table, sha if isinstance(sha, str) else None, sidik.hexdigest()))
        elif jumlah != n:
            masalah.append(Masalah(where, None, "-", hitung))
        kolom = {col: pa.array(values[j], type=_ARROW[typ]) for j, (col, typ) in enumerate(cols)}
        hasil.data[table] = pa.table(
            {c: kolom[c] if c in kolom else pa.nulls(len(nomor[table]), type=_ARROW[t]) for c, t in semua}
        )
    masalah += _yatim(nama, hasil.data, nomor)
    if not bersidik:
        diubah.append(
            Masalah(
                f"{nama} / {MANIFEST}",
                None,
                "versi",
                f"cadangan versi {VERSI_TANPA_SIDIK} tidak memuat sidik sha256 (dibuat sebelum pemeriksaan keutuhan), "
                "jadi perubahan tangan tidak dapat dideteksi",
            )
        )
        hasil.diterima = [UbahanDiterima(MANIFEST, None, hasil.sha256)]
    if masalah:
        raise ValidasiGagal(masalah + diubah)
    if diubah and not terima:
        raise CadanganDiubah(diubah, [u.tabel for u in hasil.diterima])
    return hasil


_SEL = re.compile(rb"<c\b([^>]*)>\s*<v>([^<]*)</v>")
_ATRIBUT = re.compile(rb'\b(r|t)="([^"]*)"')


def _angka_rusak(where: str, header: list[str], data: bytes, ws) -> list[Masalah]:  # type: ignore[no-untyped-def]
    """The number cells of a sheet that are not a finite number, found in its XML (openpyxl stops at the first)."""
    out: list[Masalah] = []
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            xml = z.read(ws._worksheet_path)  # openpyxl's own path of this sheet in the archive
    except (AttributeError, KeyError, zipfile.BadZipFile):
        xml = b""
    for m in _SEL.finditer(xml):
        attrs = {k.decode(): v.decode() for k, v in _ATRIBUT.findall(m.group(1))}
        if attrs.get("t", "n") != "n":
            continue
        v = m.group(2).decode(errors="replace").strip()
        try:
            if math.isfinite(float(v)):
                continue
        except ValueError:
            pass
        ref = re.fullmatch(r"([A-Z]+)(\d+)", attrs.get("r", ""))
        if ref is None:
            out.append(Masalah(where, None, "-", f"sel angka '{v}' tidak dapat dibaca (nan/inf tidak diterima)"))
            continue
        j = column_index_from_string(ref.group(1)) - 1
        col = header[j] if j < len(header) else ref.group(1)
        out.append(
            Masalah(where, int(ref.group(2)), col, f"harus angka hingga, tertulis '{v}' (nan/inf tidak diterima)")
        )
    return out or [Masalah(where, None, "-", "sel angka yang tidak dapat dibaca (mis. NaN atau INF)")]


def _yatim(nama: str, data: dict[str, pa.Table], nomor: dict[str, list[int]]) -> list[Masalah]:
    """Orphan keys: a row whose key names no row of the table it refers to (``rujukan``)."""
    out: list[Masalah] = []
    for table, col, ref, ref_col in rujukan():
        if table not in data or ref not in data:
            continue  # that sheet is already refused
        known = set(data[ref].column(ref_col).to_pylist())
        for r, v in zip(nomor[table], data[table].column(col).to_pylist(), strict=True):
            if v is not None and v not in known:
                out.append(Masalah(f"{nama} / {table}", r, col, f"'{v}' tidak ada di lembar {ref} (kolom {ref_col})"))
    return out


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


def _audit_diterima(pemulihan: Pemulihan, pengguna: Pengguna) -> pd.DataFrame:
    """One change-log row per sheet restored by consent although it differs from its backup."""
    now = dt.datetime.now()
    return pd.DataFrame(
        [
            {
                "waktu": now,
                "tabel": u.tabel,
                "kunci": "cadangan tanpa sidik diterima" if u.tabel == MANIFEST else "cadangan diubah diterima",
                "kolom": "sha256 lembar",
                "nilai_lama": u.sidik_tercatat,
                "nilai_baru": u.sidik_berkas,
                "sumber": f'pemulihan {pemulihan.berkas} ("{SETUJU_UBAHAN}")',
                "sha256": pemulihan.sha256,
                "pengguna": pengguna.pengguna_log,
                "peran": pengguna.peran_log,
            }
            for u in pemulihan.diterima
        ]
    )


def pulihkan(db_path: Path, pemulihan: Pemulihan, *, pengguna: Pengguna | str | None = None) -> int:
    """Write the backup into ``db_path``, which must not exist or hold no data; returns the rows written.

    Restoring is the admin's (``pulihkan``; a typed name or None is the local mode, an admin): AksesDitolak
    otherwise, before anything is read or written. Sheets accepted by consent (``Pemulihan.diterima``) are recorded
    in audit_log, with the file's SHA-256 and ``pengguna``; those rows are not counted in the rows returned.
    """
    siapa = sebagai_pengguna(pengguna)
    izinkan(siapa, "pulihkan", None, {})

    def isi(repo: Repository) -> int:
        periksa_tujuan(db_path)  # under the write lock: no writer can fill it between this check and the swap
        repo.create_schema()
        with repo.transaction():
            for table, tb in pemulihan.data.items():
                repo.insert_df(table, tb)
            if pemulihan.diterima:
                repo.insert_df("audit_log", _audit_diterima(pemulihan, siapa))
            refresh_derived(repo)
        return pemulihan.baris

    return tulis_lalu_tukar(db_path, isi, dari_awal=True)
