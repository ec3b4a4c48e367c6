"""lkjip: the domain core of the kecamatan performance dashboard (never imports streamlit)."""

__version__ = "0.1.0"
