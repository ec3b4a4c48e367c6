"""Budget absorption (serapan) and efficiency, by each method the reports use."""

from __future__ import annotations

import numpy as np

from lkjip.calc.hasil import Hasil, as_float
from lkjip.missing import is_missing


def pagu_berlaku(pagu_murni: float | None, pagu_perubahan: float | None) -> float | None:
    """The pagu in force: perubahan when there is one, else murni."""
    if not is_missing(pagu_perubahan):
        return float(pagu_perubahan)  # type: ignore[arg-type]
    return None if is_missing(pagu_murni) else float(pagu_murni)  # type: ignore[arg-type]


def serapan(realisasi: float | None, pagu_murni: float | None, pagu_perubahan: float | None = None) -> Hasil:
    """serapan = realisasi / pagu berlaku × 100."""
    nilai, alasan = serapan_array(
        np.array([as_float(realisasi)]), np.array([as_float(pagu_murni)]), np.array([as_float(pagu_perubahan)])
    )
    return Hasil(None if np.isnan(nilai[0]) else float(nilai[0]), alasan[0])


def serapan_array(
    realisasi: np.ndarray, pagu_murni: np.ndarray, pagu_perubahan: np.ndarray
) -> tuple[np.ndarray, list[str | None]]:
    """``serapan`` for whole columns (NaN = missing): the values (NaN where none) and the reasons."""
    realisasi, pagu_murni, pagu_perubahan = (
        np.asarray(x, dtype=float) for x in (realisasi, pagu_murni, pagu_perubahan)
    )
    pagu = np.where(np.isnan(pagu_perubahan), pagu_murni, pagu_perubahan)  # pagu_berlaku
    alasan = np.full(len(pagu), None, dtype=object)
    with np.errstate(invalid="ignore"):
        # the first reason that applies, in the scalar rule's order
        for kondisi, teks in reversed(
            (
                (np.isnan(pagu), "Pagu tidak tersedia"),
                (np.isnan(realisasi), "Realisasi anggaran tidak tersedia"),
                (pagu <= 0, "Pagu bernilai 0 atau negatif: serapan tidak dapat dihitung"),
                (realisasi < 0, "Realisasi anggaran negatif"),
            )
        ):
            alasan[kondisi] = teks
        nilai = np.where(alasan == None, realisasi / np.where(pagu > 0, pagu, 1.0) * 100.0, np.nan)  # noqa: E711
    return nilai, alasan.tolist()


RUMUS_SERAPAN = "Serapan = realisasi / pagu berlaku × 100 (pagu perubahan bila ada)."  # the rule of serapan_array

METODE_EFISIENSI: dict[str, str] = {
    "selisih_capaian_serapan": "capaian % − serapan % (cara Kec. Bontang Barat)",
    "efisien_bila_melebihi": "'Efisien' bila capaian ≥ 100 dan serapan < capaian (cara Kec. Kota Bangun)",
    "sisa_anggaran_bila_tercapai": "100 − serapan %, bila capaian 100% tercapai (cara Kec. Bantargebang)",
}
METODE_SERAGAM = "selisih_capaian_serapan"


def efisiensi(metode: str, capaian: float | None, serapan_persen: float | None) -> Hasil:
    """Efficiency of one sasaran by ``metode``; the Kota Bangun method gives a label only."""
    if metode not in METODE_EFISIENSI:
        raise ValueError(f"metode efisiensi tidak dikenal: {metode!r}")
    if is_missing(capaian):
        return Hasil.gagal("Capaian kinerja tidak tersedia")
    if is_missing(serapan_persen):
        return Hasil.gagal("Serapan anggaran tidak tersedia")
    c, s = float(capaian), float(serapan_persen)  # type: ignore[arg-type]
    if metode == "selisih_capaian_serapan":
        return Hasil(c - s)
    if metode == "efisien_bila_melebihi":
        return Hasil(None, label="Efisien" if c >= 100 and s < c else "Tidak efisien")
    if c < 100:
        return Hasil.gagal("Capaian di bawah 100%: metode sisa anggaran hanya berlaku bila target tercapai")
    return Hasil(100.0 - s)
