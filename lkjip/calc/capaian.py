"""Capaian (achievement %) by arah and per-indicator formula; category on a scale.

Formulas (DOMAIN.md):
- ``naik_rasio``     higher is better: realisasi / target × 100
- ``turun_selisih``  lower is better (default): (2·target − realisasi) / target × 100
- ``turun_rasio``    lower is better, as some units do: target / realisasi × 100

A range target (``target`` < ``target_atas``) is met inside the range (100%);
outside it the nearer bound is used as the target.
"""

from __future__ import annotations

import numpy as np

from lkjip.calc.hasil import Hasil, as_float
from lkjip.calc.skala import Skala, indeks_tingkat, tingkat_dari

FORMULAS: dict[str, str] = {
    "naik_rasio": "realisasi / target × 100",
    "turun_selisih": "(2 × target − realisasi) / target × 100",
    "turun_rasio": "target / realisasi × 100",
}
ARAH = ("naik", "turun")
NAMA_FORMULA = {  # each formula as the Sumber page names it
    "naik_rasio": "Makin tinggi makin baik",
    "turun_selisih": "Makin rendah makin baik (bawaan)",
    "turun_rasio": "Makin rendah makin baik (cara lain)",
}
CATATAN_FORMULA = (
    "Target rentang (mis. 60–70) tercapai di dalam rentang; target 0, teks atau predikat tidak dibagi dan "
    "alasannya ditampilkan."
)
TARGET_TERCAPAI = 100.0  # a capaian at or above this meets its target (for every formula: 100% is the target)

ALASAN_REALISASI = "Realisasi belum tersedia atau bukan angka"
ALASAN_TARGET = "Target tidak tersedia atau bukan angka"
ALASAN_TARGET_NOL = "Target bernilai 0: capaian tidak dapat dihitung dengan pembagian"
ALASAN_REALISASI_NOL = "Realisasi bernilai 0 pada rumus target / realisasi: tidak dapat dibagi"


def default_formula(arah: str, formula_turun: str = "turun_selisih") -> str:
    """The formula of an indicator that names none: naik_rasio, or for ``turun`` the settings' choice."""
    if arah == "naik":
        return "naik_rasio"
    if arah == "turun":
        return formula_turun
    raise ValueError(f"arah harus 'naik' atau 'turun', bukan {arah!r}")


def capaian_array(
    target: np.ndarray,
    realisasi: np.ndarray,
    formula: np.ndarray,
    target_atas: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Capaian % for every row; returns (values with NaN, reasons with None)."""
    lo = np.asarray(target, dtype=float)
    hi = lo.copy() if target_atas is None else np.asarray(target_atas, dtype=float)
    hi = np.where(np.isnan(hi), lo, hi)
    r = np.asarray(realisasi, dtype=float)
    f = np.asarray(formula, dtype=object)
    unknown = set(np.unique(f.astype(str))) - set(FORMULAS)
    if unknown:
        raise ValueError(f"formula capaian tidak dikenal: {', '.join(sorted(unknown))}")

    naik = f == "naik_rasio"
    inside = (r >= lo) & (r <= hi) & (lo < hi)
    # The bound that acts as target: for naik the upper bound when above the
    # range, else the lower; for turun the lower bound when below, else the upper.
    t = np.where(naik, np.where(r > hi, hi, lo), np.where(r < lo, lo, hi))
    with np.errstate(divide="ignore", invalid="ignore"):
        value = np.select(
            [f == "naik_rasio", f == "turun_selisih", f == "turun_rasio"],
            [r / t * 100.0, (2.0 * t - r) / t * 100.0, t / r * 100.0],
            default=np.nan,
        )
    value = np.where(inside, 100.0, value)

    reason = np.full(r.shape, None, dtype=object)
    bad_t0 = (t == 0) & ~inside
    bad_r0 = (f == "turun_rasio") & (r == 0) & ~inside
    reason[bad_r0] = ALASAN_REALISASI_NOL
    reason[bad_t0] = ALASAN_TARGET_NOL
    reason[np.isnan(lo)] = ALASAN_TARGET
    reason[np.isnan(r)] = ALASAN_REALISASI  # the more basic fact wins
    value = np.where(reason == None, value, np.nan)  # noqa: E711 (elementwise)
    value = np.where(np.isfinite(value), value, np.nan)
    return value, reason


def hitung_capaian(
    target: float | None,
    realisasi: float | None,
    formula: str = "naik_rasio",
    target_atas: float | None = None,
) -> Hasil:
    """Scalar capaian: ``hitung_capaian(92.7, 94.75).nilai`` ≈ 102.21."""
    values, reasons = capaian_array(
        np.array([as_float(target)]),
        np.array([as_float(realisasi)]),
        np.array([formula], dtype=object),
        np.array([as_float(target_atas)]),
    )
    if reasons[0] is not None:
        return Hasil.gagal(reasons[0])
    return Hasil(float(values[0]))


def kategori_array(capaian: np.ndarray, skala: Skala) -> list[str | None]:
    labels = np.array([t.label for t in skala.tingkat] + [None], dtype=object)
    return labels[indeks_tingkat(capaian, skala)].tolist()  # index -1 is the trailing None


def skala_untuk_label(label: str, skala_semua: tuple[Skala, ...]) -> Skala | None:
    """The scale of ``skala_semua`` (the settings' capaian scale first) a printed category label belongs to."""
    wanted = " ".join(label.lower().split())
    for skala in skala_semua:
        if any(t.label.lower() == wanted for t in skala.tingkat):
            return skala
    return None


def kategori(capaian: float | None, skala: Skala) -> str | None:
    """Category of one capaian on ``skala`` (the settings choose; by law Permendagri 86/2017)."""
    t = tingkat_dari(capaian, skala)
    return t.label if t else None


def tercapai_array(capaian: np.ndarray) -> np.ndarray:
    """Whether each capaian meets its target; False where it cannot be computed (NaN)."""
    with np.errstate(invalid="ignore"):
        return np.asarray(capaian, dtype=float) >= TARGET_TERCAPAI


def tercapai(capaian: float | None) -> bool:
    """``tercapai(102.21)`` is True; a capaian that cannot be computed is not met."""
    return bool(tercapai_array(np.array([as_float(capaian)]))[0])
