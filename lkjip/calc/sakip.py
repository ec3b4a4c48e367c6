"""SAKIP/AKIP evaluation predikat (PermenPANRB 88/2021)."""

from __future__ import annotations

import numpy as np

from lkjip.calc.hasil import Hasil
from lkjip.calc.skala import Skala, kode_array
from lkjip.missing import is_missing

KOMPONEN_2021 = {
    "Perencanaan Kinerja": 30.0,
    "Pengukuran Kinerja": 30.0,
    "Pelaporan Kinerja": 15.0,
    "Evaluasi Akuntabilitas Kinerja Internal": 25.0,
}


def predikat(nilai: float | None, skala: Skala) -> Hasil:
    """Predikat of a 0–100 score: ``predikat(78.65, SKALA_PREDIKAT_SAKIP).label == 'BB'``."""
    if is_missing(nilai):
        return Hasil.gagal("Nilai evaluasi tidak tersedia")
    if not 0.0 <= float(nilai) <= 100.0:  # type: ignore[arg-type]
        return Hasil.gagal(f"Nilai evaluasi {nilai} di luar rentang 0–100")
    return Hasil(float(nilai), label=predikat_array(np.array([float(nilai)]), skala)[0])  # type: ignore[arg-type]


def predikat_array(nilai: np.ndarray, skala: Skala) -> list[str | None]:
    """The predikat code of every score of a column; None where missing or outside 0–100."""
    return kode_array(nilai, skala, 0.0, 100.0)
