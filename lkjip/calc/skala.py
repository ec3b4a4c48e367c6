"""Lower-bound scales (capaian category, SKM mutu, SAKIP predikat)."""

from __future__ import annotations

import numpy as np

from lkjip.config import Skala, Tingkat


def klasifikasi(values: np.ndarray, skala: Skala) -> list[Tingkat | None]:
    """The step of ``skala`` each value falls in; None for NaN or below the last step."""
    out: list[Tingkat | None] = []
    for v in np.asarray(values, dtype=float):
        step = None
        if not np.isnan(v):
            for t in skala.tingkat:
                if (v > t.batas_bawah) if skala.lebih_besar_tegas else (v >= t.batas_bawah):
                    step = t
                    break
        out.append(step)
    return out


def tingkat_dari(value: float | None, skala: Skala) -> Tingkat | None:
    if value is None:
        return None
    return klasifikasi(np.array([value], dtype=float), skala)[0]
