"""The result of a rule: a value, or the reason it could not be computed."""

from __future__ import annotations

import math
from dataclasses import dataclass

from lkjip.missing import is_missing


@dataclass(frozen=True)
class Hasil:
    nilai: float | None
    alasan: str | None = None
    label: str | None = None

    @property
    def ada(self) -> bool:
        return self.nilai is not None or self.label is not None

    @classmethod
    def gagal(cls, alasan: str) -> Hasil:
        return cls(None, alasan)


def as_float(x: object) -> float:
    """None/NaN -> NaN, numbers -> float (for feeding the array rules)."""
    return math.nan if is_missing(x) else float(x)  # type: ignore[arg-type]
