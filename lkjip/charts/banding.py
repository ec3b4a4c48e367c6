"""Chosen kecamatan side by side: small multiples, one panel per measure, one bar per kecamatan (its latest value,
the year on the bar), the kab/kota median of the same year where there is one."""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from lkjip.calc.skala import Skala
from lkjip.charts.style import FONT, PALET_KECAMATAN, SEPARATORS, WARNA_GRID, label_sumbu
from lkjip.format import format_angka


def warna_kecamatan(kecamatan: list[str]) -> dict[str, str]:
    """One colour per chosen kecamatan, the same in every panel and on every page."""
    return {k: PALET_KECAMATAN[i % len(PALET_KECAMATAN)] for i, k in enumerate(kecamatan)}


def judul_banding(df: pd.DataFrame) -> str:
    """The finding: who has the highest value on most measures (every measure here: higher is better)."""
    if df.empty:
        return "Belum ada nilai untuk dibandingkan"
    puncak = df.loc[df.groupby("ukuran", sort=False)["nilai"].idxmax()]
    hitung = puncak["kecamatan"].value_counts()
    n = df["ukuran"].nunique()
    if len(hitung) > 1 and hitung.iloc[0] == hitung.iloc[1]:
        return (
            f"Nilai tertinggi terbagi: {hitung.index[0]} dan {hitung.index[1]} masing-masing {hitung.iloc[0]} dari {n}"
        )
    return f"{hitung.index[0]} tertinggi pada {hitung.iloc[0]} dari {n} ukuran"


def banding_panel(df: pd.DataFrame, kecamatan: list[str], *, kolom: int = 2, subjudul: str | None = None) -> go.Figure:
    """Small multiples of ``laporan.perbandingan`` rows: a panel per ukuran (in the rows' order), a bar per
    kecamatan in ``kecamatan`` order labelled with its value, mutu/predikat and year; a grey tick at the kab/kota
    median of that year where one exists."""
    ukuran = list(dict.fromkeys(df["ukuran"]))
    baris = max(1, math.ceil(len(ukuran) / kolom))
    satuan = df.groupby("ukuran", sort=False)["satuan"].first()
    fig = make_subplots(
        rows=baris,
        cols=kolom,
        subplot_titles=[label_sumbu(u if satuan[u] in u else f"{u} ({satuan[u]})", 26, 2) for u in ukuran],
        vertical_spacing=min(0.5 / baris, 0.12),
        horizontal_spacing=0.08,
    )
    warna = warna_kecamatan(kecamatan)
    dilegenda: set[str] = set()
    for i, u in enumerate(ukuran):
        r, c = i // kolom + 1, i % kolom + 1
        g = df[df["ukuran"] == u].set_index("kecamatan").reindex([k for k in kecamatan if k in set(df["kecamatan"])])
        g = g.dropna(subset=["nilai"])
        for k, row in g.iterrows():
            label = f" {row['label']}" if isinstance(row["label"], str) else ""
            waktu = str(int(row["tahun"])) + ("" if row["periode"] == "Tahunan" else f" {row['periode']}")
            fig.add_trace(
                go.Bar(
                    x=[k],
                    y=[row["nilai"]],
                    name=k,
                    marker_color=warna[k],
                    text=[f"{format_angka(row['nilai'])}{label}<br>{waktu}"],
                    textposition="outside",
                    cliponaxis=False,
                    legendgroup=k,
                    showlegend=k not in dilegenda,
                    hovertext=[f"{k}: {format_angka(row['nilai'])}{label} ({waktu})"],
                    hoverinfo="text",
                ),
                row=r,
                col=c,
            )
            dilegenda.add(k)
        m = g.dropna(subset=["median_kab_kota"])
        if not m.empty:
            fig.add_trace(
                go.Scatter(
                    x=list(m.index),
                    y=m["median_kab_kota"],
                    mode="markers",
                    marker={"symbol": "line-ew-open", "size": 28, "color": "#57606a", "line": {"width": 3}},
                    name="Median kab/kota (tahun yang sama)",
                    legendgroup="median",
                    showlegend="median" not in dilegenda,
                    hovertext=[
                        f"Median {n:.0f} kecamatan {kab} {int(t)}: {format_angka(v)}"
                        for n, kab, t, v in zip(
                            m["n_kab_kota"], m["kab_kota"], m["tahun"], m["median_kab_kota"], strict=True
                        )
                    ],
                    hoverinfo="text",
                ),
                row=r,
                col=c,
            )
            dilegenda.add("median")
        tertinggi = max([*g["nilai"], *m["median_kab_kota"]], default=0)
        terendah = min([0.0, *g["nilai"]])
        fig.update_yaxes(range=[terendah * 1.25, tertinggi * 1.3 or 1], row=r, col=c)
    fig.update_xaxes(showticklabels=False)
    fig.update_yaxes(gridcolor=WARNA_GRID, zerolinecolor="#d0d7de")
    fig.update_annotations(font_size=13, yshift=8)
    fig.update_layout(
        title={"text": judul_banding(df), **({"subtitle": {"text": subjudul}} if subjudul else {})},
        separators=SEPARATORS,
        font={"family": FONT},
        height=250 * baris + 120,
        paper_bgcolor="white",
        plot_bgcolor="white",
        margin={"l": 10, "r": 10, "t": 90, "b": 20},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0 + 40 / (250 * baris), "x": 0},
        bargap=0.25,
    )
    return fig


def banding_unsur(df: pd.DataFrame, kecamatan: list[str], *, skala: Skala) -> go.Figure:
    """IKM per unsur of the chosen kecamatan side by side (one theme: a bar per kecamatan within each unsur, the
    mutu bands behind), each kecamatan's latest period with all nine unsur, named in the legend."""
    from lkjip.charts.skm import unsur_per_kelompok

    waktu = {
        k: str(int(t)) + ("" if p == "Tahunan" else f" {p}")
        for k, t, p in zip(df["kecamatan"], df["tahun"], df["periode"], strict=True)
    }
    urut = [k for k in kecamatan if k in waktu]
    data = df.assign(
        unsur_kode=df["ukuran"].str.split(" ").str[0],
        unsur_nama=df["ukuran"].str.split(" ", n=1).str[1],
        ikm_unsur=df["nilai"],
        label=[f"{k} ({waktu[k]})" for k in df["kecamatan"]],
        _k=df["kecamatan"].map({k: i for i, k in enumerate(urut)}),
    ).sort_values(["_k", "unsur_kode"])
    rendah = data.loc[data.groupby("kecamatan")["nilai"].idxmin()]
    judul = "; ".join(f"{r.kecamatan}: terlemah {r.unsur_kode}" for r in rendah.itertuples())
    fig = unsur_per_kelompok(data, kelompok="label", judul=f"Unsur terlemah: {judul}", skala=skala)
    warna = warna_kecamatan(kecamatan)
    for trace in fig.data:
        trace.marker.color = warna.get(str(trace.name).rsplit(" (", 1)[0], trace.marker.color)
    return fig
