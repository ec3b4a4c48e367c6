"""Text widths without a renderer: python-pptx cannot measure text and Plotly does not wrap it, so slides and chart
pictures are laid out from Arial's character widths (LibreOffice and kaleido's Chromium draw Arial as the
metric-compatible Liberation Sans; the charts' Source Sans Pro is narrower still). Widths are rounded up, so an
estimate is never narrower than the drawn text (tests/data/test_report.py checks it against the real font)."""

from __future__ import annotations

# Arial's advance widths in em (regular, bold), grouped and rounded up to the widest of each group
_KELAS = (
    (frozenset("ijl.,:;'|!· I"), 0.278, 0.278),
    (frozenset("ftr()-[]/"), 0.334, 0.39),
    (frozenset("mw"), 0.833, 0.889),
    (frozenset("MW%—…"), 1.0, 1.0),
)
CADANGAN = 1.02  # 2% on top of the rounded-up widths


def lebar_em(teks: str, *, bold: bool = False) -> float:
    """The width of ``teks`` in em (multiples of the font size), a little more than Arial's real width."""
    em = 0.0
    for ch in teks:
        for chars, reg, bld in _KELAS:
            if ch in chars:
                em += bld if bold else reg
                break
        else:
            if ch.isupper():
                em += 0.778
            elif ch.isdigit():
                em += 0.556
            else:
                em += 0.611 if bold else 0.556
    return em * CADANGAN


def lebar_teks(teks: str, pt: float, *, bold: bool = False) -> float:
    """The width of ``teks`` at ``pt`` points, in inches."""
    return lebar_em(teks, bold=bold) * pt / 72


def bungkus(teks: str, lebar_em_baris: float, *, bold: bool = False) -> list[str]:
    """``teks`` wrapped at word boundaries into lines at most ``lebar_em_baris`` em wide (a longer word is broken)."""
    lines: list[str] = []
    for paragraf in teks.split("\n"):
        cur = ""
        for kata in paragraf.split(" "):
            while lebar_em(kata, bold=bold) > lebar_em_baris and len(kata) > 1:  # break a word longer than a line
                if cur:
                    lines.append(cur)
                    cur = ""
                n = max(int(len(kata) * lebar_em_baris / lebar_em(kata, bold=bold)), 1)
                lines.append(kata[:n])
                kata = kata[n:]
            coba = f"{cur} {kata}" if cur else kata
            if cur and lebar_em(coba, bold=bold) > lebar_em_baris:
                lines.append(cur)
                cur = kata
            else:
                cur = coba
        lines.append(cur)
    return lines


def baris(teks: str, lebar_inci: float, pt: float, *, bold: bool = False) -> int:
    """Lines ``teks`` takes at ``pt`` points in a line ``lebar_inci`` wide."""
    return len(bungkus(teks, lebar_inci * 72 / pt, bold=bold))
