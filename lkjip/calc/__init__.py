"""Pure domain rules: no I/O, no Streamlit, no SQL.

Each rule has one implementation that works on numpy arrays (used when the
database is built, for every row at once) and a scalar wrapper for single
values.  A value that cannot be computed is ``None``/NaN together with a reason
in Bahasa Indonesia: never a crash and never a silent 0.
"""

from lkjip.calc.hasil import Hasil

__all__ = ["Hasil"]
