"""What the pages ask for: one function per page section, each returning a DataFrame
from the public views (no Streamlit here)."""

from __future__ import annotations

import pandas as pd

from lkjip.calc.trajectory import perubahan_tahunan
from lkjip.db.repository import Repository


def daftar_kecamatan(repo: Repository) -> pd.DataFrame:
    return repo.fetch("kecamatan_list")


def daftar_tahun(repo: Repository, kecamatan: str) -> list[int]:
    return [int(t) for t in repo.fetch("tahun_list", kecamatan=kecamatan)["tahun"]]


def capaian_tahunan(repo: Repository, kecamatan: str, tahun: int) -> pd.DataFrame:
    """Yearly capaian of every indicator, with the change from the previous year's realisasi."""
    now = repo.fetch("capaian", kecamatan=kecamatan, tahun=tahun)
    now = now[now["periode"] == "Tahunan"].reset_index(drop=True)
    before = repo.fetch("capaian", kecamatan=kecamatan, tahun=tahun - 1)
    prev = dict(
        zip(
            before.loc[before["periode"] == "Tahunan", "indikator_id"],
            before.loc[before["periode"] == "Tahunan", "realisasi"],
            strict=True,
        )
    )
    change = [perubahan_tahunan(prev.get(i), r) for i, r in zip(now["indikator_id"], now["realisasi"], strict=True)]
    now["realisasi_tahun_lalu"] = [prev.get(i) for i in now["indikator_id"]]
    now["perubahan_persen"] = [c.nilai for c in change]
    return now


def temuan(repo: Repository, kecamatan: str | None = None) -> pd.DataFrame:
    df = repo.fetch("temuan")
    return df if kecamatan is None else df[df["kecamatan"] == kecamatan].reset_index(drop=True)
