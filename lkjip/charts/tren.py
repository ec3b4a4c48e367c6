"""Indicator over the years, and quarters within a year."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from lkjip.charts.style import PALET_KECAMATAN, WARNA_REALISASI, WARNA_TARGET, base_layout, layout_dasar
from lkjip.format import format_angka, format_persen
from lkjip.missing import is_missing


def tren_indikator(
    realisasi: pd.DataFrame, target: pd.DataFrame, *, indikator: str, satuan: str, status: str | None = None
) -> go.Figure:
    """Realisations of all years (line), Renstra/PK targets per year (markers), end-of-Renstra target (dashed)."""
    fig = go.Figure()
    r = realisasi.dropna(subset=["realisasi"]).sort_values("tahun")
    fig.add_trace(
        go.Scatter(
            x=r["tahun"],
            y=r["realisasi"],
            mode="lines+markers+text",
            name="Realisasi",
            line={"color": WARNA_REALISASI, "width": 3},
            text=[format_angka(v) for v in r["realisasi"]],
            textposition="top center",
            hovertemplate="%{x}: %{text} " + satuan + "<extra>Realisasi</extra>",
        )
    )
    per_tahun = target[target["jenis"].isin(["Renstra", "PK", "PK Perubahan"])].dropna(subset=["target"])
    for jenis, symbol in (("Renstra", "line-ew-open"), ("PK", "diamond-open")):
        t = per_tahun[per_tahun["jenis"] == jenis].drop_duplicates("tahun").sort_values("tahun")
        if not t.empty:
            fig.add_trace(
                go.Scatter(
                    x=t["tahun"],
                    y=t["target"],
                    mode="markers",
                    name=f"Target {jenis}",
                    marker={"symbol": symbol, "size": 16, "color": WARNA_TARGET, "line": {"width": 2}},
                    text=[format_angka(v) for v in t["target"]],
                    hovertemplate="%{x}: %{text} " + satuan + f"<extra>Target {jenis}</extra>",
                )
            )
    akhir = target[target["jenis"] == "Target Akhir Renstra"].dropna(subset=["target"])
    if not akhir.empty:
        a = akhir.sort_values("tahun").iloc[-1]
        fig.add_hline(
            y=a["target"],
            line_dash="dash",
            line_color=WARNA_TARGET,
            annotation_text=f"Target akhir Renstra {int(a['tahun'])}: {format_angka(a['target'])}",
        )
    judul = f"{indikator}: {status.lower()}" if isinstance(status, str) else indikator
    base_layout(fig, judul, height=380)
    fig.update_xaxes(dtick=1, title="Tahun")
    fig.update_yaxes(title=satuan)
    return fig


def triwulan_chart(q: pd.DataFrame, *, indikator: str, satuan: str) -> go.Figure:
    """Bars of each quarter's realisation (running total for cumulative indicators) against its target.

    Built in one constructor call: the page draws one per indicator (30 at a time for a synthetic kecamatan), and
    add_hline/update_layout validate the whole layout again each."""
    q = q.sort_values("urut")
    kumulatif = q["agregasi"].iloc[0] == "kumulatif" if not q.empty else False
    y = q["realisasi_kumulatif"] if kumulatif else q["realisasi"]
    data = [
        go.Bar(
            x=q["periode"],
            y=y,
            name="Realisasi kumulatif" if kumulatif else "Realisasi",
            marker_color=WARNA_REALISASI,
            text=[format_angka(v) for v in y],
            textposition="auto",
            hovertext=[
                f"{p}: realisasi {format_angka(r)} {satuan}, capaian {format_persen(c)}"
                for p, r, c in zip(q["periode"], y, q["capaian_persen"], strict=True)
            ],
            hoverinfo="text",
        )
    ]
    t = q.dropna(subset=["target"])
    if not t.empty:
        data.append(
            go.Scatter(
                x=t["periode"],
                y=t["target"],
                mode="markers",
                name="Target periode",
                marker={"symbol": "line-ew-open", "size": 30, "color": WARNA_TARGET, "line": {"width": 3}},
            )
        )
    terisi = int(q["realisasi"].notna().sum())
    layout = layout_dasar(f"{indikator}: {terisi} dari {len(q)} periode terisi", height=340)
    layout["yaxis"] |= {"title": {"text": satuan}}
    tahunan = q["target_tahunan"].dropna()
    if not tahunan.empty and not is_missing(tahunan.iloc[0]):
        garis = tahunan.iloc[0]  # the year's target across the whole plot, labelled at its right end
        layout["shapes"] = [
            {
                "type": "line",
                "x0": 0,
                "x1": 1,
                "xref": "x domain",
                "y0": garis,
                "y1": garis,
                "yref": "y",
                "line": {"color": WARNA_TARGET, "dash": "dot"},
            }
        ]
        layout["annotations"] = [
            {
                "text": f"Target tahunan {format_angka(garis)}",
                "showarrow": False,
                "x": 1,
                "xanchor": "right",
                "xref": "x domain",
                "y": garis,
                "yanchor": "bottom",
                "yref": "y",
            }
        ]
    return go.Figure(data=data, layout=layout)


def banding_tren(df: pd.DataFrame, *, judul: str, satuan: str, sorot: str | None = None) -> go.Figure:
    """One line per kecamatan over the years, with the peer mean and median per year; ``sorot`` (the user's
    kecamatan) drawn thickest."""
    fig = go.Figure()
    for i, (kec, g) in enumerate(df.groupby("kecamatan")):
        g = g.groupby("tahun", as_index=False)["nilai"].mean().sort_values("tahun")
        fig.add_trace(
            go.Scatter(
                x=g["tahun"],
                y=g["nilai"],
                mode="lines+markers",
                name=kec,
                line={"color": PALET_KECAMATAN[i % len(PALET_KECAMATAN)], "width": 6 if kec == sorot else 2.5},
                marker={"size": 11 if kec == sorot else 7},
                text=[format_angka(v) for v in g["nilai"]],
                hovertemplate="%{x}: %{text}<extra>" + kec + "</extra>",
            )
        )
    # the peers' mean and median of each year, from the kecamatan that have a value THAT year (at least two), as
    # points: a line would join different kecamatan across years and draw a trend that does not exist
    per_kec = df.groupby(["tahun", "kecamatan"])["nilai"].mean().groupby("tahun")
    n = per_kec.size()
    for stat, name, symbol in (
        ("mean", "Rata-rata tahun itu", "line-ew-open"),
        ("median", "Median tahun itu", "diamond-open"),
    ):
        s = getattr(per_kec, stat)()[n >= 2]
        if s.empty:
            continue
        fig.add_trace(
            go.Scatter(
                x=s.index,
                y=s.values,
                mode="markers",
                name=name,
                marker={"symbol": symbol, "size": 18, "color": "#57606a", "line": {"width": 2}},
                text=[f"{name.split()[0]} {format_angka(v)} dari {n[t]} kecamatan" for t, v in s.items()],
                hovertemplate="%{x}: %{text}<extra></extra>",
            )
        )
    base_layout(fig, judul, height=420)
    fig.update_xaxes(dtick=1, title="Tahun")
    fig.update_yaxes(title=satuan)
    return fig


def sebaran_tren(df: pd.DataFrame, *, judul: str, satuan: str, sorot: str | None = None) -> go.Figure:
    """Many kecamatan at once: per year the median and the band from the 10th to the 90th percentile of the
    kecamatan values (each kecamatan's mean over its rows first), with the number of kecamatan in the hover."""
    per_kec = df.groupby(["tahun", "kecamatan"])["nilai"].mean().groupby("tahun")
    s = pd.DataFrame(
        {"p10": per_kec.quantile(0.1), "median": per_kec.median(), "p90": per_kec.quantile(0.9), "n": per_kec.size()}
    ).reset_index()
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(x=s["tahun"], y=s["p90"], mode="lines", line={"width": 0}, name="Persentil 90", hoverinfo="skip")
    )
    fig.add_trace(
        go.Scatter(
            x=s["tahun"],
            y=s["p10"],
            mode="lines",
            line={"width": 0},
            fill="tonexty",
            fillcolor="rgba(9, 105, 218, 0.15)",
            name="Rentang persentil 10–90",
            hoverinfo="skip",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=s["tahun"],
            y=s["median"],
            mode="lines+markers",
            name="Median",
            line={"color": PALET_KECAMATAN[0], "width": 3},
            text=[
                f"median {format_angka(m)}; P10 {format_angka(a)}, P90 {format_angka(b)}; {n} kecamatan"
                for m, a, b, n in zip(s["median"], s["p10"], s["p90"], s["n"], strict=True)
            ],
            hovertemplate="%{x}: %{text}<extra></extra>",
        )
    )
    sendiri = df[df["kecamatan"] == sorot].groupby("tahun", as_index=False)["nilai"].mean()
    if not sendiri.empty:  # the user's own kecamatan against the spread
        fig.add_trace(
            go.Scatter(
                x=sendiri["tahun"],
                y=sendiri["nilai"],
                mode="lines+markers",
                name=str(sorot),
                line={"color": PALET_KECAMATAN[1], "width": 4},
                text=[format_angka(v) for v in sendiri["nilai"]],
                hovertemplate="%{x}: %{text}<extra>" + str(sorot) + "</extra>",
            )
        )
    base_layout(fig, judul, height=420)
    fig.update_xaxes(dtick=1, title="Tahun")
    fig.update_yaxes(title=satuan)
    return fig
