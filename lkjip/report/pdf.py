"""The printable one-to-two page summary (A4 PDF) of a kecamatan and year, from the shared materials."""

from __future__ import annotations

import io

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import Image, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from lkjip.report.gambar import png
from lkjip.report.materi import Bagian


def _esc(text: str) -> str:
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def build_pdf(bagian: list[Bagian]) -> bytes:
    """Title, the headline numbers, the IKU table with its chart, the SKM finding and the follow-ups."""
    styles = getSampleStyleSheet()
    h1 = ParagraphStyle("h1", parent=styles["Title"], fontSize=17, spaceAfter=4)
    h2 = ParagraphStyle("h2", parent=styles["Heading2"], fontSize=12, spaceBefore=8, spaceAfter=3)
    body = ParagraphStyle("body", parent=styles["BodyText"], fontSize=9.5, leading=12)
    small = ParagraphStyle("small", parent=body, fontSize=7.5, textColor=colors.grey, leading=9)
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=1.6 * cm,
        rightMargin=1.6 * cm,
        topMargin=1.4 * cm,
        bottomMargin=1.4 * cm,
        title=bagian[0].judul,
        author="lkjip",
    )
    flow: list = []
    title = bagian[0]
    flow.append(Paragraph(_esc(title.judul), h1))
    flow.append(Paragraph(_esc(" · ".join(title.poin)), body))
    by_title = {b.judul: b for b in bagian}
    ringkas = bagian[1]
    flow.append(Paragraph("Ringkasan", h2))
    for p in ringkas.poin:
        flow.append(Paragraph(f"• {_esc(p)}", body))
    if ringkas.tabel is not None:
        data = [list(ringkas.tabel.columns)] + [
            [Paragraph(_esc(v), body) for v in row] for row in ringkas.tabel.astype(str).itertuples(index=False)
        ]
        t = Table(data, colWidths=[7.6 * cm, 2.2 * cm, 2.2 * cm, 2.2 * cm, 3.4 * cm], repeatRows=1)
        t.setStyle(
            TableStyle(
                [
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#0969da")),
                    ("TEXTCOLOR", (0, 0), (-1, 0), colors.white),
                    ("FONTSIZE", (0, 0), (-1, 0), 9),
                    ("GRID", (0, 0), (-1, -1), 0.25, colors.lightgrey),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        flow.append(Spacer(1, 4))
        flow.append(t)
    if ringkas.grafik is not None:
        flow.append(Spacer(1, 6))
        flow.append(Image(io.BytesIO(png(ringkas.grafik, width=1000, height=420)), width=17.5 * cm, height=7.35 * cm))
    skm = next((b for b in bagian if b.judul.startswith("SKM")), None)
    if skm is not None:
        flow.append(Paragraph(_esc(skm.judul), h2))
        for p in skm.poin:
            flow.append(Paragraph(f"• {_esc(p)}", body))
    for judul in ("Anggaran dan efisiensi", "Catatan kualitas data laporan", "Tindak lanjut"):
        b = by_title.get(judul)
        if b is None:
            continue
        flow.append(Paragraph(_esc(b.judul), h2))
        for p in b.poin[:6]:
            flow.append(Paragraph(f"• {_esc(p)}", body))
    flow.append(Spacer(1, 8))
    sumber = sorted({s for b in bagian for s in b.sumber if s.count(",") >= 1})[:12]
    flow.append(Paragraph("Sumber angka: " + _esc("; ".join(sumber)), small))
    doc.build(flow)
    return out.getvalue()
