"""Capaian per indicator: bars coloured by category, a 100% target line, values in Indonesian format."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from lkjip.calc.capaian import tercapai_array
from lkjip.charts.style import (
    MAKS_KATEGORI,
    WARNA_TARGET,
    batang_berlabel,
    label_sumbu,
    label_unik,
    layout_dasar,
    warna_kategori,
)
from lkjip.format import format_angka, format_persen


def judul_capaian(df: pd.DataFrame, kecamatan: str, tahun: int, periode: str | None = None) -> str:
    """A title that states the finding, not just the measure."""
    valid = df.dropna(subset=["capaian_persen"])
    kapan = f"{tahun}" if periode is None else f"{tahun} s.d. {periode}"
    if valid.empty:
        return f"Capaian {kecamatan} {kapan}: belum dapat dihitung"
    met = int(tercapai_array(valid["capaian_persen"].to_numpy(dtype=float)).sum())
    tanpa = len(df) - len(valid)
    sisa = f" ({tanpa} belum dapat dihitung)" if tanpa else ""
    return f"{kecamatan} {kapan}: {met} dari {len(valid)} indikator mencapai target{sisa}"


def baris_grafik_capaian(df: pd.DataFrame, maks: int = MAKS_KATEGORI) -> pd.DataFrame:
    """The rows a capaian chart draws: every indicator when there are at most ``maks``, else the ``maks`` lowest
    capaian (the ones to discuss; the page's table lists all)."""
    if len(df) <= maks:
        return df
    return df.dropna(subset=["capaian_persen"]).sort_values("capaian_persen", kind="stable").head(maks)


def capaian_bar(
    df: pd.DataFrame, *, kecamatan: str, tahun: int, maks: int = MAKS_KATEGORI, periode: str | None = None
) -> go.Figure:
    """Bars of capaian_persen per indicator (needs indikator, capaian_persen, kategori, target, realisasi, satuan);
    at most ``maks`` bars (the lowest capaian when there are more), the title counts every indicator."""
    judul = judul_capaian(df, kecamatan, tahun, periode)
    sub = baris_grafik_capaian(df, maks)
    subjudul = (
        None
        if len(sub) == len(df)
        else f"Grafik: {len(sub)} capaian terendah dari {len(df)} indikator; semua indikator ada di tabel"
    )
    nama = label_unik(list(sub["indikator"]))
    baris = batang_berlabel(nama)
    hover = [
        f"<b>{label_sumbu(n, 60)}</b><br>Target: {format_angka(t)} {s}<br>Realisasi: {format_angka(r)} {s}"
        f"<br>Capaian: {format_persen(c)} ({k if isinstance(k, str) else 'tidak dapat dihitung'})"
        for n, t, r, s, c, k in zip(
            sub["indikator"],
            sub["target"],
            sub["realisasi"],
            sub["satuan"],
            sub["capaian_persen"],
            sub["kategori"],
            strict=True,
        )
    ]
    layout = layout_dasar(judul, height=baris.tinggi + 130, subjudul=subjudul)
    layout["xaxis"] |= {"title": {"text": "Capaian (%)"}, "ticksuffix": "%", "rangemode": "tozero"}
    layout["yaxis"] |= baris.yaxis
    layout |= {
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
            *baris.label,
            {
                "text": "Target 100%",
                "showarrow": False,
                "x": 100,
                "xanchor": "center",
                "xref": "x",
                "y": 1,
                "yanchor": "bottom",
                "yref": "y domain",
            },
        ],
        "showlegend": False,
    }
    # one constructor call: the figure is built on every filter change, and add_vline/update_layout validate the
    # whole layout again each (about half the build time)
    return go.Figure(
        data=[
            go.Bar(
                x=sub["capaian_persen"],
                y=baris.y,
                width=baris.tebal,
                orientation="h",
                marker_color=[warna_kategori(k if isinstance(k, str) else None) for k in sub["kategori"]],
                text=[format_persen(c) for c in sub["capaian_persen"]],
                # the value at the bar's end, inside when the bar is long enough to hold it
                textposition=["inside" if c == c and c >= 30 else "outside" for c in sub["capaian_persen"]],
                cliponaxis=False,
                hovertext=hover,
                hoverinfo="text",
                name="Capaian",
            )
        ],
        layout=layout,
    )
