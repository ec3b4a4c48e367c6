"""The dashboard's visual language in one place: category and mutu colours, target markers, number formats."""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go

from lkjip.calc.skala import Skala

WARNA_KATEGORI: dict[str, str] = {
    "Sangat Tinggi": "#1a7f37",
    "Tinggi": "#58a55c",
    "Sedang": "#d4a72c",
    "Rendah": "#e16f24",
    "Sangat Rendah": "#cf222e",
}
WARNA_TANPA_NILAI = "#8c959f"
WARNA_MUTU: dict[str, str] = {"A": "#1a7f37", "B": "#58a55c", "C": "#e16f24", "D": "#cf222e"}
WARNA_TARGET = "#24292f"
FONT = "Source Sans Pro, Arial, sans-serif"
# Plotly d3-format with Indonesian separators is set per figure via layout.separators.
SEPARATORS = ",."  # decimal ',' and thousands '.'


def warna_kategori(kategori: str | None) -> str:
    return WARNA_KATEGORI.get(kategori or "", WARNA_TANPA_NILAI)


WARNA_REALISASI = "#0969da"
WARNA_RENCANA = "#8c959f"
WARNA_PAGU_MURNI = "#afb8c1"
WARNA_PAGU_PERUBAHAN = "#57606a"
WARNA_TERLEMAH = "#cf222e"
PALET_KECAMATAN = ("#0969da", "#bf3989", "#1a7f37", "#9a6700", "#8250df", "#cf222e")


def mutu_bands(skala: Skala) -> list[tuple[str, float, float]]:
    """(kode, lower, upper) of the A–D bands of the mutu ``skala`` on the 25–100 IKM scale."""
    steps = skala.tingkat
    out, upper = [], 100.0
    for t in steps:
        out.append((t.kode, max(t.batas_bawah, 25.0), upper))
        upper = t.batas_bawah
    return out


MAKS_KATEGORI = 12  # categories one chart shows at most; the rest go into a "lainnya" row, or the table below
WARNA_GRID = "#e6e9ed"


def layout_dasar(title: str, *, height: int = 420, subjudul: str | None = None) -> dict:
    """The shared look as a layout: white background with light grid lines (the same on screen, PNG and slide),
    Indonesian separators, font, margins that grow to fit the labels, legend above the plot (for a figure built in
    one constructor call, which validates the layout once). The title states the finding; the subtitle says what
    the chart leaves out, if anything."""
    judul: dict = {"text": title}
    if subjudul:
        judul["subtitle"] = {"text": subjudul}
    sumbu = {"gridcolor": WARNA_GRID, "zerolinecolor": "#d0d7de", "automargin": True}
    return {
        "title": judul,
        "separators": SEPARATORS,
        "font": {"family": FONT},
        "height": height,
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        "xaxis": dict(sumbu),
        "yaxis": dict(sumbu),
        "margin": {"l": 10, "r": 10, "t": 70 if subjudul else 60, "b": 40},
        "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.0, "xanchor": "left", "x": 0},
    }


def base_layout(fig, title: str, *, height: int = 420, subjudul: str | None = None):  # type: ignore[no-untyped-def]
    """The shared look applied to an existing figure."""
    fig.update_layout(layout_dasar(title, height=height, subjudul=subjudul))
    return fig


def label_sumbu(teks: str, lebar: int = 24, baris: int = 3) -> str:
    """A category label wrapped onto at most ``baris`` lines of about ``lebar`` characters (shortened with '…';
    the full name is in the hover)."""
    import textwrap

    lines = textwrap.wrap(str(teks), lebar, max_lines=baris, placeholder=" …")
    return "<br>".join(lines) or str(teks)


LEBAR_LABEL = 46  # characters per line of a label above its bar: fits a 390 px phone at 12 px text


@dataclass(frozen=True)
class BarisBerlabel:
    """Horizontal bars with each category's name ABOVE its bar, across the plot's full width (beside the bar, a
    long name takes half a phone's width and squeezes the bars). One row per category: its name (up to two lines)
    and the bar, or a group of bars, ``tinggi_batang`` px thick."""

    y: list[int]  # the bars' positions
    tebal: float  # bar (group) thickness in rows: the bars' width
    yaxis: dict
    label: list[dict]  # annotations: the names
    tinggi: int  # px of the rows (add the margins)


NAMA_LABEL_BATANG = "label-batang"
RUANG_LABEL = 44  # px above a bar (group) for its name on two lines of 12 px text, and a gap


def batang_berlabel(nama: list[str], *, tinggi_batang: int = 26) -> BarisBerlabel:
    per_baris = tinggi_batang + RUANG_LABEL
    tebal = tinggi_batang / per_baris
    ys = list(range(len(nama)))
    atas = tebal / 2 + 3 / per_baris  # the name sits just above its bar (group)
    label = [
        {
            "name": NAMA_LABEL_BATANG,  # a slide lays these out beside the bars again (report.gambar)
            "hovertext": n,  # the full name
            "text": label_sumbu(n, LEBAR_LABEL, 2),
            "x": 0,
            "xref": "x domain",
            "xanchor": "left",
            "y": y - atas,
            "yref": "y",
            "yanchor": "bottom",
            "showarrow": False,
            "align": "left",
            "font": {"size": 12, "color": WARNA_TARGET},
        }
        for y, n in zip(ys, nama, strict=True)
    ]
    yaxis = {
        "tickvals": [],
        "showticklabels": False,
        "showgrid": False,
        "zeroline": False,
        "range": [len(nama) - 1 + 0.5, -0.5 - atas / 2],  # first row on top (its name in the row's top part)
    }
    return BarisBerlabel(ys, tebal, yaxis, label, per_baris * len(nama))


def label_unik(nama: list[str]) -> list[str]:
    """Distinct items that share a name keep apart: 'X (1 dari 3)', 'X (2 dari 3)' … (Plotly would stack every bar
    of one category name into a single bar)."""
    from collections import Counter

    total, seen = Counter(nama), Counter()
    out = []
    for n in nama:
        if total[n] > 1:
            seen[n] += 1
            out.append(f"{n} ({seen[n]} dari {total[n]})")
        else:
            out.append(n)
    return out


def _langkah(maks: float) -> float:
    """A round tick step giving about 4-6 ticks up to ``maks``."""
    import math

    if maks <= 0:
        return 1.0
    kasar = maks / 5
    pangkat = 10 ** math.floor(math.log10(kasar))
    return next(k * pangkat for k in (1, 2, 2.5, 5, 10) if k * pangkat >= kasar)


def sumbu_rupiah(maks: float) -> dict:
    """Axis ticks for rupiah in Indonesian words: 0, 5 M, 10 M (miliar), 500 jt (juta), never 2.000.000.000
    rotated and cut."""
    from lkjip.format import format_angka

    step = _langkah(float(maks or 0))
    vals, v = [], 0.0
    while v <= maks * 1.02 + step / 2:
        vals.append(v)
        v += step
    satuan = next(((b, n) for b, n in ((1e12, "T"), (1e9, "M"), (1e6, "jt"), (1e3, "rb")) if step >= b), (1, ""))
    teks = [
        "0" if x == 0 else f"{format_angka(x / satuan[0], 0 if (x / satuan[0]).is_integer() else 1)} {satuan[1]}"
        for x in vals
    ]
    kata = {"T": "triliun", "M": "miliar", "jt": "juta", "rb": "ribu"}.get(satuan[1])
    return {
        "tickvals": vals,
        "ticktext": teks,
        "title": {"text": f"Rupiah ({satuan[1]} = {kata})" if kata else "Rupiah"},
    }


# Badge colours Streamlit knows, for category and mutu labels.
WARNA_STREAMLIT: dict[str, str] = {
    "Sangat Tinggi": "green",
    "Tinggi": "green",
    "Sedang": "orange",
    "Rendah": "red",
    "Sangat Rendah": "red",
    "A": "green",
    "B": "blue",
    "C": "orange",
    "D": "red",
}


# Plotly draws a small HTML subset inside any text of a figure: <a href> becomes a link, <span style> restyles it.
# The builders' own markup is only these tags; any other '<' in a figure's texts came from the data (a kecamatan,
# indicator or budget line named '<a href=…>') and is written as the entity, which Plotly shows as '<'.
_MARKUP_SENDIRI = re.compile(r"<(?!(?:br|/?b|/?extra)>)")


def tanpa_markup_data(fig: go.Figure) -> go.Figure:
    """``fig`` with every '<' that does not open the builders' own <br>, <b> or <extra> written as '&lt;' (in trace
    texts, names, categories, hover and in the layout's titles, ticks and annotations), so text from the data is
    shown as text on screen and in every export. The figure itself when nothing needed it (the common case)."""
    d = fig.to_plotly_json()
    if not _ada_markup(d):
        return fig
    return go.Figure(_netralkan(d), skip_invalid=True)


def _ada_markup(v: object) -> bool:
    if isinstance(v, str):
        return _MARKUP_SENDIRI.search(v) is not None
    if isinstance(v, dict):
        return any(_ada_markup(x) for x in v.values())
    if isinstance(v, (list, tuple)) or (isinstance(v, np.ndarray) and v.dtype == object):
        return any(_ada_markup(x) for x in v)
    return False


def _netralkan(v: object) -> object:
    if isinstance(v, str):
        return _MARKUP_SENDIRI.sub("&lt;", v)
    if isinstance(v, dict):
        return {k: _netralkan(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)) or (isinstance(v, np.ndarray) and v.dtype == object):
        return [_netralkan(x) for x in v]
    return v
