"""What counts as an empty value, for every floor of the house (the ground floor: it imports nothing of lkjip)."""

from __future__ import annotations

import math


def is_missing(x: object) -> bool:
    """None, NaN, and pandas' own missing markers (pd.NA of nullable columns, NaT), without importing pandas."""
    if x is None:
        return True
    if isinstance(x, float):
        return math.isnan(x)
    return type(x).__name__ in ("NAType", "NaTType")
