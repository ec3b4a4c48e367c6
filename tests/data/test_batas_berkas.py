"""Hostile and unusual uploads (issue 15, items 1, 6 and 9): each limit of lkjip.io.batas refuses its file with a
message naming the sheet (or zip member), what, and the limit, before the excess is read; the reading runs in a child
process whose death or timeout is a message too; a NaN/INF cell is a problem with its row and column; a `;` CSV is
read. The files are made here and stay small on disk: the bombs are highly compressible or declare a forged size."""

from __future__ import annotations

import datetime
import io
import random
import shutil
import struct
import sys
import types
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from lkjip.db.repository import Repository
from lkjip.errors import DataError
from lkjip.io import batas
from lkjip.io.impor import LEMBAR, baca, periksa
from lkjip.io.templat import PETUNJUK, templat
from lkjip.io.validasi import ValidasiGagal

MiB = 1024 * 1024
REALISASI = [k.label for k in LEMBAR["realisasi"].kolom]
NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
LEMBAR_1 = "xl/worksheets/sheet1.xml"  # the only sheet of a workbook made by _buku


@pytest.fixture
def db(tmp_path, built_db) -> Path:
    path = tmp_path / "lkjip.duckdb"
    shutil.copy(built_db, path)
    return path


def _buku(rows: list[list] = (), sheet: str = "realisasi") -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append(REALISASI)
    for r in rows:
        ws.append(r)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _ganti(xlsx: bytes, members: dict[str, bytes | int]) -> bytes:
    """The workbook with members replaced: bytes as they are, an int as that many MiB of spaces, streamed into the
    zip so that neither the test nor the file on disk holds them (a zip bomb of ~1 KB per MiB)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(xlsx)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            if info.filename not in members:
                z.writestr(info.filename, src.read(info.filename))
        for name, content in members.items():
            if isinstance(content, bytes):
                z.writestr(name, content)
                continue
            with z.open(name, "w", force_zip64=True) as f:
                for _ in range(content):
                    f.write(b" " * MiB)
    return out.getvalue()


def _ukuran_palsu(xlsx: bytes, name: str, file_size: int, compress_size: int | None = None) -> bytes:
    """The zip with the central directory's sizes of ``name`` forged (what a crafted file can claim)."""
    data = bytearray(xlsx)
    at = data.find(b"PK\x01\x02")
    while at != -1:
        n, m, k = struct.unpack_from("<HHH", data, at + 28)
        if data[at + 46 : at + 46 + n].decode() == name:
            struct.pack_into("<I", data, at + 24, file_size)
            if compress_size is not None:
                struct.pack_into("<I", data, at + 20, compress_size)
            return bytes(data)
        at = data.find(b"PK\x01\x02", at + 46 + n + m + k)
    raise AssertionError(f"{name} tidak ada di zip")


def _lembar_xml(rows: str, dimension: str | None = None) -> bytes:
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{NS}">{dim}<sheetData>{rows}</sheetData></worksheet>'.encode()


def _judul_xml() -> str:
    cells = "".join(
        f'<c r="{chr(65 + j)}1" t="inlineStr"><is><t>{label}</t></is></c>' for j, label in enumerate(REALISASI)
    )
    return f'<row r="1">{cells}</row>'


def _baris_xml(n: int) -> str:
    """Rows 2..n+1 of realisasi, each with its own numbers (so the sheet packs like a real one, not like a bomb)."""
    return "".join(
        f'<row r="{i}"><c r="A{i}" t="inlineStr"><is><t>Bontang Barat</t></is></c><c r="B{i}" t="inlineStr"><is>'
        f'<t>BB-IKU{i % 97}</t></is></c><c r="C{i}"><v>{2000 + i % 25}</v></c><c r="E{i}"><v>{i * 7919 % 100003}</v>'
        "</c></row>"
        for i in range(2, n + 2)
    )


def _pesan(nama: str, data: bytes) -> str:
    with pytest.raises(DataError) as info:
        baca(nama, data)
    assert not isinstance(info.value, ValidasiGagal)
    return info.value.pesan


# --- the zip, before anything is decompressed ---------------------------------------------------------------------


def test_a_zip_bomb_member_is_refused_by_its_size_before_lxml_sees_it():
    data = _ganti(_buku(), {"xl/workbook.xml": 65})  # 65 MiB of spaces in ~70 KB
    assert len(data) < 200_000
    pesan = _pesan("bom.xlsx", data)
    assert "bagian xl/workbook.xml berisi 65 MB setelah dibuka; batasnya 64 MB per bagian" in pesan


def test_a_member_compressed_like_a_bomb_is_refused_by_its_ratio():
    pesan = _pesan("bom.xlsx", _ganti(_buku(), {"xl/styles.xml": 4}))
    assert "bagian xl/styles.xml dimampatkan" in pesan and "batasnya 200:1" in pesan


def test_a_1_gib_text_cell_from_small_compressed_data_is_refused():
    """The issue's file: a sheet whose text cell opens to 1 GiB. The size is read from the zip's directory (zipfile
    never returns more than it), so a forged one is refused like a real one, without 1 GiB being made here."""
    data = _buku([["Bontang Barat", "BB-IKU1", 2025, "TW1", 1, "x" * 1000]])
    data = _ukuran_palsu(data, LEMBAR_1, 1024 * MiB)
    assert f"bagian {LEMBAR_1} berisi 1.024 MB setelah dibuka; batasnya 64 MB" in _pesan("teks.xlsx", data)


def test_the_uncompressed_total_is_limited(monkeypatch):
    data = _ganti(_buku(), {"xl/media/a.bin": b"a" * 3000, "xl/media/b.bin": b"b" * 3000})
    monkeypatch.setattr(batas, "BATAS_ISI_TOTAL", 5000)  # read in-process here; the real limit is 128 MB
    with pytest.raises(batas.Melebihi, match="isi berkas setelah dibuka melebihi 5.000 bita"):
        batas.urai("x.xlsx", data, tuple(LEMBAR))


# --- the sheet: declared dimension, rows, columns, cell text --------------------------------------------------------


def test_a_huge_declared_dimension_is_refused_before_any_row_is_read():
    """The issue's file: 40,000 rows under the dimension A1:XFD1048576 (openpyxl pads every row to it: 5.3 GB)."""
    data = _ganti(_buku(), {LEMBAR_1: _lembar_xml(_judul_xml() + _baris_xml(40_000), "A1:XFD1048576")})
    assert len(data) < 1 * MiB
    pesan = _pesan("dimensi.xlsx", data)
    assert "lembar 'realisasi'" in pesan
    assert "ukuran yang dinyatakan A1:XFD1048576 (1.048.576 baris, 16.384 kolom)" in pesan
    assert "batasnya 25.000 baris data dan 50 kolom per lembar" in pesan


@pytest.mark.parametrize("dimension", [None, "A1:F2"], ids=["tanpa-dimensi", "dimensi-bohong"])
def test_rows_past_the_limit_are_refused_while_streaming(dimension):
    data = _ganti(_buku(), {LEMBAR_1: _lembar_xml(_judul_xml() + _baris_xml(40_000), dimension)})
    pesan = _pesan("baris.xlsx", data)
    assert "lembar 'realisasi'" in pesan
    assert "ada isi di baris ke-25.002; batasnya 25.000 baris data per lembar" in pesan


def test_a_cell_past_the_column_limit_is_refused_and_an_empty_styled_one_is_not():
    far = '<row r="2"><c r="A2" t="inlineStr"><is><t>Bontang Barat</t></is></c><c r="BA2"><v>1</v></c></row>'
    pesan = _pesan("kolom.xlsx", _ganti(_buku(), {LEMBAR_1: _lembar_xml(_judul_xml() + far)}))
    assert "lembar 'realisasi' baris 2: ada isi di kolom ke-53; batasnya 50 kolom per baris" in pesan
    styled = '<row r="2"><c r="A2" t="inlineStr"><is><t>Bontang Barat</t></is></c><c r="XFD2" s="0"/></row>'
    sheets, _ = baca("gaya.xlsx", _ganti(_buku(), {LEMBAR_1: _lembar_xml(_judul_xml() + styled)}))
    assert sheets["realisasi"][1] == (2, {**dict.fromkeys(REALISASI), "Kecamatan": "Bontang Barat"})


def test_a_cell_text_past_excels_own_maximum_is_refused_with_its_cell():
    long = f'<row r="2"><c r="A2" t="inlineStr"><is><t>Bontang Barat</t></is></c><c r="F2" t="inlineStr"><is><t>{"x" * 40_000}</t></is></c></row>'
    pesan = _pesan(
        "teks.xlsx", _ganti(_buku(), {LEMBAR_1: _lembar_xml(_judul_xml() + long)})
    )  # openpyxl cuts at 32,767
    assert "lembar 'realisasi' baris 2 kolom F: teks sel 40.000 karakter; batasnya 32.767 karakter per sel" in pesan
    csv = ",".join(REALISASI).replace(
        "Realisasi (angka, dalam satuan indikator)", '"Realisasi (angka, dalam satuan indikator)"'
    )
    csv += "\nBontang Barat,BB-IKU1,2025,TW1,1," + "y" * 40_000 + "\n"
    pesan = _pesan("realisasi.csv", csv.encode())
    assert "lembar 'realisasi' baris 2 kolom F: teks sel 40.000 karakter; batasnya 32.767" in pesan


def test_a_real_years_skm_of_a_kab_kota_is_within_the_limits():
    """20,000 SKM respondents (a kab/kota of ~20 kecamatan, two surveys a year) are read, not refused."""
    rnd = random.Random(1)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("skm_jawaban")
    ws.append([k.label for k in LEMBAR["skm_jawaban"].kolom])
    for i in range(20_000):
        tanggal = datetime.date(2025, 1, 1) + datetime.timedelta(days=i % 180)
        jawaban = [rnd.randint(1, 4) for _ in range(9)]
        ws.append(["Bontang Barat", 2025, "S1", "KTP", tanggal, "L", 20 + i % 50, "SMA", "Swasta", *jawaban])
    out = io.BytesIO()
    wb.save(out)
    sheets, masalah = baca("skm.xlsx", out.getvalue())
    assert len(sheets["skm_jawaban"]) == 20_001 and not masalah


# --- NaN / INF -------------------------------------------------------------------------------------------------------


def test_a_nan_or_inf_cell_is_a_problem_with_its_sheet_row_and_column(db):
    repo = Repository.open(db)
    try:
        wb = load_workbook(io.BytesIO(templat(repo)))
    finally:
        repo.close()
    for value in (12345.678, 23456.789, 34567.891):
        wb["realisasi"].append(["Bontang Barat", "BB-IKU1", 2025, "TW1", value])
    out = io.BytesIO()
    wb.save(out)
    with zipfile.ZipFile(out) as z:
        name = next(n for n in z.namelist() if b"<v>12345.678</v>" in z.read(n))
        xml = z.read(name)
    for old, new in ((b"12345.678", b"NaN"), (b"23456.789", b"INF"), (b"34567.891", b"1e999")):
        xml = xml.replace(b"<v>" + old + b"</v>", b"<v>" + new + b"</v>")
    data = _ganti(out.getvalue(), {name: xml})
    repo = Repository.open(db)
    try:
        with pytest.raises(ValidasiGagal) as info:
            periksa(repo, "nan.xlsx", data)
    finally:
        repo.close()
    found = [str(m) for m in info.value.masalah]
    for row in (2, 3, 4):
        assert f"realisasi baris {row}, kolom 'E': bukan angka yang sah (NaN/INF); isi angkanya" in found


# --- CSV separated by ';' or tab -------------------------------------------------------------------------------------


@pytest.mark.parametrize("sep", [";", "\t"], ids=["titik-koma", "tab"])
def test_a_csv_separated_by_semicolon_or_tab_is_imported(db, sep):
    """Excel on an Indonesian system saves 'CSV' with ';' (its decimal separator is the comma)."""
    text = sep.join(REALISASI) + "\n" + sep.join(["Kota Bangun", "KB-IKU3", "2024", "Tahunan", "12,5"]) + "\n"
    repo = Repository.open(db)
    try:
        plan = periksa(repo, "realisasi.csv", text.encode("utf-8-sig"))
    finally:
        repo.close()
    assert plan.perubahan()["baru"].tolist() == ["12,50"]


def test_the_delimiter_comes_from_the_header_line():
    assert batas.pemisah("Kecamatan;Indikator;Realisasi (angka, dalam satuan indikator)") == ";"
    assert batas.pemisah('Kecamatan,"Realisasi (angka, dalam satuan indikator)",Arah (naik; turun)') == ","
    assert batas.pemisah("Kecamatan\tTahun\tNilai (Rp, boleh kosong)") == "\t"
    assert batas.pemisah("Kecamatan") == ","


# --- the child process ----------------------------------------------------------------------------------------------


def test_a_child_that_runs_out_of_memory_or_time_is_a_message(monkeypatch):
    data = _ganti(_buku(), {LEMBAR_1: _lembar_xml(_judul_xml() + _baris_xml(5_000))})
    monkeypatch.setattr(batas, "BATAS_MEMORI", 1 * MiB)
    assert _pesan("a.xlsx", data).startswith("a.xlsx: Berkas terlalu besar atau rusak: ")
    monkeypatch.setattr(batas, "BATAS_MEMORI", 512 * MiB)
    monkeypatch.setattr(batas, "BATAS_WAKTU", 0)
    assert "Berkas terlalu besar atau rusak: membacanya melebihi batas waktu 0 detik" in _pesan("a.xlsx", data)


def test_the_child_does_not_run_the_parents_main_module(monkeypatch, tmp_path):
    """Under Streamlit, sys.modules['__main__'] is the page being run; a child must not run it again."""
    marker = tmp_path / "dijalankan"
    script = tmp_path / "halaman.py"
    script.write_text(f"open({str(marker)!r}, 'w').close()\n")
    fake = types.ModuleType("__main__")
    fake.__file__ = str(script)
    fake.__spec__ = None
    monkeypatch.setitem(sys.modules, "__main__", fake)
    sheets, _ = baca("a.xlsx", _buku([["Bontang Barat", "BB-IKU1", 2025, "TW1", 1]]))
    assert sheets["realisasi"][1][1]["Kecamatan"] == "Bontang Barat"
    assert not marker.exists()


def test_the_template_states_the_limits():
    text = "\n".join(PETUNJUK)
    for fragment in ("20 MB", "128 MB setelah dibuka", "25.000 baris data", "50 kolom", "32.767 karakter", "NaN"):
        assert fragment in text


def test_one_long_shared_string_repeated_in_every_cell_is_refused_by_the_files_text_budget():
    """A shared string is stored once and may be named by every cell: a file of a few KB could hand the checks
    hours of text (reviewer's case). The budget counts each cell's text."""
    panjang = "x" * 30_000
    shared = (
        f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{NS}" count="1" uniqueCount="1"><si><t>{panjang}</t></si></sst>'
    ).encode()
    rows = "".join(
        f'<row r="{i}">' + "".join(f'<c r="{chr(65 + j)}{i}" t="s"><v>0</v></c>' for j in range(6)) + "</row>"
        for i in range(2, 130)
    )
    buku = _buku()
    with zipfile.ZipFile(io.BytesIO(buku)) as z:  # openpyxl wrote no shared strings: declare the part
        tipe = z.read("[Content_Types].xml").replace(
            b"</Types>",
            b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            b'spreadsheetml.sharedStrings+xml"/></Types>',
        )
        rels = z.read("xl/_rels/workbook.xml.rels").replace(
            b"</Relationships>",
            b'<Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" '
            b'Target="sharedStrings.xml" Id="rId9"/></Relationships>',
        )
    data = _ganti(
        buku,
        {
            LEMBAR_1: _lembar_xml(_judul_xml() + rows),
            "xl/sharedStrings.xml": shared,
            "[Content_Types].xml": tipe,
            "xl/_rels/workbook.xml.rels": rels,
        },
    )
    assert len(data) < 100_000
    pesan = _pesan("berulang.xlsx", data)
    assert "teks seluruh sel melebihi 20.000.000 karakter" in pesan, pesan
