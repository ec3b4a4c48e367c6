"""The limits of an uploaded file, and the reader that keeps to them while it streams.

``urai`` reads an .xlsx or a CSV into plain rows and stops at the first excess with ``Melebihi`` (sheet, what, the
limit), before the excess is held in memory: the zip's directory is checked before any member is decompressed (so a
bomb never reaches lxml), a worksheet's declared dimension before its rows, and rows, columns and cell text while the
rows stream. It runs in the child process that ``lkjip.io.impor.berkas.baca`` starts under a memory and time limit
(``BATAS_MEMORI``, ``BATAS_WAKTU``), so it imports only the standard library and openpyxl (not lkjip.io.impor, whose
package pulls in pandas and DuckDB) and returns plain tuples. The template's Petunjuk states these limits.

Sizing, from real use: the largest sheet is the SKM answers of one kab/kota for a year; a kab/kota has up to ~20
kecamatan, each surveys ~400 respondents (the Krejcie-Morgan sample for a large population, PermenPANRB 14/2017) once
or twice a year, so about 16,000 rows; 20,000 is the most we expect, and the limits leave room above it."""

from __future__ import annotations

import csv
import io
import math
import multiprocessing
import os
import resource
import zipfile
from multiprocessing import forkserver, popen_forkserver, reduction, spawn, util
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import coordinate_to_tuple, get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet._reader import WorkSheetParser

MiB = 1024 * 1024

BATAS_BARIS = 25_000  # data rows per sheet (below the header): ~20,000 SKM respondents of a kab/kota's year, + 1/4
BATAS_KOLOM = 50  # columns per row: the widest sheet (skm_jawaban) has 18; room for the staff's own notes columns
BATAS_TEKS = 32_767  # characters per cell: Excel's own maximum, so a longer cell was not typed in Excel
# characters of text in all cells of a file: what a 20 MB upload holds written out. Shared strings let a small file
# repeat one long text in every cell (25.000 rows × 50 cells × 32.767 characters, hours of checking in the app)
BATAS_TEKS_BERKAS = 20_000_000
BATAS_ISI_ANGGOTA = 64 * MiB  # uncompressed bytes per zip member: 25,000 SKM rows are ~18 MB of sheet XML
BATAS_ISI_TOTAL = 128 * MiB  # uncompressed bytes of all members: several sheets near their largest, and room
BATAS_RASIO = 200  # compression ratio of a member over 1 MiB: sheets of SKM answers pack 11-15:1, a bomb ~1000:1
RASIO_DARI = 1 * MiB  # members smaller than this are not held to the ratio (a 1 MiB member harms no one)
BATAS_ANGGOTA = 1_000  # members of the zip: a workbook has ~10, one with images and comments some dozens
BATAS_MEMORI = 512 * MiB  # address space the reading may add in its child: 25,000 SKM rows need ~35 MB
BATAS_WAKTU = 60  # seconds for the reading: 25,000 SKM rows take ~7 s on the 2-core server
KOLOM_EXCEL = 16_384  # Excel's last column (XFD): a cell beyond it was not written by a spreadsheet program


class Melebihi(Exception):
    """The file breaks a limit or cannot be read: ``pesan`` in Indonesian, ``lokasi`` the sheet (row, column)."""

    def __init__(self, pesan: str, lokasi: str = "") -> None:
        super().__init__(pesan)
        self.pesan = pesan
        self.lokasi = lokasi


class _BukanAngka:
    """A numeric cell whose text is no finite number (<v>NaN</v>, <v>INF</v>, <v>1e999</v>)."""


BUKAN_ANGKA = _BukanAngka()

Baris = tuple[int, list[Any]]  # (row number as the spreadsheet shows it, the values from column A on)
Hasil = tuple[dict[str, list[Baris]], list[tuple[str, int, str, str]]]  # sheets, and (sheet, row, column, message)


def angka(n: float) -> str:
    """25000 -> '25.000' (Indonesian thousands separator)."""
    return f"{n:,.0f}".replace(",", ".")


def mb(n: int) -> str:
    return f"{angka(n / MiB)} MB" if n >= MiB else f"{angka(n)} bita"


def urai(nama: str, data: bytes, lembar: tuple[str, ...]) -> Hasil:
    """The file's known sheets (``lembar``) as rows, and the cells that are problems (formulas, NaN/INF).

    Raises ``Melebihi`` at the first excess or when the file cannot be read."""
    if nama.lower().endswith(".csv"):
        sheet = os.path.splitext(os.path.basename(nama.lower()))[0]
        return {sheet: _urai_csv(sheet, data)}, []
    return _urai_xlsx(data, lembar)


def batasi_proses(memori: int = BATAS_MEMORI, waktu: int = BATAS_WAKTU) -> None:
    """Cap this process: its address space at what it holds now plus ``memori``, its CPU time at ``waktu`` + 5 s (the
    parent's clock stops it at ``waktu``; this is the backstop should the parent be gone)."""
    try:
        with open("/proc/self/statm") as f:  # the first field: the address space now, in pages (Linux)
            now = int(f.read().split()[0]) * resource.getpagesize()
    except OSError:  # elsewhere the time limit alone holds
        now = None
    if now is not None:
        resource.setrlimit(resource.RLIMIT_AS, (now + memori, now + memori))
    resource.setrlimit(resource.RLIMIT_CPU, (waktu + 5, waktu + 5))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # a child stopped by a limit leaves no 600 MB core file


# The reading runs in a child forked from multiprocessing's fork server, a fresh interpreter that has imported only
# openpyxl and lkjip.io.batas: a fork is a few ms, where a new interpreter would import openpyxl (and numpy) for every
# upload, ~0.5 s here. The child never holds the app's memory, threads or connections.
_KONTEKS = multiprocessing.get_context("forkserver")


class _Popen(popen_forkserver.Popen):
    """The fork server's launch (CPython 3.11's ``popen_forkserver.Popen._launch``) without the parent's __main__.

    multiprocessing makes each child import the parent's main module first; under Streamlit that is the page being
    run (Streamlit puts it in ``sys.modules['__main__']``), so the child would run the page, and under a script
    without the ``if __name__ == '__main__'`` guard it would run the script. The reader needs neither."""

    def _launch(self, process_obj: multiprocessing.process.BaseProcess) -> None:
        prep_data = spawn.get_preparation_data(process_obj._name)
        prep_data.pop("init_main_from_path", None)
        prep_data.pop("init_main_from_name", None)
        buf = io.BytesIO()
        multiprocessing.context.set_spawning_popen(self)
        try:
            reduction.dump(prep_data, buf)
            reduction.dump(process_obj, buf)
        finally:
            multiprocessing.context.set_spawning_popen(None)
        self.sentinel, w = forkserver.connect_to_new_process(self._fds)
        _parent_w = os.dup(w)  # the child's sign that its parent lives, as in the original
        self.finalizer = util.Finalize(self, util.close_fds, (_parent_w, self.sentinel))
        with open(w, "wb", closefd=True) as f:
            f.write(buf.getbuffer())
        self.pid = forkserver.read_signed(self.sentinel)


class _Anak(_KONTEKS.Process):  # type: ignore[name-defined,misc]  # defined here: the child unpickles it
    @staticmethod
    def _Popen(process_obj: multiprocessing.process.BaseProcess) -> _Popen:
        return _Popen(process_obj)


def anak(conn: Any, nama: str, data: bytes, lembar: tuple[str, ...], memori: int, waktu: int) -> None:
    """The child process: cap itself, read, and send ("ok", sheets, problems) or ("galat", message, location)."""
    penuh = f"Berkas terlalu besar atau rusak: membacanya memerlukan lebih dari {mb(memori)} memori."  # made before
    try:
        batasi_proses(memori, waktu)
        hasil: tuple = ("ok", *urai(nama, data, lembar))
    except Melebihi as exc:
        hasil = ("galat", exc.pesan, exc.lokasi)
    except MemoryError:
        hasil = ("galat", penuh, "")
    except Exception as exc:  # a hostile file may break the parser anywhere: then it is not readable
        hasil = ("galat", f"Berkas rusak atau tidak dapat dibaca ({type(exc).__name__}).", "")
    try:
        conn.send(hasil)
        conn.close()
    except BaseException:  # the answer itself did not fit: the parent reports the death, with no traceback here
        os._exit(3)


def di_anak(nama: str, data: bytes, lembar: tuple[str, ...]) -> Hasil:
    """``urai`` in a child process capped at BATAS_MEMORI and BATAS_WAKTU. A limit it met, its death and a timeout are
    each a ``Melebihi`` ("berkas terlalu besar atau rusak"), never a traceback in the caller."""
    _KONTEKS.set_forkserver_preload([__name__])  # no effect once the server runs
    terima, kirim = _KONTEKS.Pipe(duplex=False)
    proses = _Anak(
        target=anak, args=(kirim, nama, data, lembar, BATAS_MEMORI, BATAS_WAKTU), name="lkjip-baca", daemon=True
    )
    hasil = None
    try:
        try:
            proses.start()
        except (OSError, EOFError) as exc:  # the fork server could not fork (EAGAIN, no memory) or is gone
            kirim.close()
            raise Melebihi(
                f"Berkas belum dapat dibaca: server sedang penuh ({type(exc).__name__}); coba lagi."
            ) from exc
        kirim.close()
        if not terima.poll(BATAS_WAKTU):
            raise Melebihi(f"Berkas terlalu besar atau rusak: membacanya melebihi batas waktu {BATAS_WAKTU} detik.")
        try:
            hasil = terima.recv()
        except EOFError:  # the child died before it answered: the memory limit, or the CPU backstop
            proses.join(5)
            raise Melebihi(
                f"Berkas terlalu besar atau rusak: pembacaan berhenti (kode {proses.exitcode}; batas memori "
                f"{mb(BATAS_MEMORI)}, batas waktu {BATAS_WAKTU} detik)."
            ) from None
    finally:
        if proses.pid is not None:  # started
            proses.join(5 if hasil is not None else 0)
            if proses.is_alive():
                proses.kill()
                proses.join()
        terima.close()
    if hasil[0] == "galat":
        raise Melebihi(hasil[1], hasil[2])
    return hasil[1], hasil[2]


# --- xlsx ------------------------------------------------------------------------------------------------------------


def periksa_zip(arsip: zipfile.ZipFile) -> None:
    """Refuse a bomb from the zip's directory alone, before any member is decompressed. The sizes declared there bind:
    Python's zipfile never returns more bytes of a member than its declared size (and then fails the CRC)."""
    infos = arsip.infolist()
    if len(infos) > BATAS_ANGGOTA:
        raise Melebihi(
            f"berkas berisi {angka(len(infos))} bagian; batasnya {angka(BATAS_ANGGOTA)} (berkas .xlsx wajar ±15)."
        )
    total = 0
    for info in infos:
        if info.file_size > BATAS_ISI_ANGGOTA:
            raise Melebihi(
                f"bagian {info.filename} berisi {mb(info.file_size)} setelah dibuka; batasnya {mb(BATAS_ISI_ANGGOTA)} "
                "per bagian. Pecah data per kecamatan atau per tahun."
            )
        if info.file_size > RASIO_DARI and info.file_size > BATAS_RASIO * max(info.compress_size, 1):
            rasio = info.file_size / max(info.compress_size, 1)
            raise Melebihi(
                f"bagian {info.filename} dimampatkan {angka(rasio)}:1; batasnya {BATAS_RASIO}:1 (lembar kerja wajar "
                "±15:1). Berkas ini bukan templat yang diisi biasa."
            )
        total += info.file_size
        if total > BATAS_ISI_TOTAL:
            raise Melebihi(
                f"isi berkas setelah dibuka melebihi {mb(BATAS_ISI_TOTAL)} (sampai bagian {info.filename}). "
                "Pecah data per kecamatan atau per tahun."
            )


class _Pengurai(WorkSheetParser):
    """openpyxl's streaming sheet parser, held to the limits cell by cell, and telling a NaN/INF apart."""

    def __init__(self, *args: Any, judul: str, sisa_teks: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.judul = judul
        self.sisa_teks = sisa_teks  # characters of text the file may still hold (shared by its sheets)

    def parse_cell(self, element: Any) -> dict:
        try:
            cell = super().parse_cell(element)
        except ValueError:  # openpyxl's int() refuses <v>NaN</v> and <v>INF</v>
            ref = element.get("r")
            if element.get("t", "n") != "n" or (ref and not _koordinat_sah(ref)):
                raise
            row, column = coordinate_to_tuple(ref) if ref else (self.row_counter, self.col_counter)
            cell = {"row": row, "column": column, "value": BUKAN_ANGKA, "data_type": "n", "style_id": 0}
        value, column = cell["value"], cell["column"]
        if isinstance(value, float) and not math.isfinite(value):  # <v>1e999</v> is read as inf
            cell["value"] = BUKAN_ANGKA
        if column > KOLOM_EXCEL or (column > BATAS_KOLOM and value is not None):
            raise Melebihi(
                f"ada isi di kolom ke-{angka(column)}; batasnya {BATAS_KOLOM} kolom per baris.",
                self._lokasi(cell.get("row") or self.row_counter),
            )
        if isinstance(value, str) and len(value) > BATAS_TEKS:
            raise Melebihi(
                f"teks sel {angka(len(value))} karakter; batasnya {angka(BATAS_TEKS)} karakter per sel.",
                self._lokasi(cell.get("row") or self.row_counter, get_column_letter(column)),
            )
        if isinstance(value, str):
            self.sisa_teks[0] -= len(value)
            if self.sisa_teks[0] < 0:
                raise Melebihi(
                    f"teks seluruh sel melebihi {angka(BATAS_TEKS_BERKAS)} karakter (teks panjang yang diulang di "
                    "banyak sel); isi setiap sel dengan nilainya sendiri.",
                    self._lokasi(cell.get("row") or self.row_counter, get_column_letter(column)),
                )
        return cell

    def _lokasi(self, row: int, col: str | None = None) -> str:
        return f"lembar '{self.judul}' baris {row}" + (f" kolom {col}" if col else "")


def _koordinat_sah(ref: str) -> bool:
    try:
        coordinate_to_tuple(ref)
    except ValueError:
        return False
    return True


def _urai_xlsx(data: bytes, lembar: tuple[str, ...]) -> Hasil:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as arsip:
            periksa_zip(arsip)
    except zipfile.BadZipFile as exc:
        raise Melebihi(f"Berkas Excel rusak atau bukan .xlsx ({type(exc).__name__}).") from exc
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError, SyntaxError) as exc:
        raise Melebihi(f"Berkas Excel rusak atau bukan .xlsx ({type(exc).__name__}).") from exc
    try:
        if "_cadangan" in wb.sheetnames:
            raise Melebihi(
                "Ini berkas cadangan seluruh basis data, bukan templat. Pulihkan ke basis data baru (kosong) dengan: "
                "python -m lkjip import BERKAS.xlsx --db baru.duckdb --yes"
            )
        out: dict[str, list[Baris]] = {}
        masalah: list[tuple[str, int, str, str]] = []
        sisa_teks = [BATAS_TEKS_BERKAS]
        for ws in wb.worksheets:
            if ws.title in lembar:
                out[ws.title] = _urai_lembar(wb, ws, masalah, sisa_teks)
        return out, masalah
    finally:
        wb.close()


def _urai_lembar(wb: Any, ws: Any, masalah: list[tuple[str, int, str, str]], sisa_teks: list[int]) -> list[Baris]:
    """One sheet's rows, streamed: the declared dimension first (openpyxl would pad every row to it), then each row."""
    if (ws.max_row or 0) > BATAS_BARIS + 1 or (ws.max_column or 0) > BATAS_KOLOM:
        raise Melebihi(
            f"ukuran yang dinyatakan {ws.calculate_dimension()} ({angka(ws.max_row)} baris, {angka(ws.max_column)} "
            f"kolom); batasnya {angka(BATAS_BARIS)} baris data dan {BATAS_KOLOM} kolom per lembar. Hapus baris dan kolom "
            "kosong di bawah dan di kanan data, lalu simpan ulang.",
            f"lembar '{ws.title}'",
        )
    rows: list[Baris] = []
    try:
        with wb._archive.open(ws._worksheet_path) as src:  # openpyxl's read-only sheet reads from the same places
            parser = _Pengurai(
                src,
                ws._shared_strings,
                data_only=False,
                epoch=wb.epoch,
                date_formats=wb._date_formats,
                timedelta_formats=wb._timedelta_formats,
                judul=ws.title,
                sisa_teks=sisa_teks,
            )
            for idx, cells in parser.parse():
                if idx > BATAS_BARIS + 1:
                    raise Melebihi(
                        f"ada isi di baris ke-{angka(idx)}; batasnya {angka(BATAS_BARIS)} baris data per lembar (baris "
                        f"2–{angka(BATAS_BARIS + 1)}). Pecah data per kecamatan atau per periode.",
                        f"lembar '{ws.title}'",
                    )
                rows.append((idx, _nilai_baris(ws.title, idx, cells, masalah)))
    except Melebihi:
        raise
    except (KeyError, ValueError, SyntaxError, zipfile.BadZipFile, OSError) as exc:  # lxml's XMLSyntaxError too
        raise Melebihi(f"Berkas Excel rusak ({type(exc).__name__}).", f"lembar '{ws.title}'") from exc
    return rows


def _nilai_baris(judul: str, idx: int, cells: list[dict], masalah: list[tuple[str, int, str, str]]) -> list[Any]:
    """A row's values from column A on (only as wide as its last cell), noting formulas and NaN/INF as problems."""
    width = max((c["column"] for c in cells if c["value"] is not None), default=0)
    values: list[Any] = [None] * width
    for c in cells:
        value, column = c["value"], c["column"]
        if value is None or column > width:
            continue
        if c["data_type"] == "f":
            masalah.append(
                (judul, idx, get_column_letter(column), "berisi rumus; isi nilainya saja (tempel sebagai nilai)")
            )
        if value is BUKAN_ANGKA:
            masalah.append((judul, idx, get_column_letter(column), "bukan angka yang sah (NaN/INF); isi angkanya"))
            value = None
        values[column - 1] = value
    return values


# --- CSV -------------------------------------------------------------------------------------------------------------

PEMISAH = (",", ";", "\t")  # Excel's "CSV UTF-8" writes ',' or, on an Indonesian system (decimal comma), ';'


def pemisah(baris_judul: str) -> str:
    """The delimiter of a CSV, from its header line: the candidate that splits it into the most columns (',' on a
    tie). Read from the header only, as the data rows hold decimal commas and free text."""
    return max(PEMISAH, key=lambda d: len(next(csv.reader([baris_judul], delimiter=d), [])))


def _urai_csv(sheet: str, data: bytes) -> list[Baris]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise Melebihi("CSV bukan UTF-8. Simpan ulang dari Excel sebagai 'CSV UTF-8 (Comma delimited)'.") from None
    d = pemisah(text.split("\n", 1)[0].rstrip("\r"))
    rows: list[Baris] = []
    reader = csv.reader(io.StringIO(text), delimiter=d)
    try:
        for idx, row in enumerate(reader, start=1):
            if idx > BATAS_BARIS + 1:
                raise Melebihi(
                    f"lebih dari {angka(BATAS_BARIS)} baris data; batasnya {angka(BATAS_BARIS)} baris data per lembar "
                    "(di bawah judul kolom). Pecah data per kecamatan atau per periode.",
                    f"lembar '{sheet}'",
                )
            if len(row) > BATAS_KOLOM and any(c.strip() for c in row[BATAS_KOLOM:]):
                raise Melebihi(
                    f"{len(row)} kolom; batasnya {BATAS_KOLOM} kolom per baris.", f"lembar '{sheet}' baris {idx}"
                )
            for j, cell in enumerate(row):
                if len(cell) > BATAS_TEKS:
                    raise Melebihi(
                        f"teks sel {angka(len(cell))} karakter; batasnya {angka(BATAS_TEKS)} karakter per sel.",
                        f"lembar '{sheet}' baris {idx} kolom {get_column_letter(j + 1)}",
                    )
            rows.append((idx, row))
    except csv.Error as exc:  # an unclosed quote, or a field past the csv module's own 128 KiB
        raise Melebihi(
            "CSV rusak: tanda kutip tidak ditutup atau sel terlalu panjang.",
            f"lembar '{sheet}' baris {reader.line_num}",
        ) from exc
    return rows
