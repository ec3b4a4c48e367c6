"""The dashboard's visual language in one place: category and mutu colours, target markers, number formats."""

from __future__ import annotations

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


def mutu_bands() -> list[tuple[str, float, float]]:
    """(kode, lower, upper) of the A–D bands on the 25–100 IKM scale, from the configured scale."""
    from lkjip.config import get_settings

    steps = get_settings().skala_mutu.tingkat
    out, upper = [], 100.0
    for t in steps:
        out.append((t.kode, max(t.batas_bawah, 25.0), upper))
        upper = t.batas_bawah
    return out


def layout_dasar(title: str, *, height: int = 420) -> dict:
    """The shared look as a layout: Indonesian separators, font, margins, legend below (for a figure built in one
    constructor call, which validates the layout once)."""
    return {
        "title": {"text": title},
        "separators": SEPARATORS,
        "font": {"family": FONT},
        "height": height,
        "margin": {"l": 10, "r": 10, "t": 60, "b": 40},
        "legend": {"orientation": "h", "yanchor": "top", "y": -0.15},
    }


def base_layout(fig, title: str, *, height: int = 420):  # type: ignore[no-untyped-def]
    """The shared look applied to an existing figure."""
    fig.update_layout(layout_dasar(title, height=height))
    return fig


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
