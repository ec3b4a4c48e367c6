"""Budget absorption (serapan) and efficiency, by each method the reports use."""

from __future__ import annotations

from lkjip.calc.hasil import Hasil, is_missing


def pagu_berlaku(pagu_murni: float | None, pagu_perubahan: float | None) -> float | None:
    """The pagu in force: perubahan when there is one, else murni."""
    if not is_missing(pagu_perubahan):
        return float(pagu_perubahan)  # type: ignore[arg-type]
    return None if is_missing(pagu_murni) else float(pagu_murni)  # type: ignore[arg-type]


def serapan(realisasi: float | None, pagu_murni: float | None, pagu_perubahan: float | None = None) -> Hasil:
    """serapan = realisasi / pagu berlaku × 100."""
    pagu = pagu_berlaku(pagu_murni, pagu_perubahan)
    if pagu is None:
        return Hasil.gagal("Pagu tidak tersedia")
    if is_missing(realisasi):
        return Hasil.gagal("Realisasi anggaran tidak tersedia")
    if pagu <= 0:
        return Hasil.gagal("Pagu bernilai 0 atau negatif: serapan tidak dapat dihitung")
    if float(realisasi) < 0:  # type: ignore[arg-type]
        return Hasil.gagal("Realisasi anggaran negatif")
    return Hasil(float(realisasi) / pagu * 100.0)  # type: ignore[arg-type]


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
