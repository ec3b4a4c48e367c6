"""Settings in one place, validated when first read: which of the legal scales and formulas (lkjip.calc) apply.

The database path comes from ``LKJIP_DB`` (default ``data/lkjip.duckdb`` in the
repository).  The capaian category scale defaults to Permendagri 86/2017; a YAML
file named by ``LKJIP_CONFIG`` may replace it (and the other scales), e.g.::

    skala_capaian:
      - {batas_bawah: 100, label: "Tercapai"}
      - {batas_bawah: 0, label: "Tidak tercapai"}
    tenggat:                 # deadlines per period, (month, day); merged over the defaults
      TW1: [4, 10]
"""

from __future__ import annotations

import os
import tempfile
from datetime import date
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from lkjip.calc.capaian import FORMULAS
from lkjip.calc.periode import PERIODE
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

# The deadline of each period's report, (month, day), on the Status Pengisian page. A deadline on or before the
# period's own last day falls in the year after (TW4 and Tahunan: January and March of the next year). The defaults are
# a choice, not one regulation's rule: Tahunan follows Perpres 29/2014 (SAKIP), which asks for the LKjIP within three
# months after the year (31 March); for the quarters we chose the fifteenth of the month after the quarter (no
# national rule sets a quarterly date; a kab/kota sets its own). A deployment sets its own in LKJIP_CONFIG
# (``tenggat``); S1 and S2 have no default deadline.
TENGGAT_BAWAAN: dict[str, tuple[int, int]] = {
    "TW1": (4, 15),
    "TW2": (7, 15),
    "TW3": (10, 15),
    "TW4": (1, 15),
    "Tahunan": (3, 31),
}


class UrlPostgres(str):
    """A PostgreSQL URL where a database file's path would go (issue 18): the writes of lkjip.db.tukar go to
    PostgreSQL instead of a file copy. A str, not a Path: Path would fold the '//' of 'postgresql://'."""

    __slots__ = ()

    @classmethod
    def dari(cls, teks: str) -> UrlPostgres | None:
        return cls(teks) if teks.startswith(("postgresql://", "postgres://")) else None


class Settings(BaseModel):
    model_config = ConfigDict(frozen=True)
    db_path: Path = DEFAULT_DB
    # LKJIP_DB=postgresql://...: PostgreSQL is the system of record and db_path this process's own read model
    # (LKJIP_MODEL, default a file per process in the temporary folder), built at start and kept current
    db_url: str | None = None
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
    # period -> (month, day) of its deadline (TENGGAT_BAWAAN); a period without one has no deadline
    tenggat: dict[str, tuple[int, int]] = TENGGAT_BAWAAN

    @field_validator("tenggat")
    @classmethod
    def _tenggat_sah(cls, v: dict[str, tuple[int, int]]) -> dict[str, tuple[int, int]]:
        for periode, (bulan, hari) in v.items():
            if periode not in PERIODE:
                raise ValueError(f"tenggat: periode '{periode}' tidak dikenal; pilihan: {', '.join(PERIODE)}")
            try:
                date(2001, bulan, hari)  # not a leap year: a deadline must exist every year
            except ValueError:
                raise ValueError(f"tenggat {periode}: bulan {bulan}, tanggal {hari} bukan tanggal yang sah") from None
        return v


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
    if "tenggat" in raw:  # per period over the defaults: a file may change one deadline only
        if not isinstance(raw["tenggat"], dict):
            raise ConfigError(f"Berkas konfigurasi {path}: tenggat harus berisi pemetaan periode -> [bulan, tanggal].")
        out["tenggat"] = {**TENGGAT_BAWAAN, **raw["tenggat"]}
    return out


def tulis_ke(settings: Settings | None = None) -> Path | UrlPostgres:
    """Where writes go: PostgreSQL when LKJIP_DB names it, else the database file."""
    settings = settings or get_settings()
    return UrlPostgres(settings.db_url) if settings.db_url else settings.db_path


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Settings from the environment; raises ConfigError (in Indonesian) when invalid."""
    values: dict = {}
    if db := os.environ.get("LKJIP_DB"):
        if UrlPostgres.dari(db):
            values["db_url"] = db
            values["db_path"] = Path(
                os.environ.get("LKJIP_MODEL") or Path(tempfile.gettempdir()) / f"lkjip-model-{os.getpid()}.duckdb"
            )
        else:
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
