"""The printable one-to-two page summary (A4 PDF) of a kecamatan and year, from the shared materials."""

from __future__ import annotations

import io
from dataclasses import dataclass

import plotly.graph_objects as go
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import Image, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from lkjip.report.gambar import png_cetak, ukuran_cetak
from lkjip.report.materi import Bagian


def _esc(text: str) -> str:
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


MARGIN_KIRI = MARGIN_KANAN = 1.6 * cm
LEBAR_ISI = A4[0] - MARGIN_KIRI - MARGIN_KANAN  # 17,8 cm
PT_GRAFIK = 9  # chart text at its printed size, as the body text (9,5 pt)
KOLOM_RINGKAS = (7.6, 2.2, 2.2, 2.2, 3.4)  # shares of the IKU table's width: Indikator, Target, Realisasi, …


@dataclass
class IsiPdf:
    """The page's flowables, the width they must fit (points), and the chart as printed (figure, size in inches)."""

    flow: list
    lebar: float
    grafik: tuple[go.Figure, tuple[float, float]] | None


def build_pdf(bagian: list[Bagian]) -> bytes:
    """Title, the headline numbers, the IKU table with its chart, the SKM finding and the follow-ups."""
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=MARGIN_KIRI,
        rightMargin=MARGIN_KANAN,
        topMargin=1.4 * cm,
        bottomMargin=1.4 * cm,
        title=bagian[0].judul,
        author="lkjip",
    )
    doc.build(isi_pdf(bagian).flow)
    return out.getvalue()


def isi_pdf(bagian: list[Bagian]) -> IsiPdf:
    """What the page holds: every table as wide as the text at most, the chart drawn for its printed size (white,
    PT_GRAFIK text) rather than a screen image shrunk."""
    styles = getSampleStyleSheet()
    h1 = ParagraphStyle("h1", parent=styles["Title"], fontSize=17, spaceAfter=4)
    h2 = ParagraphStyle("h2", parent=styles["Heading2"], fontSize=12, spaceBefore=8, spaceAfter=3)
    body = ParagraphStyle("body", parent=styles["BodyText"], fontSize=9.5, leading=12)
    kepala = ParagraphStyle("kepala", parent=body, fontName="Helvetica-Bold", textColor=colors.white)
    small = ParagraphStyle("small", parent=body, fontSize=7.5, textColor=colors.grey, leading=9)
    flow: list = []
    grafik = None
    title = bagian[0]
    flow.append(Paragraph(_esc(title.judul), h1))
    flow.append(Paragraph(_esc(" · ".join(title.poin)), body))
    by_title = {b.judul: b for b in bagian}
    ringkas = bagian[1]
    flow.append(Paragraph("Ringkasan", h2))
    for p in ringkas.poin:
        flow.append(Paragraph(f"• {_esc(p)}", body))
    if ringkas.tabel is not None:
        data = [[Paragraph(_esc(c), kepala) for c in ringkas.tabel.columns]] + [
            [Paragraph(_esc(v), body) for v in row] for row in ringkas.tabel.astype(str).itertuples(index=False)
        ]
        shares = KOLOM_RINGKAS[: len(ringkas.tabel.columns)]
        t = Table(data, colWidths=[LEBAR_ISI * w / sum(shares) for w in shares], repeatRows=1)
        t.setStyle(
            TableStyle(
                [
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#0969da")),
                    ("GRID", (0, 0), (-1, -1), 0.25, colors.lightgrey),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        flow.append(Spacer(1, 4))
        flow.append(t)
    if ringkas.grafik is not None:
        n = len(ringkas.tabel) if ringkas.tabel is not None else 5
        w_in, h_in = LEBAR_ISI / 72, min(1.2 + 0.45 * n, 4.0)
        grafik = (ukuran_cetak(ringkas.grafik, w_in, h_in, pt=PT_GRAFIK), (w_in, h_in))
        flow.append(Spacer(1, 6))
        image = io.BytesIO(png_cetak(ringkas.grafik, w_in, h_in, pt=PT_GRAFIK))
        flow.append(Image(image, width=w_in * 72, height=h_in * 72))
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
    return IsiPdf(flow, LEBAR_ISI, grafik)
