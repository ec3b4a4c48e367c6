"""SKM charts: IKM per unsur with the mutu bands, periods side by side, kecamatan side by side, IKM over years."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from lkjip.calc.skala import Skala
from lkjip.charts.style import (
    PALET_KECAMATAN,
    WARNA_MUTU,
    WARNA_REALISASI,
    WARNA_TERLEMAH,
    base_layout,
    batang_berlabel,
    mutu_bands,
)
from lkjip.charts.tren import banding_tren
from lkjip.format import format_angka


def _bands(fig: go.Figure, axis: str, skala: Skala, mulai: float = 25.0) -> None:
    """The A–D mutu bands behind the bars (on the value ``axis``), each labelled OUTSIDE the plot so a label never
    sits on a bar: above the plot for bands across its height, at its right for bands across its width. Added in
    one layout update (add_vrect/add_hrect validate the whole layout once per band: half of the SKM page's run)."""
    shapes, labels = [], []
    for kode, lo, hi in mutu_bands(skala):
        band = {"type": "rect", "fillcolor": WARNA_MUTU[kode], "opacity": 0.08, "line": {"width": 0}}
        label = {"text": f"Mutu {kode}", "showarrow": False, "font": {"color": WARNA_MUTU[kode]}}
        if axis == "x":  # a band across the plot's height, labelled just above the plot, centred on the band
            kiri = max(lo, mulai)
            shapes.append({**band, "x0": lo, "x1": hi, "xref": "x", "y0": 0, "y1": 1, "yref": "y domain"})
            labels.append(
                {
                    **label,
                    "text": label["text"] if hi - kiri >= 8 else kode,  # a narrow band: its letter only
                    "x": (kiri + hi) / 2,
                    "xref": "x",
                    "xanchor": "center",
                    "y": 1,
                    "yanchor": "bottom",
                    "yref": "y domain",
                }
            )
        else:  # across the plot's width, labelled right of the plot, halfway up the band
            shapes.append({**band, "x0": 0, "x1": 1, "xref": "x domain", "y0": lo, "y1": hi, "yref": "y"})
            labels.append(
                {
                    **label,
                    "x": 1,
                    "xref": "x domain",
                    "xanchor": "left",
                    "y": (lo + hi) / 2,
                    "yanchor": "middle",
                    "yref": "y",
                }
            )
    fig.update_layout(shapes=[*fig.layout.shapes, *shapes], annotations=[*fig.layout.annotations, *labels])
    if axis == "y":
        fig.update_layout(margin_r=70)


def unsur_bar(df: pd.DataFrame, *, judul_periode: str, skala: Skala) -> go.Figure:
    """IKM per unsur (NRR × 25) of one period; the weakest unsur in red, A–D bands behind."""
    df = df.sort_values("unsur_kode")
    weakest = df.loc[df["ikm_unsur"].idxmin()]
    nama = [f"{k} {n}" for k, n in zip(df["unsur_kode"], df["unsur_nama"], strict=True)]
    baris = batang_berlabel(nama)
    fig = go.Figure(
        go.Bar(
            x=df["ikm_unsur"],
            y=baris.y,
            width=baris.tebal,
            orientation="h",
            marker_color=[WARNA_TERLEMAH if k == weakest["unsur_kode"] else WARNA_REALISASI for k in df["unsur_kode"]],
            text=[f"{format_angka(v)} ({m})" for v, m in zip(df["ikm_unsur"], df["mutu"], strict=True)],
            textposition="inside",
            hovertext=[
                f"{lab}<br>NRR {format_angka(n, 3)} → IKM unsur {format_angka(v)}, mutu {m}"
                for lab, n, v, m in zip(nama, df["nrr"], df["ikm_unsur"], df["mutu"], strict=True)
            ],
            hoverinfo="text",
            name="IKM unsur",
        )
    )
    base_layout(
        fig,
        f"{judul_periode}: unsur terlemah {weakest['unsur_kode']} {weakest['unsur_nama']} "
        f"({format_angka(weakest['ikm_unsur'])})",
        height=baris.tinggi + 130,
    )
    fig.update_layout(annotations=baris.label, yaxis=baris.yaxis)
    awal = min(60.0, float(df["ikm_unsur"].min()) - 5)
    _bands(fig, "x", skala, mulai=awal)
    fig.update_xaxes(range=[awal, 101], title="IKM unsur (NRR × 25)")
    return fig


def unsur_per_kelompok(df: pd.DataFrame, *, kelompok: str, judul: str, skala: Skala) -> go.Figure:
    """Grouped bars by unsur, one series per ``kelompok`` value (period or kecamatan)."""
    fig = go.Figure()
    for i, (name, g) in enumerate(df.groupby(kelompok, sort=False)):
        g = g.sort_values("unsur_kode")
        fig.add_trace(
            go.Bar(
                x=g["unsur_kode"],
                y=g["ikm_unsur"],
                name=str(name),
                marker_color=PALET_KECAMATAN[i % len(PALET_KECAMATAN)],
                hovertext=[
                    f"{name}: {k} {n}: {format_angka(v)}"
                    for k, n, v in zip(g["unsur_kode"], g["unsur_nama"], g["ikm_unsur"], strict=True)
                ],
                hoverinfo="text",
            )
        )
    base_layout(fig, judul, height=420)
    _bands(fig, "y", skala)
    fig.update_layout(barmode="group")
    fig.update_yaxes(range=[60, 101], title="IKM unsur")
    return fig


def ikm_tren(
    df: pd.DataFrame, *, skala: Skala, pembanding: pd.DataFrame | None = None, sorot: str | None = None
) -> go.Figure:
    """IKM over the years for every kecamatan (peer mean and median included), the mutu bands, cited values."""
    latest = df.sort_values("tahun").groupby("kecamatan").tail(1).sort_values("nilai", ascending=False)
    judul = (
        "IKM per tahun"
        if latest.empty
        else (
            f"IKM tertinggi terakhir: {latest.iloc[0]['kecamatan']} ({format_angka(latest.iloc[0]['nilai'])}, "
            f"{int(latest.iloc[0]['tahun'])})"
        )
    )
    fig = banding_tren(df, judul=judul, satuan="IKM", sorot=sorot)
    if pembanding is not None and not pembanding.empty:
        fig.add_trace(
            go.Scatter(
                x=pembanding["tahun"],
                y=pembanding["nilai"],
                mode="markers",
                name="Dikutip laporan",
                marker={"symbol": "x", "size": 10, "color": "#57606a"},
                hovertext=[
                    f"{p} ({k}): {format_angka(v)}"
                    for p, k, v in zip(
                        pembanding["pembanding"], pembanding["kecamatan"], pembanding["nilai"], strict=True
                    )
                ],
                hoverinfo="text",
            )
        )
    _bands(fig, "y", skala)
    fig.update_layout(height=460)
    fig.update_yaxes(range=[60, 101])
    return fig


def sebaran_jawaban(df: pd.DataFrame) -> go.Figure:
    """Stacked shares of answers per unsur (Sangat Baik … Tidak Baik)."""
    order = ["Tidak Baik (%)", "Kurang Baik (%)", "Baik (%)", "Sangat Baik (%)"]
    colours = {
        "Tidak Baik (%)": "#cf222e",
        "Kurang Baik (%)": "#e16f24",
        "Baik (%)": "#58a55c",
        "Sangat Baik (%)": "#1a7f37",
    }
    unsur = list(dict.fromkeys(df["wilayah"]))  # in the report's order
    baris = batang_berlabel(unsur)
    pos = dict(zip(unsur, baris.y, strict=True))
    fig = go.Figure()
    for cat in order:
        g = df[df["ukuran"] == cat]
        fig.add_trace(
            go.Bar(
                y=[pos[w] for w in g["wilayah"]],
                x=g["nilai"],
                width=baris.tebal,
                name=cat.replace(" (%)", ""),
                orientation="h",
                marker_color=colours[cat],
                # a share too small to hold its label shows it in the hover only
                text=[format_angka(v, 0) + "%" if v >= 8 else "" for v in g["nilai"]],
                textposition="inside",
                hovertext=[
                    f"{w}: {cat.replace(' (%)', '')} {format_angka(v, 1)}%"
                    for w, v in zip(g["wilayah"], g["nilai"], strict=True)
                ],
                hoverinfo="text",
            )
        )
    baik = df[df["ukuran"].isin(["Baik (%)", "Sangat Baik (%)"])].groupby("wilayah")["nilai"].sum()
    judul = "Sebaran jawaban responden per unsur"
    if not baik.empty:
        judul = f"Jawaban baik/sangat baik terendah: {baik.idxmin()} ({format_angka(baik.min(), 0)}%)"
    kode = {str(w).split(" ")[0] for w in unsur}
    hilang = [f"U{i}" for i in range(1, 10) if f"U{i}" not in kode]
    sub = f"Tanpa {', '.join(hilang)}: tidak tercantum dalam tabel laporan" if hilang and kode & {"U1", "U2"} else None
    base_layout(fig, judul, height=baris.tinggi + 130, subjudul=sub)
    fig.update_layout(barmode="stack", annotations=baris.label, yaxis=baris.yaxis)
    fig.update_xaxes(title="% responden", ticksuffix="%")
    return fig


def judul_antar_periode(df: pd.DataFrame, kecamatan: str, tahun: int) -> str:
    """The finding of periods side by side: how many unsur rose from the first period to the last."""
    periode = list(dict.fromkeys(df["periode"]))
    awal = df[df["periode"] == periode[0]].set_index("unsur_kode")["ikm_unsur"]
    akhir = df[df["periode"] == periode[-1]].set_index("unsur_kode")["ikm_unsur"]
    beda = (akhir - awal).dropna()
    return (
        f"{kecamatan} {tahun}: {int((beda > 0).sum())} dari {len(beda)} unsur naik dari {periode[0]} ke {periode[-1]}"
    )
