"""Capaian per indicator: bars coloured by category, a 100% target line, values in Indonesian format."""

from __future__ import annotations

import textwrap

import pandas as pd
import plotly.graph_objects as go

from lkjip.charts.style import FONT, SEPARATORS, WARNA_TARGET, warna_kategori
from lkjip.format import format_angka, format_persen


def judul_capaian(df: pd.DataFrame, kecamatan: str, tahun: int) -> str:
    """A title that states the finding, not just the measure."""
    valid = df.dropna(subset=["capaian_persen"])
    if valid.empty:
        return f"Capaian {kecamatan} {tahun}: belum dapat dihitung"
    met = int((valid["capaian_persen"] >= 100).sum())
    return f"{kecamatan} {tahun}: {met} dari {len(valid)} indikator mencapai target"


def capaian_bar(df: pd.DataFrame, *, kecamatan: str, tahun: int) -> go.Figure:
    """Bars of capaian_persen per indicator (needs indikator, capaian_persen, kategori, target, realisasi, satuan)."""
    labels = ["<br>".join(textwrap.wrap(n, 38)) for n in df["indikator"]]
    hover = [
        f"<b>{n}</b><br>Target: {format_angka(t)} {s}<br>Realisasi: {format_angka(r)} {s}"
        f"<br>Capaian: {format_persen(c)} ({k if isinstance(k, str) else 'tidak dapat dihitung'})"
        for n, t, r, s, c, k in zip(
            df["indikator"],
            df["target"],
            df["realisasi"],
            df["satuan"],
            df["capaian_persen"],
            df["kategori"],
            strict=True,
        )
    ]
    # one constructor call: the figure is built on every filter change, and add_vline/update_layout validate the
    # whole layout again each (about half the build time); the figure is the same
    return go.Figure(
        data=[
            go.Bar(
                x=df["capaian_persen"],
                y=labels,
                orientation="h",
                marker_color=[warna_kategori(k if isinstance(k, str) else None) for k in df["kategori"]],
                text=[format_persen(c) for c in df["capaian_persen"]],
                textposition="auto",
                hovertext=hover,
                hoverinfo="text",
                name="Capaian",
            )
        ],
        layout={
            "shapes": [
                {
                    "type": "line",
                    "x0": 100,
                    "x1": 100,
                    "xref": "x",
                    "y0": 0,
                    "y1": 1,
                    "yref": "y domain",
                    "line": {"color": WARNA_TARGET, "dash": "dash"},
                }
            ],
            "annotations": [
                {
                    "text": "Target 100%",
                    "showarrow": False,
                    "x": 100,
                    "xanchor": "center",
                    "xref": "x",
                    "y": 1,
                    "yanchor": "bottom",
                    "yref": "y domain",
                }
            ],
            "title": {"text": judul_capaian(df, kecamatan, tahun)},
            "separators": SEPARATORS,
            "font": {"family": FONT},
            "xaxis": {"title": {"text": "Capaian (%)"}, "ticksuffix": "%"},
            "yaxis": {"autorange": "reversed"},
            "margin": {"l": 10, "r": 10, "t": 60, "b": 40},
            "height": max(260, 90 * len(df) + 100),
            "showlegend": False,
        },
    )
