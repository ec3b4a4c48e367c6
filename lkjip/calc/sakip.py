"""SAKIP/AKIP evaluation predikat (PermenPANRB 88/2021)."""

from __future__ import annotations

import numpy as np

from lkjip.calc.hasil import Hasil, is_missing
from lkjip.calc.skala import indeks_tingkat
from lkjip.config import get_settings

KOMPONEN_2021 = {
    "Perencanaan Kinerja": 30.0,
    "Pengukuran Kinerja": 30.0,
    "Pelaporan Kinerja": 15.0,
    "Evaluasi Akuntabilitas Kinerja Internal": 25.0,
}


def predikat(nilai: float | None) -> Hasil:
    """Predikat of a 0–100 score: ``predikat(78.65).label == 'BB'``."""
    if is_missing(nilai):
        return Hasil.gagal("Nilai evaluasi tidak tersedia")
    if not 0.0 <= float(nilai) <= 100.0:  # type: ignore[arg-type]
        return Hasil.gagal(f"Nilai evaluasi {nilai} di luar rentang 0–100")
    return Hasil(float(nilai), label=predikat_array(np.array([float(nilai)]))[0])  # type: ignore[arg-type]


def predikat_array(nilai: np.ndarray) -> list[str | None]:
    """The predikat code of every score of a column; None where missing or outside 0–100."""
    v = np.asarray(nilai, dtype=float)
    skala = get_settings().skala_predikat
    kode = np.array([t.kode for t in skala.tingkat] + [None], dtype=object)[indeks_tingkat(v, skala)]
    with np.errstate(invalid="ignore"):
        kode[~((v >= 0.0) & (v <= 100.0))] = None
    return kode.tolist()
