"""Lower-bound scales (capaian category, SKM mutu, SAKIP predikat)."""

from __future__ import annotations

import numpy as np

from lkjip.config import Skala, Tingkat


def indeks_tingkat(values: np.ndarray, skala: Skala) -> np.ndarray:
    """Index into ``skala.tingkat`` of the step each value falls in (the first step it reaches); -1 for NaN or
    below the last step. Vectorised: one comparison per step, not per value."""
    v = np.asarray(values, dtype=float)
    out = np.full(v.shape, -1, dtype=np.int64)
    for i in range(len(skala.tingkat) - 1, -1, -1):  # assigned last-to-first so the first step reached wins
        batas = skala.tingkat[i].batas_bawah
        with np.errstate(invalid="ignore"):
            out[(v > batas) if skala.lebih_besar_tegas else (v >= batas)] = i
    return out


def klasifikasi(values: np.ndarray, skala: Skala) -> list[Tingkat | None]:
    """The step of ``skala`` each value falls in; None for NaN or below the last step."""
    return [skala.tingkat[i] if i >= 0 else None for i in indeks_tingkat(values, skala)]


def tingkat_dari(value: float | None, skala: Skala) -> Tingkat | None:
    if value is None:
        return None
    return klasifikasi(np.array([value], dtype=float), skala)[0]


def kode_array(values: np.ndarray, skala: Skala, bawah: float, atas: float) -> list[str | None]:
    """The code of the step of ``skala`` of every value; None where missing or outside ``bawah``–``atas``."""
    v = np.asarray(values, dtype=float)
    kode = np.array([t.kode for t in skala.tingkat] + [None], dtype=object)[indeks_tingkat(v, skala)]
    with np.errstate(invalid="ignore"):
        kode[~((v >= bawah) & (v <= atas))] = None
    return kode.tolist()
