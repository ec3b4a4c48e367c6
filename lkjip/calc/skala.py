"""Lower-bound scales (capaian category, SKM mutu, SAKIP predikat): the legal scales as domain facts, and the
rules that place a value on a scale. Which scale applies is the settings' choice (lkjip.config), passed in."""

from __future__ import annotations

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, field_validator


class Tingkat(BaseModel):
    """One step of a scale: values at or above ``batas_bawah`` get ``label``."""

    model_config = ConfigDict(frozen=True)
    batas_bawah: float
    label: str
    kode: str = ""


class Skala(BaseModel):
    """An ordered lower-bound scale; the last step catches everything below."""

    model_config = ConfigDict(frozen=True)
    nama: str
    sumber: str
    tingkat: tuple[Tingkat, ...] = Field(min_length=1)
    # True: "> batas" (SAKIP predikat); False: ">= batas".
    lebih_besar_tegas: bool = False

    @field_validator("tingkat")
    @classmethod
    def _descending(cls, v: tuple[Tingkat, ...]) -> tuple[Tingkat, ...]:
        bounds = [t.batas_bawah for t in v]
        if bounds != sorted(bounds, reverse=True) or len(set(bounds)) != len(bounds):
            raise ValueError("batas_bawah harus urut menurun dan tidak berulang")
        return v


SKALA_PERMENDAGRI_86 = Skala(
    nama="Permendagri 86/2017",
    sumber="Permendagri Nomor 86 Tahun 2017, skala nilai capaian kinerja",
    tingkat=(
        Tingkat(batas_bawah=91, label="Sangat Tinggi"),
        Tingkat(batas_bawah=76, label="Tinggi"),
        Tingkat(batas_bawah=66, label="Sedang"),
        Tingkat(batas_bawah=51, label="Rendah"),
        Tingkat(batas_bawah=float("-inf"), label="Sangat Rendah"),
    ),
)

# A scale some units print instead ("Tercapai / Melebihi target / Tidak tercapai").
SKALA_KETERCAPAIAN = Skala(
    nama="Ketercapaian target",
    sumber="Skala yang dipakai sebagian laporan (mis. LKjIP Kec. Balikpapan Selatan 2021)",
    tingkat=(
        Tingkat(batas_bawah=100.005, label="Melebihi target"),
        Tingkat(batas_bawah=99.995, label="Tercapai sesuai target"),
        Tingkat(batas_bawah=float("-inf"), label="Tidak tercapai"),
    ),
)

# PermenPANRB 14/2017: mutu pelayanan on the converted 25-100 scale.
SKALA_MUTU_SKM = Skala(
    nama="PermenPANRB 14/2017",
    sumber="PermenPANRB Nomor 14 Tahun 2017, nilai interval konversi IKM",
    tingkat=(
        Tingkat(batas_bawah=88.31, kode="A", label="Sangat Baik"),
        Tingkat(batas_bawah=76.61, kode="B", label="Baik"),
        Tingkat(batas_bawah=65.00, kode="C", label="Kurang Baik"),
        Tingkat(batas_bawah=25.00, kode="D", label="Tidak Baik"),
    ),
)

# PermenPANRB 88/2021: predikat of the AKIP evaluation ("> batas").
SKALA_PREDIKAT_SAKIP = Skala(
    nama="PermenPANRB 88/2021",
    sumber="PermenPANRB Nomor 88 Tahun 2021, predikat nilai evaluasi AKIP",
    lebih_besar_tegas=True,
    tingkat=(
        Tingkat(batas_bawah=90, kode="AA", label="Sangat Memuaskan"),
        Tingkat(batas_bawah=80, kode="A", label="Memuaskan"),
        Tingkat(batas_bawah=70, kode="BB", label="Sangat Baik"),
        Tingkat(batas_bawah=60, kode="B", label="Baik"),
        Tingkat(batas_bawah=50, kode="CC", label="Cukup"),
        Tingkat(batas_bawah=30, kode="C", label="Kurang"),
        Tingkat(batas_bawah=float("-inf"), kode="D", label="Sangat Kurang"),
    ),
)


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
