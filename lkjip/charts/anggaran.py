"""Budget charts: pagu murni vs perubahan vs realisasi, the cash plan by quarter, efficiency side by side."""

from __future__ import annotations

import textwrap

import pandas as pd
import plotly.graph_objects as go

from lkjip.charts.style import (
    WARNA_PAGU_MURNI,
    WARNA_PAGU_PERUBAHAN,
    WARNA_REALISASI,
    WARNA_RENCANA,
    WARNA_TARGET,
    base_layout,
)
from lkjip.format import format_persen, format_rupiah


def anggaran_bar(df: pd.DataFrame, *, judul_level: str) -> go.Figure:
    """Grouped horizontal bars per budget line, with serapan in the hover and the label."""
    labels = ["<br>".join(textwrap.wrap(n, 45)) for n in df["nama"]]
    fig = go.Figure()
    for col, name, colour in (
        ("pagu_murni", "Pagu murni", WARNA_PAGU_MURNI),
        ("pagu_perubahan", "Pagu perubahan", WARNA_PAGU_PERUBAHAN),
        ("realisasi", "Realisasi", WARNA_REALISASI),
    ):
        if df[col].notna().any():
            fig.add_trace(
                go.Bar(
                    y=labels,
                    x=df[col],
                    name=name,
                    orientation="h",
                    marker_color=colour,
                    hovertext=[f"{name}: {format_rupiah(v)}" for v in df[col]],
                    hoverinfo="text",
                )
            )
    with_serapan = df.dropna(subset=["serapan_persen"])
    judul = judul_level
    if not with_serapan.empty:
        low = with_serapan.loc[with_serapan["serapan_persen"].idxmin()]
        judul = f"{judul_level}: serapan terendah {format_persen(low['serapan_persen'])} ({textwrap.shorten(low['nama'], 50)})"
    base_layout(fig, judul, height=max(320, 60 * len(df) + 120))
    fig.update_layout(barmode="group")
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(title="Rupiah", tickformat=",.0f")
    return fig


def kas_chart(df: pd.DataFrame) -> go.Figure:
    """The cash plan per quarter (sum of the line items) with realisation where the report gives it."""
    items = df[df["nama"] != "TOTAL"]
    per_tw = items.groupby("triwulan", as_index=False)[["rencana", "realisasi"]].sum(min_count=1)
    fig = go.Figure(
        go.Bar(
            x=[f"TW{t}" for t in per_tw["triwulan"]],
            y=per_tw["rencana"],
            name="Rencana kas",
            marker_color=WARNA_RENCANA,
            text=[format_rupiah(v) for v in per_tw["rencana"]],
        )
    )
    if per_tw["realisasi"].notna().any():
        fig.add_trace(
            go.Bar(
                x=[f"TW{t}" for t in per_tw["triwulan"]],
                y=per_tw["realisasi"],
                name="Realisasi",
                marker_color=WARNA_REALISASI,
            )
        )
    peak = per_tw.loc[per_tw["rencana"].idxmax()] if not per_tw.empty else None
    judul = (
        "Rencana kas per triwulan"
        if peak is None
        else (f"Rencana kas terbesar di TW{int(peak['triwulan'])} ({format_rupiah(peak['rencana'])})")
    )
    base_layout(fig, judul, height=360)
    fig.update_yaxes(title="Rupiah", tickformat=",.0f")
    return fig


def efisiensi_chart(df: pd.DataFrame) -> go.Figure:
    """Capaian and serapan per budget line (efficiency is the gap between them)."""
    labels = ["<br>".join(textwrap.wrap(str(n), 40)) for n in df["pos"]]
    fig = go.Figure()
    for kolom, nama, warna in (
        ("capaian_persen", "Capaian kinerja", WARNA_TARGET),
        ("serapan_persen", "Serapan anggaran", WARNA_REALISASI),
    ):
        fig.add_trace(
            go.Bar(
                y=labels,
                x=df[kolom],
                name=nama,
                orientation="h",
                marker_color=warna,
                text=[format_persen(v) for v in df[kolom]],
            )
        )
    base_layout(fig, "Capaian kinerja dibanding serapan anggaran", height=max(320, 50 * len(df) + 120))
    fig.update_layout(barmode="group")
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(ticksuffix="%")
    return fig
