"""The rapat evaluasi deck (16:9 PowerPoint) from the shared materials, made for a projector: slide text at least
18 pt (table cells at least 16 pt), every chart drawn for its place on the slide (``gambar.ukuran_cetak``) and filling
most of it, nothing beyond the slide. The speaker notes carry what did not fit and the sources of every number.

python-pptx cannot measure rendered text, so heights are estimated from Arial's character widths, rounded up
(``ukur``), and every text box, table row and picture is placed from those estimates."""

from __future__ import annotations

import io
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pandas as pd
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_AUTO_SIZE
from pptx.util import Emu, Inches, Pt

from lkjip.report import ukur
from lkjip.report.gambar import png_cetak
from lkjip.report.materi import Bagian

LEBAR, TINGGI = Inches(13.333), Inches(7.5)
MARGIN_SISI, MARGIN_ATAS, MARGIN_BAWAH, JARAK = Inches(0.5), Inches(0.3), Inches(0.3), Inches(0.1)
HURUF = "Arial"  # on every projector PC (LibreOffice uses the metric-compatible Liberation Sans)
PT_JUDUL, PT_JUDUL_KECIL, PT_RINGKAS, PT_GRAFIK = 28, 24, 20, 18
PT_POIN = (28, 24, 20)  # a bullets-only slide: the largest of these that needs no more slides than the smallest
JARAK_POIN = 10  # points between bullets
PT_TABEL = (24, 20, 18, 16)  # table cells: the largest that needs no more slides and shows no fewer rows than 16 pt
BARIS_RINGKAS = 2  # summary lines above a chart or table; the rest goes to the speaker notes
SPASI = 1.2  # line height in em (Arial's own is 1,15)
SISIP_X, SISIP_Y = Inches(0.1), Inches(0.05)  # text box and table cell insets (python-pptx defaults, set explicitly)
SEL_MAKS = 90  # characters of a cell in a table that shows only its first rows (the full text is in the data)
BIRU = RGBColor(0x09, 0x69, 0xDA)
ABU = RGBColor(0x32, 0x3A, 0x42)
HITAM = RGBColor(0x1F, 0x23, 0x28)


def baris(teks: str, lebar: int, pt: float, *, bold: bool = False) -> int:
    """Lines ``teks`` takes in a box ``lebar`` (EMU) wide, its insets excluded."""
    return ukur.baris(teks, Emu(lebar).inches, pt, bold=bold)


def tinggi_baris(pt: float) -> int:
    return Pt(pt * SPASI)


def tinggi_teks(paragraf: list[str], lebar: int, pt: float, *, jarak_pt: float = 0, bold: bool = False) -> int:
    """Height (EMU) of ``paragraf`` in a text box ``lebar`` wide, insets included."""
    n = sum(baris(p, lebar - 2 * SISIP_X, pt, bold=bold) for p in paragraf)
    return n * tinggi_baris(pt) + max(len(paragraf) - 1, 0) * Pt(jarak_pt) + 2 * SISIP_Y


def _potong(teks: str, lebar: int, pt: float, maks_baris: int, *, bold: bool = False) -> str:
    """``teks`` cut at a word so that it takes at most ``maks_baris`` lines, with "…" when cut."""
    if baris(teks, lebar - 2 * SISIP_X, pt, bold=bold) <= maks_baris:
        return teks
    kata = teks.split(" ")
    while kata and baris(" ".join(kata) + " …", lebar - 2 * SISIP_X, pt, bold=bold) > maks_baris:
        kata.pop()
    return " ".join(kata) + " …"


def _kotak(slide, paragraf: list[str], left, top, width, *, pt: float, bold=False, color=HITAM, jarak_pt=0):  # type: ignore[no-untyped-def]
    """A text box exactly as tall as its estimated text; returns its bottom."""
    height = tinggi_teks(paragraf, width, pt, jarak_pt=jarak_pt, bold=bold)
    box = slide.shapes.add_textbox(left, top, width, height)
    frame = box.text_frame
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    frame.margin_left = frame.margin_right = SISIP_X
    frame.margin_top = frame.margin_bottom = SISIP_Y
    for i, text in enumerate(paragraf):
        p = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        p.text = text
        p.line_spacing = Pt(pt * SPASI)  # exact, so the estimated height is the drawn height
        if i:
            p.space_before = Pt(jarak_pt)
        for run in p.runs:
            run.font.name = HURUF
            run.font.size = Pt(pt)
            run.font.bold = bold
            run.font.color.rgb = color
    return top + height


@dataclass
class Slide:
    """What one slide shows: a title, summary lines, and a chart, a table page or bullets."""

    bagian: Bagian
    judul: str
    ringkas: list[str]
    poin: list[str]
    tabel: HalamanTabel | None = None
    pt_poin: int = PT_POIN[0]
    catatan: list[str] | None = None  # summary points not shown, for the notes


def _judul_slide(judul: str) -> tuple[str, int]:
    """The slide title as shown and its size: 28 pt, 24 pt when longer than two lines, cut at two."""
    width = LEBAR - 2 * MARGIN_SISI
    pt = PT_JUDUL if baris(judul, width - 2 * SISIP_X, PT_JUDUL, bold=True) <= 2 else PT_JUDUL_KECIL
    return _potong(judul, width, pt, 2, bold=True), pt


def _judul(slide, judul: str) -> int:  # type: ignore[no-untyped-def]
    """The slide title; returns its bottom."""
    teks, pt = _judul_slide(judul)
    return _kotak(slide, [teks], MARGIN_SISI, MARGIN_ATAS, LEBAR - 2 * MARGIN_SISI, pt=pt, bold=True, color=BIRU)


def _ringkas(poin: list[str], width: int, maks_baris: int = BARIS_RINGKAS) -> tuple[list[str], list[str]]:
    """Summary paragraphs for the strip under the title: short points joined with " · " on one line, in order, while
    they fit in ``maks_baris`` lines; the first point always shows (cut if needed). Returns (shown, not shown)."""
    inner = width - 2 * SISIP_X
    tampil: list[str] = []
    used = 0
    for i, p in enumerate(poin):
        if tampil and baris(tampil[-1] + " · " + p, inner, PT_RINGKAS) == baris(tampil[-1], inner, PT_RINGKAS) == 1:
            tampil[-1] += " · " + p
            continue
        n = baris(p, inner, PT_RINGKAS)
        if used + n > maks_baris:
            if i == 0:
                tampil.append(_potong(p, width, PT_RINGKAS, maks_baris))
                return tampil, poin
            return tampil, poin[i:]
        tampil.append(p)
        used += n
    return tampil, []


def _teks_sel(v: object) -> str:
    if v is None or (isinstance(v, float) and v != v) or v is pd.NA:
        return "–"
    return str(v)


@dataclass
class TataTabel:
    """Column widths and row heights (EMU) of a table at ``pt``."""

    pt: int
    kolom: list[int]
    tinggi_kepala: int
    tinggi: list[int]


@dataclass
class HalamanTabel:
    """One slide's part of a table: its rows and columns, the rows left unshown (ringkas), its layout."""

    data: pd.DataFrame
    sisa: int
    tata: TataTabel


def _sel(df: pd.DataFrame) -> list[list[str]]:
    return [[str(c) for c in df.columns]] + [[_teks_sel(v) for v in row] for row in df.itertuples(index=False)]


def tata_tabel(df: pd.DataFrame, width: int, pt: int) -> TataTabel | None:
    """Lay a table of strings out ``width`` wide: each column as wide as its longest text wants (at least its longest
    word), rows as tall as their wrapped text. None when even the longest words do not fit side by side."""
    sel = _sel(df)
    tepi = 2 * SISIP_X + Inches(0.05)  # the insets and some slack
    kolom_j = range(len(df.columns))
    ingin = [max(Inches(ukur.lebar_teks(r[j], pt, bold=i == 0)) for i, r in enumerate(sel)) + tepi for j in kolom_j]
    minim = [
        max(
            Inches(0.9),
            max(Inches(ukur.lebar_teks(w, pt, bold=i == 0)) for i, r in enumerate(sel) for w in r[j].split(" ")) + tepi,
        )
        for j in kolom_j
    ]
    if sum(minim) > width:
        return None
    if sum(ingin) <= width:
        kolom = [int(w * width / sum(ingin)) for w in ingin]
    else:  # water-filling: short columns get all they want, the long ones share the rest equally
        kolom = list(minim)
        while (sisa := width - sum(kolom)) > len(kolom):
            lapar = [j for j in kolom_j if kolom[j] < ingin[j]]
            bagian = sisa // len(lapar)
            for j in lapar:
                kolom[j] = min(kolom[j] + bagian, ingin[j])
    return _tinggi_baris_tabel(sel, [int(k) for k in kolom], pt)


def _tinggi_baris_tabel(sel: list[list[str]], kolom: list[int], pt: int) -> TataTabel:
    def tinggi(r: list[str], bold: bool = False) -> int:
        n = max(baris(t, w - 2 * SISIP_X, pt, bold=bold) for t, w in zip(r, kolom, strict=True))
        return n * tinggi_baris(pt) + 2 * SISIP_Y + Inches(0.04)

    return TataTabel(pt, kolom, tinggi(sel[0], bold=True), [tinggi(r) for r in sel[1:]])


def _kolom_bagian(df: pd.DataFrame, width: int, pt: int) -> list[list[int]] | None:
    """Column groups that fit side by side, as few and as even as possible: the first column (the row's name) is
    repeated in each. None when the first column and one other do not fit."""
    lain = list(range(1, len(df.columns)))
    for n in range(1, max(len(lain), 1) + 1):
        size = math.ceil(len(lain) / n)
        groups = [[0, *lain[k : k + size]] for k in range(0, len(lain), size)] or [[0]]
        if all(tata_tabel(df.iloc[:, g], width, pt) is not None for g in groups):
            return groups
    return None


def halaman_tabel(df: pd.DataFrame, width: int, height: int, *, ringkas: bool) -> list[HalamanTabel]:
    """The slides' parts of a table that fit ``width`` × ``height`` (EMU).

    ``ringkas``: one page with the first rows that fit (cells cut at SEL_MAKS characters), and the count of the rest;
    otherwise every row, split over pages (wide tables also by column groups, the first column repeated). The font is
    the largest of PT_TABEL that needs no more pages and shows as many rows as the smallest."""
    df = df.map(_teks_sel)
    if ringkas:
        df = df.map(lambda t: t if len(t) <= SEL_MAKS else t[: SEL_MAKS - 2].rsplit(" ", 1)[0] + " …")
    kecil = _halaman(df, width, height, PT_TABEL[-1], ringkas)
    if kecil is None:
        raise ValueError(f"Tabel terlalu lebar untuk slide: {list(df.columns)}")
    for pt in PT_TABEL[:-1]:
        besar = _halaman(df, width, height, pt, ringkas)
        if (
            besar is not None
            and len(besar) == len(kecil)
            and sum(len(h.data) for h in besar) == sum(len(h.data) for h in kecil)
        ):
            return besar
    return kecil


def _halaman(df: pd.DataFrame, width: int, height: int, pt: int, ringkas: bool) -> list[HalamanTabel] | None:
    groups = _kolom_bagian(df, width, pt)
    if groups is None:
        return None
    out = []
    for g in groups:
        part = df.iloc[:, g]
        tata = tata_tabel(part, width, pt)
        assert tata is not None
        if ringkas:  # the first rows that fit, laid out for those rows only (a long word further down is not shown)
            stop = 1
            while stop < len(part) and (t := tata_tabel(part.iloc[: stop + 1], width, pt)) is not None:
                if t.tinggi_kepala + sum(t.tinggi) > height:
                    break
                stop += 1
            rows = part.iloc[:stop]
            tata_baris = tata_tabel(rows, width, pt)
            assert tata_baris is not None
            out.append(HalamanTabel(rows, len(part) - stop, tata_baris))
            continue
        for start, stop in bagi_rata(tata.tinggi, height - tata.tinggi_kepala):
            rows = part.iloc[start:stop]
            # the same column widths on every page of a group; row heights of these rows
            out.append(HalamanTabel(rows, 0, _tinggi_baris_tabel(_sel(rows), tata.kolom, pt)))
    return out


def bagi_rata(tinggi: list[int], muat: int, jarak: int = 0) -> list[tuple[int, int]]:
    """Items of these heights (``jarak`` between two) in pages of at most ``muat``: as few pages as greedy filling
    needs, the items spread evenly over them (not a full page and a last page with one item). (start, stop) each;
    an item taller than a page gets a page of its own."""

    def isi(batas: int) -> list[tuple[int, int]]:
        out, start, used = [], 0, 0
        for i, t in enumerate(tinggi):
            if i > start and used + jarak + t > batas:
                out.append((start, i))
                start, used = i, 0
            used += t + (jarak if i > start else 0)
        return [*out, (start, len(tinggi))] if tinggi else []

    rakus = isi(muat)
    if len(rakus) <= 1:
        return rakus
    total = sum(tinggi) + jarak * (len(tinggi) - 1)
    for batas in range(total // len(rakus), muat, max(muat // 50, 1)):
        if len(rata := isi(batas)) == len(rakus):
            return rata
    return rakus


def _tabel(slide, h: HalamanTabel, left, top) -> int:  # type: ignore[no-untyped-def]
    """A table part as laid out by ``halaman_tabel``; returns its bottom."""
    df, tata = h.data, h.tata
    height = tata.tinggi_kepala + sum(tata.tinggi)
    shape = slide.shapes.add_table(len(df) + 1, len(df.columns), left, top, sum(tata.kolom), height)
    table = shape.table
    for j, w in enumerate(tata.kolom):
        table.columns[j].width = w
    for i, rh in enumerate([tata.tinggi_kepala, *tata.tinggi]):
        table.rows[i].height = rh
    for j, col in enumerate(df.columns):
        table.cell(0, j).text = str(col)
    for i, row in enumerate(df.itertuples(index=False), start=1):
        for j, value in enumerate(row):
            table.cell(i, j).text = _teks_sel(value)
    for i in range(len(df) + 1):
        for j in range(len(df.columns)):
            cell = table.cell(i, j)
            cell.margin_left = cell.margin_right = SISIP_X
            cell.margin_top = cell.margin_bottom = SISIP_Y
            for p in cell.text_frame.paragraphs:
                p.line_spacing = Pt(tata.pt * SPASI)
                for run in p.runs:
                    run.font.name = HURUF
                    run.font.size = Pt(tata.pt)
                    run.font.bold = i == 0
    return top + height


def _notes(slide, s: Slide) -> None:  # type: ignore[no-untyped-def]
    lines: list[str] = []
    if s.catatan:
        lines += ["Poin yang tidak tampil di slide:"] + [f"- {p}" for p in s.catatan] + [""]
    if s.judul != s.bagian.judul and not s.judul.startswith(s.bagian.judul[:20]):
        lines += [f"Judul lengkap: {s.bagian.judul}", ""]
    lines += (
        ["Sumber angka pada slide ini:"] + [f"- {x}" for x in s.bagian.sumber]
        if s.bagian.sumber
        else ["Slide ini tidak memuat angka dari dokumen."]
    )
    slide.notes_slide.notes_text_frame.text = "\n".join(lines)


def rencana_slide(bagian: list[Bagian]) -> Iterator[Slide]:
    """The slides of the sections: a chart slide, or the table's pages, or bullets over as many slides as needed
    (the deck, and Mode Presentasi, which steps through the same slides on screen)."""
    width = LEBAR - 2 * MARGIN_SISI
    for b in bagian:
        if b.jenis == "judul":
            yield Slide(b, b.judul, [], b.poin)
            continue
        ringkas, catatan = _ringkas(b.poin, width)
        if b.grafik is not None:  # the chart is the slide (a table beside it serves the PDF and the screen)
            yield Slide(b, b.judul, ringkas, [], catatan=catatan)
        elif b.tabel is not None and not b.tabel.empty:
            tinggi = _ruang_badan(f"{b.judul} (9/9)", ringkas) - (
                tinggi_teks(["…"], width, PT_RINGKAS) if b.tabel_ringkas else 0
            )
            pages = halaman_tabel(b.tabel, width, tinggi, ringkas=b.tabel_ringkas)
            for k, h in enumerate(pages):
                judul = b.judul if len(pages) == 1 else f"{b.judul} ({k + 1}/{len(pages)})"
                yield Slide(b, judul, ringkas if k == 0 else [], [], h, catatan=catatan)
        else:
            yield from _poin(b, width)


def _ruang_badan(judul: str, ringkas: list[str]) -> int:
    """Height left under the title and the summary strip."""
    top = _tinggi_judul(judul) + MARGIN_ATAS + JARAK
    if ringkas:
        top += tinggi_teks(ringkas, LEBAR - 2 * MARGIN_SISI, PT_RINGKAS) + JARAK
    return TINGGI - MARGIN_BAWAH - top


def _tinggi_judul(judul: str) -> int:
    teks, pt = _judul_slide(judul)
    return tinggi_teks([teks], LEBAR - 2 * MARGIN_SISI, pt, bold=True)


def _poin(b: Bagian, width: int) -> Iterator[Slide]:
    """A bullets-only section over as few slides as its bullets need at 20 pt, spread evenly over them, in the
    largest of PT_POIN that needs no more slides."""
    ruang = _ruang_badan(f"{b.judul} (9/9)", [])
    pilihan = [_halaman_poin(b.poin, width, ruang, pt) for pt in PT_POIN]
    pt, halaman = min(zip(PT_POIN, pilihan, strict=True), key=lambda x: (len(x[1]), -x[0]))
    for k, isi in enumerate(halaman):
        judul = b.judul if len(halaman) == 1 else f"{b.judul} ({k + 1}/{len(halaman)})"
        yield Slide(b, judul, [], isi, pt_poin=pt)


def _halaman_poin(poin_asli: list[str], width: int, ruang: int, pt: int) -> list[list[str]]:
    poin = [_potong(f"• {p}", width, pt, 6) for p in poin_asli] or ["• –"]
    tinggi = [tinggi_teks([p], width, pt) - 2 * SISIP_Y for p in poin]
    return [poin[a:b] for a, b in bagi_rata(tinggi, ruang - 2 * SISIP_Y, int(Pt(JARAK_POIN)))]


def build_deck(bagian: list[Bagian], progress: Callable[[float, str], None] | None = None) -> bytes:
    """A .pptx (bytes): a title slide, then per section its chart, or its table's pages, or its bullets."""
    step = progress or (lambda _f, _t: None)
    prs = Presentation()
    prs.slide_width, prs.slide_height = LEBAR, TINGGI
    blank = prs.slide_layouts[6]
    width = LEBAR - 2 * MARGIN_SISI
    lembar = list(rencana_slide(bagian))
    for i, s in enumerate(lembar):
        step(i / max(len(lembar), 1), f"Slide {i + 1}: {s.judul}")
        slide = prs.slides.add_slide(blank)
        if s.bagian.jenis == "judul":
            bottom = _kotak(slide, [s.judul], MARGIN_SISI, Inches(2.2), width, pt=40, bold=True, color=BIRU)
            _kotak(slide, s.poin, MARGIN_SISI, bottom + Inches(0.3), width, pt=22, color=ABU, jarak_pt=6)
            _notes(slide, s)
            continue
        top = _judul(slide, s.judul) + JARAK
        if s.ringkas:
            top = _kotak(slide, s.ringkas, MARGIN_SISI, top, width, pt=PT_RINGKAS, color=ABU) + JARAK
        height = TINGGI - MARGIN_BAWAH - top
        if s.tabel is not None:
            bottom = _tabel(slide, s.tabel, MARGIN_SISI, top)
            if s.tabel.sisa:
                _kotak(
                    slide, [f"… dan {s.tabel.sisa} baris lain"], MARGIN_SISI, bottom, width, pt=PT_RINGKAS, color=ABU
                )
        elif s.poin:
            _kotak(slide, s.poin, MARGIN_SISI, top, width, pt=s.pt_poin, jarak_pt=JARAK_POIN)
        else:
            image = io.BytesIO(png_cetak(s.bagian.grafik, Emu(width).inches, Emu(height).inches, pt=PT_GRAFIK))
            slide.shapes.add_picture(image, MARGIN_SISI, top, width=width, height=height)
        _notes(slide, s)
    step(1.0, "Deck selesai")
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()
