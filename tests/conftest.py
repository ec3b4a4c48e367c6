"""Shared fixtures: a fresh database built from data/ (text) in a temporary folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from lkjip.build import build
from lkjip.config import DATA_DIR
from lkjip.db.repository import Repository


@pytest.fixture(scope="session")
def built_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("db") / "lkjip.duckdb"
    build(path, DATA_DIR)
    return path


@pytest.fixture
def repo(built_db: Path):
    r = Repository.open(built_db, read_only=True)
    yield r
    r.close()


@pytest.fixture(scope="session")
def synthetic_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """50 synthetic kecamatan, 2017–2026 (issue 7's small size for the regular suite)."""
    from lkjip.db.synth import build_synthetic

    return build_synthetic(tmp_path_factory.mktemp("sintetis") / "sintetis.duckdb", 50, 2017, 2026, seed=1).db_path
