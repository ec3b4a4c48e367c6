"""Settings in one place, validated when first read: which of the legal scales and formulas (lkjip.calc) apply.

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
from pydantic import BaseModel, ConfigDict, ValidationError

from lkjip.calc.capaian import FORMULAS
from lkjip.calc.skala import (
    SKALA_KETERCAPAIAN,
    SKALA_MUTU_SKM,
    SKALA_PERMENDAGRI_86,
    SKALA_PREDIKAT_SAKIP,
    Skala,
)
from lkjip.errors import ConfigError

REPO_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = REPO_ROOT / "data"
DEFAULT_DB = DATA_DIR / "lkjip.duckdb"


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
    if settings.formula_turun_default not in FORMULAS:
        raise ConfigError(
            f"formula_turun_default '{settings.formula_turun_default}' tidak dikenal; "
            f"pilihan: {', '.join(sorted(FORMULAS))}."
        )
    return settings
