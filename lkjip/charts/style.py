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
