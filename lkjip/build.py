"""Build the database from data/: a new file, swapped in atomically.

The running app keeps reading the old file until it reconnects, and a failed
build leaves the existing database exactly as it was. A rebuild drops what was
imported or entered (and the change log and the workflow's states with it) but
keeps the registered users (``pengguna``): a rebuild never locks an organisation
out of its own dashboard.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from lkjip.config import REPO_ROOT
from lkjip.db.derive import refresh_derived
from lkjip.db.pengguna import salin_pengguna
from lkjip.db.repository import Repository
from lkjip.db.tukar import tulis_lalu_tukar
from lkjip.io.sumber import load_source

LOAD_ORDER = (
    "kab_kota",
    "kecamatan",
    "dokumen",
    "kelurahan",
    "sasaran",
    "indikator",
    "target",
    "realisasi",
    "capaian_laporan",
    "skm",
    "skm_unsur",
    "anggaran",
    "anggaran_kas",
    "efisiensi_laporan",
    "evaluasi_sakip",
    "pembanding",
    "data_pendukung",
    "faktor",
)


@dataclass(frozen=True)
class BuildResult:
    db_path: Path
    rows: dict[str, int]
    temuan: int


def _inputs(data_dir: Path) -> list[Path]:
    files = [p for p in data_dir.rglob("*") if p.suffix in {".csv", ".yaml", ".yml"}]
    code = [p for p in (REPO_ROOT / "lkjip").rglob("*") if p.suffix in {".py", ".sql"}]
    return files + code


def is_stale(db_path: Path, data_dir: Path) -> bool:
    """True when the database is missing or older than any source file or the code that derives it."""
    if not db_path.exists():
        return True
    built = db_path.stat().st_mtime
    return any(p.stat().st_mtime > built for p in _inputs(data_dir))


def build(db_path: Path, data_dir: Path) -> BuildResult:
    source = load_source(data_dir)  # validates everything before any file is touched

    def isi(repo: Repository) -> tuple[dict[str, int], int]:
        repo.create_schema()
        with repo.transaction():
            for table in LOAD_ORDER:
                repo.insert_df(table, source.tables[table])
            salin_pengguna(db_path, repo)  # under the write lock: the old file's users, as they are now
            refresh_derived(repo)
        return {t: repo.jumlah_baris(t) for t in LOAD_ORDER}, repo.jumlah_baris("hitung_temuan")

    rows, found = tulis_lalu_tukar(db_path, isi, dari_awal=True)
    return BuildResult(db_path, rows, found)
