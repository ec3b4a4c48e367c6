"""The rapat evaluasi deck (16:9 PowerPoint) from the shared materials; speaker notes cite the sources."""

from __future__ import annotations

import io
from collections.abc import Callable

import pandas as pd
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.util import Emu, Inches, Pt

from lkjip.report.gambar import png
from lkjip.report.materi import Bagian

LEBAR, TINGGI = Inches(13.333), Inches(7.5)
BIRU = RGBColor(0x09, 0x69, 0xDA)
ABU = RGBColor(0x57, 0x60, 0x6A)


def _text(slide, text: str, left, top, width, height, *, size: int, bold: bool = False, color=None) -> None:  # type: ignore[no-untyped-def]
    box = slide.shapes.add_textbox(left, top, width, height)
    frame = box.text_frame
    frame.word_wrap = True
    frame.text = text
    for p in frame.paragraphs:
        for run in p.runs:
            run.font.size = Pt(size)
            run.font.bold = bold
            if color is not None:
                run.font.color.rgb = color


def _bullets(slide, poin: list[str], left, top, width, height, size: int = 16) -> None:  # type: ignore[no-untyped-def]
    box = slide.shapes.add_textbox(left, top, width, height)
    frame = box.text_frame
    frame.word_wrap = True
    for i, text in enumerate(poin):
        p = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        p.text = f"• {text}"
        p.space_after = Pt(6)
        for run in p.runs:
            run.font.size = Pt(size)


def _table(slide, df: pd.DataFrame, left, top, width, height) -> None:  # type: ignore[no-untyped-def]
    rows, cols = min(len(df), 12) + 1, len(df.columns)
    shape = slide.shapes.add_table(rows, cols, left, top, width, height)
    table = shape.table
    for j, col in enumerate(df.columns):
        table.cell(0, j).text = str(col)
    for i, row in enumerate(df.head(rows - 1).itertuples(index=False), start=1):
        for j, value in enumerate(row):
            table.cell(i, j).text = "–" if value is None or value != value else str(value)
    for cell in (table.cell(i, j) for i in range(rows) for j in range(cols)):
        for p in cell.text_frame.paragraphs:
            for run in p.runs:
                run.font.size = Pt(11)


def _notes(slide, bagian: Bagian) -> None:  # type: ignore[no-untyped-def]
    lines = (
        ["Sumber angka pada slide ini:"] + [f"- {s}" for s in bagian.sumber]
        if bagian.sumber
        else ["Slide ini tidak memuat angka dari dokumen."]
    )
    slide.notes_slide.notes_text_frame.text = "\n".join(lines)


def build_deck(bagian: list[Bagian], progress: Callable[[float, str], None] | None = None) -> bytes:
    """A .pptx (bytes) with one slide per section."""
    step = progress or (lambda _f, _t: None)
    prs = Presentation()
    prs.slide_width, prs.slide_height = LEBAR, TINGGI
    blank = prs.slide_layouts[6]
    margin = Inches(0.5)
    for i, b in enumerate(bagian):
        step(i / max(len(bagian), 1), f"Slide {i + 1}: {b.judul}")
        slide = prs.slides.add_slide(blank)
        if b.jenis == "judul":
            _text(slide, b.judul, margin, Inches(2.3), LEBAR - 2 * margin, Inches(1.5), size=40, bold=True, color=BIRU)
            _text(slide, "\n".join(b.poin), margin, Inches(4.0), LEBAR - 2 * margin, Inches(1.5), size=20, color=ABU)
            _notes(slide, b)
            continue
        _text(slide, b.judul, margin, Inches(0.3), LEBAR - 2 * margin, Inches(0.8), size=28, bold=True, color=BIRU)
        body_top = Inches(1.2)
        body_h = TINGGI - body_top - Inches(0.4)
        visual = b.grafik is not None or b.tabel is not None
        text_w = Inches(4.3) if visual else LEBAR - 2 * margin
        if b.poin:
            _bullets(slide, b.poin, margin, body_top, text_w, body_h, size=15 if visual else 20)
        left = margin + (text_w + Inches(0.2) if b.poin else 0)
        width = LEBAR - left - margin
        if b.grafik is not None:
            image = io.BytesIO(png(b.grafik))
            height = min(body_h, Emu(int(width * 9 / 16)))
            slide.shapes.add_picture(image, left, body_top, width=width, height=height)
        elif b.tabel is not None:
            _table(slide, b.tabel, left, body_top, width, Inches(0.4) * (min(len(b.tabel), 12) + 1))
        _notes(slide, b)
    step(1.0, "Deck selesai")
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()
