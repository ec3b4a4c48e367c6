"""The Entri Triwulan form in a real browser, for the tests that type into it (Glide data grid draws on a canvas:
cells are reached by position and read through its accessible table)."""

from __future__ import annotations

from tests.peramban import wait_idle


def idle(page) -> None:  # type: ignore[no-untyped-def]
    assert wait_idle(page, 60), "aplikasi tidak selesai berjalan"


def teks(page) -> str:  # type: ignore[no-untyped-def]
    """The main area's text as read (the joiner that keeps data from linking removed)."""
    return page.locator('[data-testid="stMain"]').inner_text().replace("\u2060", "")


def tabel(page, n: int = 0) -> list[list[str]]:  # type: ignore[no-untyped-def]
    """The cells of the n-th table on the page as shown."""
    rows = page.locator('[data-testid="stDataFrame"]').nth(n).locator("table tbody tr")
    return [[c.inner_text().strip() for c in r.locator("td").all()] for r in rows.all()]


def grid(page):  # type: ignore[no-untyped-def]
    """The form's grid (the page may show other tables before it, such as the period's approval history)."""
    kode = page.locator('[role="columnheader"]', has_text="Kode indikator")
    return page.locator('[data-testid="stDataFrame"]').filter(has=kode).first


def isian(page) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """The realisasi column of the form as the grid shows it, per indicator code."""
    grid_ = grid(page)
    head = [h.inner_text().strip() for h in grid_.locator('[role="columnheader"]').all()]
    kode = head.index("Kode indikator")
    isi = next(i for i, h in enumerate(head) if h.startswith("Realisasi"))
    rows = grid_.locator("table tbody tr")
    return {
        cells[kode]: cells[isi]
        for cells in ([c.inner_text().strip() for c in r.locator("td").all()] for r in rows.all())
    }


def ketik(page, row: int, text: str) -> None:  # type: ignore[no-untyped-def]
    """Type into the realisasi cell (the column right after the name) of ``row``: click the name, step right, Enter
    opens its editor, type, Enter commits; waits for the preview."""
    box = grid(page).bounding_box()
    header = row_height = 35  # Streamlit's default row height, the header row included
    page.mouse.click(box["x"] + 40, box["y"] + header + row_height * row + row_height / 2)
    page.wait_for_timeout(300)  # the grid takes the focus before the key (a key right after the click got lost)
    page.keyboard.press("ArrowRight")
    page.wait_for_timeout(100)
    page.keyboard.press("Enter")
    editor = page.locator("textarea.gdg-input:not([disabled])").first
    editor.wait_for(timeout=10_000)
    editor.fill(text)
    page.keyboard.press("Enter")
    page.get_by_text("Pratinjau", exact=True).wait_for(timeout=30_000)
    idle(page)
