"""Change over the years and progress toward the end-of-Renstra target.

Progress follows the idea of Open SDG's progress measure: compare the growth
achieved since the baseline with the growth needed to reach the target by its
year.  We use linear (absolute) growth rather than compound growth because
kecamatan indicators are often percentages that start at 0 or 100.

    laju_aktual = (x_t − x_0) / (t − t_0)
    laju_perlu  = (target − x_0) / (T − t_0)
    rasio       = laju_aktual / laju_perlu  (signs flipped for arah turun)
"""

from __future__ import annotations

from dataclasses import dataclass

from lkjip.calc.hasil import Hasil
from lkjip.missing import is_missing


def perubahan_tahunan(sebelum: float | None, sekarang: float | None) -> Hasil:
    """Percent change from the previous year (Bontang Barat: 92,60 → 94,75 is 2,32%)."""
    if is_missing(sebelum) or is_missing(sekarang):
        return Hasil.gagal("Nilai tahun sebelumnya atau tahun ini tidak tersedia")
    if float(sebelum) == 0:  # type: ignore[arg-type]
        return Hasil.gagal("Nilai tahun sebelumnya 0: persentase perubahan tidak dapat dihitung")
    return Hasil((float(sekarang) - float(sebelum)) / abs(float(sebelum)) * 100.0)  # type: ignore[arg-type]


RUMUS_PROGRES = (  # the rule of progres_renstra, in words
    "Status menuju target akhir Renstra: laju tercapai dibanding laju yang diperlukan "
    "(gagasan ukuran progres Open SDG, laju linear)."
)

STATUS_PROGRES = (
    "Target akhir tercapai",
    "Sesuai jalur",
    "Kemajuan sedang",
    "Kemajuan terbatas",
    "Memburuk",
)


@dataclass(frozen=True)
class Progres:
    status: str | None
    rasio: float | None
    alasan: str | None = None


def progres_renstra(
    *,
    nilai_awal: float | None,
    tahun_awal: int | None,
    nilai_kini: float | None,
    tahun_kini: int,
    target_akhir: float | None,
    tahun_target: int | None,
    arah: str,
) -> Progres:
    """On-track status of ``nilai_kini`` toward ``target_akhir`` (see module doc)."""
    if is_missing(nilai_kini):
        return Progres(None, None, "Realisasi tahun ini tidak tersedia")
    if is_missing(target_akhir) or tahun_target is None:
        return Progres(None, None, "Target akhir Renstra tidak tersedia atau bukan angka")
    sign = 1.0 if arah == "naik" else -1.0
    x_t, target = float(nilai_kini), float(target_akhir)  # type: ignore[arg-type]
    if sign * (x_t - target) >= 0:
        return Progres(STATUS_PROGRES[0], None)
    if is_missing(nilai_awal) or tahun_awal is None:
        return Progres(None, None, "Kondisi awal Renstra tidak tersedia: laju tidak dapat dibandingkan")
    if tahun_kini <= tahun_awal or tahun_target <= tahun_awal:
        return Progres(None, None, "Tahun realisasi harus sesudah tahun kondisi awal")
    x_0 = float(nilai_awal)  # type: ignore[arg-type]
    needed = sign * (target - x_0) / (tahun_target - tahun_awal)
    actual = sign * (x_t - x_0) / (tahun_kini - tahun_awal)
    if needed <= 0:
        # The baseline already met the target, and the value has since fallen below it.
        return Progres(STATUS_PROGRES[4], None)
    rasio = actual / needed
    if rasio >= 0.95:
        status = STATUS_PROGRES[1]
    elif rasio >= 0.5:
        status = STATUS_PROGRES[2]
    elif rasio >= 0:
        status = STATUS_PROGRES[3]
    else:
        status = STATUS_PROGRES[4]
    return Progres(status, rasio)
