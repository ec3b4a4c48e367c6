import subprocess
import sys

from lkjip.config import REPO_ROOT


def test_core_never_imports_streamlit():
    code = (
        "import sys, lkjip, lkjip.laporan, lkjip.build, lkjip.db.derive, lkjip.calc.checks, lkjip.charts.capaian;"
        "import lkjip.__main__;"
        "sys.exit(1 if any(m == 'streamlit' or m.startswith('streamlit.') for m in sys.modules) else 0)"
    )
    assert subprocess.run([sys.executable, "-c", code], cwd=REPO_ROOT).returncode == 0


def test_pages_hold_no_sql():
    for page in (REPO_ROOT / "pages").glob("*.py"):
        text = page.read_text(encoding="utf-8").upper()
        for word in ("SELECT ", "INSERT ", "IMPORT DUCKDB", ".EXECUTE("):
            assert word not in text, f"{page.name} berisi {word.strip()}"


# The floors of the house, lowest first. A room imports only from floors below its own: stairs that go one way,
# so no loop can form and a change on a floor never reaches the floors below it. Rooms on one floor stand side by
# side and do not import each other. pages/ and app.py stand above all of lkjip, which never imports them.
FLOORS: tuple[tuple[str, ...], ...] = (
    ("errors", "missing"),  # ground: what every floor may use
    ("format", "akses"),  # Indonesian display formats; who may do what (roles and scopes, pure)
    ("calc",),  # pure domain rules and the legal scales and formulas
    ("config",),  # which scales and formulas apply, the database path
    ("db", "charts"),  # DuckDB access (schema, named queries, the one SQL path); pure chart builders
    ("io", "laporan", "pg"),  # import/export of files; what the pages ask for; PostgreSQL and the copies to it
    ("build",),  # the database built from data/ (reads through io, writes through db)
    ("report",),  # deck and PDF
    ("__main__", "depan"),  # the command line; the production front (nginx and replicas, python -m lkjip.depan)
)


def _imports() -> set[tuple[str, str, str]]:
    """(file, room, room it imports from) for every import of lkjip inside lkjip, read from the code's ``ast``."""
    import ast

    def room(module: str, name: str | None = None) -> str | None:
        parts = module.split(".")
        if parts[0] != "lkjip":
            return None
        return parts[1] if len(parts) > 1 else name

    found = set()
    for path in (REPO_ROOT / "lkjip").rglob("*.py"):
        rel = path.relative_to(REPO_ROOT / "lkjip")
        own = rel.parts[0].removesuffix(".py")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                targets = [room(node.module, a.name) for a in node.names]
            elif isinstance(node, ast.Import):
                targets = [room(a.name) for a in node.names]
            else:
                continue
            found |= {(str(rel), own, t) for t in targets if t and t != own}
    return found


def test_every_import_goes_down_the_stairs():
    floor = {r: i for i, rooms in enumerate(FLOORS) for r in rooms}
    rooms = {
        p.stem
        for p in (REPO_ROOT / "lkjip").iterdir()
        if (p.suffix == ".py" or p.is_dir()) and p.name not in ("__init__.py", "__pycache__")
    }
    assert rooms <= set(floor), f"ruang tanpa lantai: {sorted(rooms - set(floor))}"
    naik = sorted(f"{f}: {a} -> {b}" for f, a, b in _imports() if floor[b] >= floor[a])
    assert naik == [], "impor ke lantai yang sama atau lebih tinggi:\n" + "\n".join(naik)


def test_the_stairs_test_sees_an_import_that_goes_up(tmp_path, monkeypatch):
    """The guard can fail: a calc module importing db is seen."""
    import lkjip.config as config

    fake = tmp_path / "lkjip"
    (fake / "calc").mkdir(parents=True)
    (fake / "calc" / "x.py").write_text("from lkjip.db.repository import Repository\n", encoding="utf-8")
    monkeypatch.setattr(config, "REPO_ROOT", tmp_path)
    monkeypatch.setitem(globals(), "REPO_ROOT", tmp_path)
    assert ("calc/x.py", "calc", "db") in _imports()


def test_one_path_for_sql():
    """Only the Repository holds a DuckDB connection: every read and write, derive, synth and backup included, goes
    through its named queries and statements (the seam where driver errors become ours and a second engine plugs
    in)."""
    pintu = []
    for path in (REPO_ROOT / "lkjip").rglob("*.py"):
        if path.name == "repository.py":
            continue
        text = path.read_text(encoding="utf-8")
        for word in ("import duckdb", ".con.", ".con)", "duckdb.connect"):
            if word in text:
                pintu.append(f"{path.relative_to(REPO_ROOT)}: {word}")
    assert pintu == [], "SQL di luar Repository:\n" + "\n".join(pintu)
