"""Settings in one place, validated when first read.

The database path comes from ``LKJIP_DB`` (default ``data/lkjip.duckdb`` in the
repository).  The capaian category scale defaults to Permendagri 86/2017; a YAML
file named by ``LKJIP_CONFIG`` may replace it (and the other scales), e.g.::

    skala_capaian:
      - {batas_bawah: 100, label: "Tercapai"}
      - {batas_bawah: 0, label: "Tidak tercapai"}
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from lkjip.errors import ConfigError

REPO_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = REPO_ROOT / "data"
DEFAULT_DB = DATA_DIR / "lkjip.duckdb"


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


class Settings(BaseModel):
    model_config = ConfigDict(frozen=True)
    db_path: Path = DEFAULT_DB
    data_dir: Path = DATA_DIR
    skala_capaian: Skala = SKALA_PERMENDAGRI_86
    # Scales a report may print instead; a printed label is checked against the scale it belongs to.
    skala_capaian_lain: tuple[Skala, ...] = (SKALA_KETERCAPAIAN,)
    skala_mutu: Skala = SKALA_MUTU_SKM
    skala_predikat: Skala = SKALA_PREDIKAT_SAKIP
    # Formula for lower-is-better indicators that do not name their own.
    formula_turun_default: str = "turun_selisih"
    # Tolerance (percentage points / index points) before a reported value
    # counts as different from the recomputed one: reports round to 2 decimals.
    toleransi: float = 0.015


def _load_overrides(path: Path) -> dict:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"Berkas konfigurasi {path} tidak dapat dibaca: {exc}") from exc
    if not isinstance(raw, dict):
        raise ConfigError(f"Berkas konfigurasi {path} harus berisi pemetaan YAML.")
    out: dict = {}
    for key in ("skala_capaian", "skala_mutu", "skala_predikat"):
        if key in raw:
            out[key] = {"nama": f"{key} ({path.name})", "sumber": str(path), "tingkat": raw[key]}
    for key in ("formula_turun_default", "toleransi"):
        if key in raw:
            out[key] = raw[key]
    return out


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Settings from the environment; raises ConfigError (in Indonesian) when invalid."""
    values: dict = {}
    if db := os.environ.get("LKJIP_DB"):
        values["db_path"] = Path(db)
    if cfg := os.environ.get("LKJIP_CONFIG"):
        values.update(_load_overrides(Path(cfg)))
    try:
        settings = Settings(**values)
    except ValidationError as exc:
        raise ConfigError(f"Pengaturan tidak valid: {exc}") from exc
    from lkjip.calc.capaian import FORMULAS  # local: calc imports config

    if settings.formula_turun_default not in FORMULAS:
        raise ConfigError(
            f"formula_turun_default '{settings.formula_turun_default}' tidak dikenal; "
            f"pilihan: {', '.join(sorted(FORMULAS))}."
        )
    return settings
