"""Chart images with kaleido and the system Chromium: one long-lived renderer per process (0,2 s an image
instead of 2 s with a browser start per image).

A picture for a slide or a printed page is laid out FOR its physical size (``ukuran_cetak``): the figure is drawn at
``PX_PER_INCI`` pixels per inch of the picture, every font set to the pixel size of the wanted points at that
density, and rendered at ``SKALA``× for sharpness. A screen-sized image shrunk into half a slide had ~5 px text."""

from __future__ import annotations

import atexit
import base64
import math
import threading

import kaleido
import numpy as np
import plotly.graph_objects as go

from lkjip.charts.style import NAMA_LABEL_BATANG, tanpa_markup_data
from lkjip.report.ukur import bungkus, lebar_em

LEBAR, TINGGI = 1600, 900  # 16:9 at presentation resolution (the dashboard's "Unduh PNG")
PX_PER_INCI = 100  # layout density of a picture of known physical size
SKALA = 2  # rendered pixels per layout pixel: 200 dpi, sharp on a projector and in print
_lock = threading.Lock()
_started = False


def _server() -> None:
    global _started
    with _lock:
        if not _started:
            kaleido.start_sync_server(silence_warnings=True)
            atexit.register(kaleido.stop_sync_server)
            _started = True


def png(fig: go.Figure, *, width: int = LEBAR, height: int = TINGGI, scale: float = 1) -> bytes:
    """The figure as a PNG of ``width`` × ``height`` layout pixels (1600×900 by default), times ``scale``."""
    _server()
    fig = go.Figure(tanpa_markup_data(fig))
    fig.update_layout(height=height, width=width)
    return kaleido.calc_fig_sync(fig, opts={"format": "png", "width": width, "height": height, "scale": scale})


def pt_ke_px(pt: float, px_per_inci: float = PX_PER_INCI) -> int:
    """Pixels of ``pt`` points when a figure is laid out at ``px_per_inci`` (1 pt = 1/72 inch), rounded up."""
    return math.ceil(pt * px_per_inci / 72)


def ukuran_cetak(
    fig: go.Figure,
    lebar_inci: float,
    tinggi_inci: float,
    *,
    pt: float = 18,
    pt_judul: float | None = None,
    px_per_inci: float = PX_PER_INCI,
) -> go.Figure:
    """A copy of ``fig`` laid out for a picture ``lebar_inci`` × ``tinggi_inci`` inches: white background, every text
    (title, axis titles, tick labels, legend, annotations, bar and point labels) at least ``pt`` points at that size,
    the title (``pt_judul``, default ``pt`` + 4) wrapped to the width. The original figure is not changed."""
    out = go.Figure(fig)
    _label_ke_samping(out)
    w, h = round(lebar_inci * px_per_inci), round(tinggi_inci * px_per_inci)
    px = pt_ke_px(pt, px_per_inci)
    px_judul = pt_ke_px(pt_judul if pt_judul is not None else pt + 4, px_per_inci)
    pad = round(px * 0.6)
    judul = _bungkus(out.layout.title.text or "", (w - 2 * pad) / px_judul)
    if judul.count("<br>") >= 2 and px_judul > px:  # three lines: the title at the text size instead
        px_judul = px
        judul = _bungkus(out.layout.title.text or "", (w - 2 * pad) / px_judul)
    baris_judul = judul.count("<br>") + 1 if judul else 0
    tinggi_baris = px_judul * 1.3
    # labels at the top edge of the plot (mutu bands, "Target 100%") go above it, under the title
    atas = [
        a
        for a in out.layout.annotations
        if a.y == 1 and str(a.yref or "").endswith("domain") and a.yanchor in ("top", "bottom")
    ]
    for a in atas:
        a.yanchor = "bottom"
    margin_atas = round(2 * pad + baris_judul * tinggi_baris * (1.15 if baris_judul > 2 else 1)) + (
        round(px * 1.4) if atas else 0
    )
    out.update_layout(
        template="plotly_white",
        paper_bgcolor="white",
        plot_bgcolor="white",
        width=w,
        height=h,
        font_size=px,
        title={
            "text": judul,
            "font": {"size": px_judul},
            "x": pad / w,
            "xanchor": "left",
            "xref": "container",
            # Plotly centres a multi-line title on its anchor: move the anchor down by half the extra lines
            "y": 1 - (pad + max(baris_judul - 1, 0) * tinggi_baris / 2) / h,
            "yanchor": "top",
            "yref": "container",
            "automargin": False,
        },
        legend={
            "font": {"size": px},
            "orientation": "h",
            "x": 0,
            "xanchor": "left",
            "xref": "container",
            "y": 0,
            "yanchor": "bottom",
            "yref": "container",
        },
        hoverlabel={"font": {"size": px}},
        margin={"l": pad, "r": pad * 2, "t": margin_atas, "b": pad, "autoexpand": True},
        uniformtext={"minsize": px, "mode": "show"},  # bar labels never shrink below ``pt`` to fit a bar
    )
    # exponentformat none: 30.000.000.000, not Plotly's English "30B"
    sumbu = {
        "tickfont_size": px,
        "title_font_size": px,
        "automargin": True,
        "title_standoff": pad,
        "exponentformat": "none",
    }
    out.update_xaxes(**sumbu)
    out.update_yaxes(**sumbu)
    for a in out.layout.annotations:
        a.font.size = max(a.font.size or 0, px)
    for trace in out.data:
        if "textfont" in trace:
            trace.textfont.size = px
        if trace.type == "scatter" and isinstance(trace.marker.size, int | float):
            trace.marker.size = trace.marker.size * px / 16  # target markers grow with the text (drawn for ~16 px)
        if "cliponaxis" in trace:
            trace.cliponaxis = False  # a value label above the highest point is drawn, not cut at the axis
    # labels right of the plot (mutu bands of vertical bars) need room at that size
    kanan = [
        lebar_em(str(a.text)) * px
        for a in out.layout.annotations
        if a.x == 1 and a.xanchor == "left" and str(a.xref or "").endswith("domain")
    ]
    if kanan:
        out.update_layout(margin_r=math.ceil(max(kanan)) + pad)
    _kategori_mendatar(out, w, h, px, margin_atas)
    return out


def _label_ke_samping(fig: go.Figure) -> None:
    """On screen each bar's name sits above it (a phone is narrow); a slide is wide: the names go back beside the
    bars as category labels, which ``_kategori_mendatar`` then wraps for the slide's height."""
    nama = {round(a.y): a.hovertext or a.text for a in fig.layout.annotations if a.name == NAMA_LABEL_BATANG}
    if not nama:
        return
    fig.layout.annotations = [a for a in fig.layout.annotations if a.name != NAMA_LABEL_BATANG]
    faktor = 0.65 / _tebal(fig)  # the rows no longer hold a name above the bar: the bars take 65% of a row
    for t in fig.data:
        if t.type == "bar" and t.orientation == "h":
            t.y = [nama.get(round(float(v)), str(v)) for v in _larik(t.y)]
            if isinstance(t.width, int | float):
                if isinstance(t.offset, int | float):
                    t.offset = float(t.offset) * faktor
                t.width = float(t.width) * faktor
    fig.update_yaxes(
        tickvals=None, ticktext=None, showticklabels=True, type="category", range=None, autorange="reversed"
    )


def _tebal(fig: go.Figure) -> float:
    """The screen's bar (group) thickness in rows: the extent of one row's bars (1 when the bars set no width)."""
    bars = [t for t in fig.data if t.type == "bar" and t.orientation == "h" and isinstance(t.width, int | float)]
    if not bars:
        return 0.65
    kiri = min((float(t.offset) if isinstance(t.offset, int | float) else -float(t.width) / 2) for t in bars)
    kanan = max(
        (float(t.offset) if isinstance(t.offset, int | float) else -float(t.width) / 2) + float(t.width) for t in bars
    )
    return kanan - kiri


def _bungkus(teks: str, lebar_em_baris: float) -> str:
    """``teks`` wrapped with <br> into lines at most ``lebar_em_baris`` em wide (existing breaks are rewrapped)."""
    if not teks:
        return ""
    return "<br>".join(bungkus(teks.replace("<br>", " "), lebar_em_baris))


def _kategori_mendatar(fig: go.Figure, w: int, h: int, px: int, margin_atas: int) -> None:
    """Horizontal bars: category labels rewrapped to between 45% and 60% of the width, as few lines as the plot's
    height allows for each category (the labels of neighbouring bars must not overlap at slide size), and at most as
    many value ticks as fit side by side."""
    mendatar = [t for t in fig.data if getattr(t, "orientation", None) == "h" and t.y is not None]
    if not mendatar:
        return
    kategori = list(dict.fromkeys(v for t in mendatar for v in t.y if isinstance(v, str)))
    if kategori:
        bawah = round(px * 1.3) * 2 + round(px * 0.6) + (round(px * 1.6) if len(fig.data) > 1 else 0)
        per_kategori = (h - margin_atas - bawah) / len(kategori)
        muat = max(int(per_kategori / (px * 1.2)), 1)
        for share in (0.45, 0.5, 0.55, 0.6):
            lebar = share * w / px
            if max(len(bungkus(k.replace("<br>", " "), lebar)) for k in kategori) <= muat:
                break
        for t in mendatar:
            t.y = [_bungkus(v, lebar) if isinstance(v, str) else v for v in t.y]
    nilai = [abs(float(v)) for t in mendatar for v in _larik(t.x) if _angka(v)]
    if nilai:
        lebar_label = lebar_em(f"{max(nilai):,.0f}") * px
        fig.update_xaxes(nticks=max(3, int(0.5 * w / (2 * lebar_label))))


def _larik(v: object) -> list:
    """A trace's data array as a list: Plotly keeps numpy data as a base64 typed array ({"dtype", "bdata"}) once a
    figure has been serialised (pickled by st.cache_data, for one)."""
    if v is None:
        return []
    if isinstance(v, dict) and "bdata" in v:
        return np.frombuffer(base64.b64decode(v["bdata"]), dtype=v["dtype"]).tolist()
    return list(v)  # type: ignore[call-overload]


def _angka(v: object) -> bool:
    try:
        return math.isfinite(float(v))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False


def png_cetak(fig: go.Figure, lebar_inci: float, tinggi_inci: float, *, pt: float = 18) -> bytes:
    """The PNG of ``ukuran_cetak(fig, …)``, rendered at ``SKALA``× (``SKALA`` × ``PX_PER_INCI`` dpi)."""
    siap = ukuran_cetak(fig, lebar_inci, tinggi_inci, pt=pt)
    return png(siap, width=int(siap.layout.width), height=int(siap.layout.height), scale=SKALA)
