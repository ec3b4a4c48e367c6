import subprocess
import sys

from lkjip.config import REPO_ROOT


def test_core_never_imports_streamlit():
    code = (
        "import sys, lkjip, lkjip.laporan, lkjip.db.build, lkjip.db.derive, lkjip.calc.checks, lkjip.charts.capaian;"
        "import lkjip.__main__;"
        "sys.exit(1 if any(m == 'streamlit' or m.startswith('streamlit.') for m in sys.modules) else 0)"
    )
    assert subprocess.run([sys.executable, "-c", code], cwd=REPO_ROOT).returncode == 0


def test_pages_hold_no_sql():
    for page in (REPO_ROOT / "pages").glob("*.py"):
        text = page.read_text(encoding="utf-8").upper()
        for word in ("SELECT ", "INSERT ", "IMPORT DUCKDB", ".EXECUTE("):
            assert word not in text, f"{page.name} berisi {word.strip()}"
