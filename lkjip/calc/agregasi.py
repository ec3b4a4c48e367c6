"""Yearly value from quarterly values, by the indicator's aggregation type."""

from __future__ import annotations

from collections.abc import Mapping

from lkjip.calc.hasil import Hasil
from lkjip.calc.periode import TRIWULAN
from lkjip.missing import is_missing

JENIS_AGREGASI: dict[str, str] = {
    "kumulatif": "jumlah TW1–TW4",
    "nilai_akhir": "nilai TW4 (posisi akhir tahun)",
    "rata_rata": "rata-rata TW1–TW4",
}


def nilai_tahunan(per_triwulan: Mapping[str, float | None], jenis: str) -> Hasil:
    """Yearly value from ``{"TW1": v, ...}``; a missing quarter that the rule needs is a reason."""
    if jenis not in JENIS_AGREGASI:
        raise ValueError(f"jenis agregasi tidak dikenal: {jenis!r}")
    if jenis == "nilai_akhir":
        tw4 = per_triwulan.get("TW4")
        if is_missing(tw4):
            return Hasil.gagal("Nilai TW4 belum ada: nilai akhir tahun belum dapat ditentukan")
        return Hasil(float(tw4))  # type: ignore[arg-type]
    missing = [tw for tw in TRIWULAN if is_missing(per_triwulan.get(tw))]
    if missing:
        return Hasil.gagal(f"Data {', '.join(missing)} belum ada: {JENIS_AGREGASI[jenis]} belum lengkap")
    values = [float(per_triwulan[tw]) for tw in TRIWULAN]  # type: ignore[arg-type]
    return Hasil(sum(values) if jenis == "kumulatif" else sum(values) / 4)


def kumulatif_berjalan(per_triwulan: Mapping[str, float | None]) -> dict[str, float | None]:
    """Running total TW1..TWn for a cumulative indicator (None from the first gap on)."""
    out: dict[str, float | None] = {}
    total: float | None = 0.0
    for tw in TRIWULAN:
        v = per_triwulan.get(tw)
        total = None if total is None or is_missing(v) else total + float(v)  # type: ignore[arg-type]
        out[tw] = total
    return out
