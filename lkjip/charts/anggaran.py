"""Budget charts: pagu murni vs perubahan vs realisasi, the cash plan by quarter, efficiency side by side."""

from __future__ import annotations

import textwrap

import pandas as pd
import plotly.graph_objects as go

from lkjip.calc.anggaran import serapan
from lkjip.charts.style import (
    MAKS_KATEGORI,
    WARNA_PAGU_MURNI,
    WARNA_PAGU_PERUBAHAN,
    WARNA_REALISASI,
    WARNA_RENCANA,
    WARNA_TARGET,
    base_layout,
    batang_berlabel,
    label_unik,
    sumbu_rupiah,
)
from lkjip.format import format_angka, format_persen, format_rupiah


def ringkas_pos(df: pd.DataFrame, maks: int = MAKS_KATEGORI) -> pd.DataFrame:
    """At most ``maks`` budget lines: the largest by pagu in force, and the rest summed into one "N pos lainnya"
    row (its serapan by the same rule), so a chart of 44 sub kegiatan stays readable. Lines that share a name keep
    apart ('… (2 dari 5)')."""
    df = df.assign(nama=label_unik([str(n) for n in df["nama"]]))
    if len(df) <= maks:
        return df
    pagu = df["pagu_perubahan"].where(df["pagu_perubahan"].notna(), df["pagu_murni"])
    urut = df.assign(_pagu=pagu).sort_values("_pagu", ascending=False, kind="stable")
    besar, sisa = urut.head(maks - 1), urut.iloc[maks - 1 :]
    jumlah = {c: sisa[c].sum(min_count=1) for c in ("pagu_murni", "pagu_perubahan", "realisasi")}
    lainnya = {
        "nama": f"{len(sisa)} pos lainnya (jumlah)",
        **jumlah,
        "serapan_persen": serapan(jumlah["realisasi"], jumlah["pagu_murni"], jumlah["pagu_perubahan"]).nilai,
    }
    return pd.concat([besar.drop(columns="_pagu"), pd.DataFrame([lainnya])], ignore_index=True)


def anggaran_bar(df: pd.DataFrame, *, judul_level: str, maks: int = MAKS_KATEGORI) -> go.Figure:
    """Grouped horizontal bars per budget line (at most ``maks``: the largest, and the rest as one row), with
    serapan in the hover; the title names the line with the lowest serapan."""
    with_serapan = df.dropna(subset=["serapan_persen"])
    judul = judul_level
    if not with_serapan.empty:
        low = with_serapan.loc[with_serapan["serapan_persen"].idxmin()]
        judul = f"{judul_level}: serapan terendah {format_persen(low['serapan_persen'])} ({textwrap.shorten(str(low['nama']), 60)})"
    sub = ringkas_pos(df, maks)
    seri = [c for c in ("pagu_murni", "pagu_perubahan", "realisasi") if sub[c].notna().any()]
    baris = batang_berlabel(list(sub["nama"]), tinggi_batang=12 * len(seri))
    tebal = baris.tebal
    fig = go.Figure()
    warna = {"pagu_murni": WARNA_PAGU_MURNI, "pagu_perubahan": WARNA_PAGU_PERUBAHAN, "realisasi": WARNA_REALISASI}
    nama_seri = {"pagu_murni": "Pagu murni", "pagu_perubahan": "Pagu perubahan", "realisasi": "Realisasi"}
    for k, col in enumerate(seri):
        name, colour = nama_seri[col], warna[col]
        fig.add_trace(
            go.Bar(
                y=baris.y,
                x=sub[col],
                width=tebal / len(seri),
                offset=-tebal / 2 + k * tebal / len(seri),  # the group within the row, under its name
                name=name,
                orientation="h",
                marker_color=colour,
                hovertext=[
                    f"{name}: {format_rupiah(v)}" + (f" · serapan {format_persen(p)}" if name == "Realisasi" else "")
                    for v, p in zip(sub[col], sub["serapan_persen"], strict=True)
                ],
                hoverinfo="text",
            )
        )
    subjudul = (
        None if len(sub) == len(df) else f"{maks - 1} pos terbesar (pagu berlaku) dari {len(df)}; sisanya dijumlah"
    )
    base_layout(fig, judul, height=baris.tinggi + 150, subjudul=subjudul)
    fig.update_layout(barmode="overlay", annotations=baris.label, yaxis=baris.yaxis)
    terbesar = sub[["pagu_murni", "pagu_perubahan", "realisasi"]].max().max()
    fig.update_xaxes(**sumbu_rupiah(0 if pd.isna(terbesar) else float(terbesar)))
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
    fig.update_layout(barmode="group")
    terbesar = per_tw[["rencana", "realisasi"]].max().max()
    fig.update_yaxes(**sumbu_rupiah(0 if pd.isna(terbesar) else float(terbesar)))
    return fig


def efisiensi_chart(df: pd.DataFrame, maks: int = MAKS_KATEGORI) -> go.Figure:
    """Capaian and serapan per budget line (efficiency is the gap between them); at most ``maks`` lines, the least
    efficient first (uniform method: capaian − serapan) when there are more."""
    sub = df
    if len(df) > maks:
        sub = df.sort_values("efisiensi_seragam", kind="stable", na_position="last").head(maks)
    baris = batang_berlabel(label_unik([str(p) for p in sub["pos"]]), tinggi_batang=28)
    fig = go.Figure()
    for kolom, nama, warna in (
        ("capaian_persen", "Capaian kinerja", WARNA_TARGET),
        ("serapan_persen", "Serapan anggaran", WARNA_REALISASI),
    ):
        fig.add_trace(
            go.Bar(
                y=baris.y,
                x=sub[kolom],
                width=baris.tebal / 2,
                offset=-baris.tebal / 2 if kolom == "capaian_persen" else 0,
                name=nama,
                orientation="h",
                marker_color=warna,
                text=[format_persen(v) for v in sub[kolom]],
                cliponaxis=False,
            )
        )
    rendah = df.dropna(subset=["efisiensi_seragam"])
    judul = "Capaian kinerja dibanding serapan anggaran"
    if not rendah.empty:
        r = rendah.loc[rendah["efisiensi_seragam"].idxmin()]
        judul = (
            f"Selisih capaian − serapan terkecil: {textwrap.shorten(str(r['pos']), 60)} "
            f"({format_angka(r['efisiensi_seragam'])} poin)"
        )
    subjudul = None if len(sub) == len(df) else f"{maks} pos dengan selisih terkecil dari {len(df)}; semua di tabel"
    base_layout(fig, judul, height=baris.tinggi + 150, subjudul=subjudul)
    fig.update_layout(barmode="overlay", annotations=baris.label, yaxis=baris.yaxis)
    fig.update_xaxes(ticksuffix="%", title="Persen")
    return fig
