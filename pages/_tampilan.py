"""How the pages show things: data-derived text never as markup, tables with worded headers in Indonesian formats
and their downloads, charts with their finding as a heading and a PNG, errors in Bahasa Indonesia."""

from __future__ import annotations

import re
from html import escape

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from lkjip.charts.style import tanpa_markup_data
from lkjip.errors import LkjipError
from lkjip.format import label_kolom, tabel_tampilan
from lkjip.io.ekspor import csv_bytes, xlsx_bytes

# Markdown and LaTeX punctuation: escaped wherever text from the data goes into st.markdown, st.title or a message
_MD_KHUSUS = frozenset("\\`*_{}[]()#+-.!|~<>$:=^")


# GitHub-flavoured Markdown also links bare addresses (http://…, www.…, name@host) after escapes are resolved: an
# invisible word joiner (U+2060) after the scheme or 'www' and before '@' keeps them text
_TAUTAN_POLOS = re.compile(r"(?i)(https?|ftp|mailto|www)(?=\\?[:.])|(?=@)")


def teks_md(teks: object) -> str:
    """Data-derived text for st.title/st.markdown shown as it is: every Markdown punctuation escaped (a name with
    '*', '_', '[' or a leading '1.' would otherwise become formatting or a link) and bare addresses kept from
    becoming links."""
    escaped = "".join(f"\\{c}" if c in _MD_KHUSUS else c for c in str(teks))
    return _TAUTAN_POLOS.sub(lambda m: (m.group(1) or "") + "\u2060", escaped)


def polos(teks: object) -> str:
    """Text for st.error/st.success/st.info shown as it is: escaped as ``teks_md``, line breaks kept (a message may
    quote a file name, an indicator or a typed value; data is never rendered as markup)."""
    return teks_md(teks).replace("\n", "  \n")


def tampilkan_error(exc: LkjipError) -> None:
    st.error(f"**{polos(exc.judul)}**\n\n{polos(exc.pesan)}")


# name columns at a fixed width: a long indicator name would take a phone's whole width and hide the numbers next to
# it (the full name shows on hover); 240 px leaves a 390 px phone one value column beside it
KOLOM_NAMA = ("indikator", "nama", "pos", "ukuran", "Ukuran", "subjek", "unsur_nama")


LEBAR_NAMA = 240


LEBAR = {"persetujuan": 230}  # px: "Belum disetujui (dikembalikan)" whole, not cut


def kolom_config(kolom, label: dict[str, str] | None = None) -> dict:  # type: ignore[no-untyped-def]
    """column_config with a word for every header (``label`` overrides the shared LABEL_KOLOM)."""
    return {
        c: st.column_config.Column(label_header(c, label), width=LEBAR_NAMA if c in KOLOM_NAMA else LEBAR.get(c))
        for c in kolom
    }


def label_header(kolom: str, label: dict[str, str] | None = None) -> str:
    return (label or {}).get(kolom) or label_kolom(kolom)


def tabel_data(df: pd.DataFrame, key: str, *, label: dict[str, str] | None = None, **kwargs) -> None:  # type: ignore[no-untyped-def]
    """st.dataframe of an already formatted frame, its headers in words (never the database names)."""
    st.dataframe(df, hide_index=True, key=key, column_config=kolom_config(df.columns, label), **kwargs)


def unduh_tabel(df: pd.DataFrame, nama: str, key: str, *, label: dict[str, str] | None = None) -> None:
    """CSV and XLSX downloads of the data behind a table or chart, written only when clicked (writing an XLSX of
    every table on every rerun was most of a filter change's time). The values are the data (numbers unformatted);
    the headers are the same words as on screen."""
    c1, c2 = st.columns(2)

    def berlabel() -> pd.DataFrame:
        return df.rename(columns={c: label_header(c, label) for c in df.columns})

    c1.download_button(
        "Unduh CSV", lambda: csv_bytes(berlabel()), f"{nama}.csv", "text/csv", key=f"{key}-csv", on_click="ignore"
    )
    c2.download_button(
        "Unduh XLSX",
        lambda: xlsx_bytes(berlabel(), nama),
        f"{nama}.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=f"{key}-xlsx",
        on_click="ignore",
    )


def tabel(
    df: pd.DataFrame,
    kolom: list[str],
    format_kolom: dict[str, str],
    nama: str,
    key: str,
    *,
    label: dict[str, str] | None = None,
) -> None:
    """A table in Indonesian number formats with worded headers, and its data as CSV/XLSX."""
    tabel_data(tabel_tampilan(df[kolom], format_kolom), f"tabel-{key}", label=label)
    unduh_tabel(df, nama, key=f"unduh-{key}", label=label)


def teks(isi: str, *, kelas: str = "teks", tag: str = "p") -> None:
    """Text from the data (names of kecamatan, indicators, budget lines) shown as text, never as markup: escaped
    HTML, so markdown, LaTeX, links or images in a name stay characters."""
    st.html(f'<{tag} class="lkjip-{kelas}">{escape(str(isi))}</{tag}>')


# Plotly's own toolbar is English and sits over the plot (on a phone over the title); the PNG button below replaces
# its one useful item
KONFIG_PLOTLY = {"displayModeBar": False, "locale": "id"}


def grafik(fig, data: pd.DataFrame | None, nama: str, key: str) -> None:  # type: ignore[no-untyped-def]
    """A chart with its finding as a heading above it, a PNG at presentation resolution (rendered on click, title
    included) and the data behind it as CSV/XLSX.

    The title is taken out of the figure on screen: as page text it wraps on a phone and nothing covers it (inside
    Plotly a long title runs off a 390 px screen). ``data`` None: the page shows the chart's data right below in its
    own table, with the same downloads."""
    from lkjip.report.gambar import png

    judul, sub = fig.layout.title.text, fig.layout.title.subtitle.text
    if judul:
        teks(judul, kelas="judul-grafik")
    if sub:
        teks(sub, kelas="subjudul-grafik")
    dengan_judul = fig.layout.title.to_plotly_json()
    fig.update_layout(title=None, margin_t=40)  # room for a legend or band labels above the plot
    st.plotly_chart(tanpa_markup_data(fig), key=f"chart-{key}", config=KONFIG_PLOTLY)

    def gambar() -> bytes:
        salinan = go.Figure(fig)
        salinan.update_layout(title=dengan_judul, margin_t=90 if sub else 70)
        return png(salinan)

    st.download_button(
        "Unduh PNG (1600×900)",
        gambar,
        f"{nama}.png",
        "image/png",
        key=f"png-{key}",
        icon=":material/image:",
        on_click="ignore",
    )
    if data is not None:
        with st.expander("Data grafik"):
            tabel_data(tabel_tampilan(data, {}), f"data-{key}")
            unduh_tabel(data, nama, key=f"unduh-grafik-{key}")
