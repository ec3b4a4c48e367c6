"""The rapat materials from approved values only, the default (issue 16): what an operator imported or typed counts
once its period is approved by the camat (disetujui) or locked by the verifikator (terkunci). A published report's
own values are the approved text already and always count.

``basis_rapat`` gives the materials a database to read: the file itself when the materials are asked to include
values not approved yet, else a private copy of it without the imported rows of periods not approved yet (realisasi and targets per period; SKM, budget and SAKIP per year), with the derived values of the
kecamatan concerned computed again (every such kecamatan, not only the deck's: the benchmark and the comparison
read other kecamatan too). A value left out falls back to what the published report says, if anything, as
every page does when there is no import. The copy is removed afterwards; the database itself is never changed."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from lkjip import laporan
from lkjip.db.derive import refresh_derived
from lkjip.db.repository import Repository
from lkjip.db.skema import lengkapi
from lkjip.db.statements import STATEMENTS
from lkjip.errors import DatabaseError
from lkjip.report.materi import Bagian, bagian_judul, materi

_HAPUS = tuple(nama for nama in STATEMENTS if nama.startswith("hapus_belum_disetujui_"))
_JENIS = {"realisasi": "realisasi", "skm": "SKM", "anggaran": "anggaran", "sakip": "nilai SAKIP"}


@dataclass(frozen=True)
class Basis:
    """The database the materials read, and which imported values it leaves out (or, when they are included, which
    of them are not approved yet): kecamatan, tahun, periode, jenis, status, nilai."""

    repo: Repository
    hanya_disetujui: bool
    belum: pd.DataFrame

    def keterangan(self, kecamatan: str, tahun: int) -> str:
        """The title slide's line on what the numbers are."""
        sini = self.belum[(self.belum["kecamatan"] == kecamatan) & (self.belum["tahun"] <= int(tahun))]
        if sini.empty:
            return "Data: laporan yang terbit dan masukan operator yang sudah disetujui camat."
        daftar = "; ".join(
            f"{_JENIS.get(j, j)} {p} {t} ({s})"
            for t, p, j, s in zip(sini["tahun"], sini["periode"], sini["jenis"], sini["status"], strict=True)
        )
        if self.hanya_disetujui:
            return f"Hanya nilai yang sudah disetujui. Belum disetujui, tidak dimuat: {daftar}."
        return f"Memuat nilai yang BELUM disetujui camat: {daftar}."


@contextmanager
def basis_rapat(db_path: Path, *, hanya_disetujui: bool = True) -> Iterator[Basis]:
    """The database the rapat materials read (see the module's text); closed and, if a copy, removed afterwards."""
    if not hanya_disetujui:
        asal = Repository.open(db_path)
        try:
            yield Basis(asal, False, asal.fetch("belum_disetujui", kecamatan=None))
        finally:
            asal.close()
        return
    with tempfile.TemporaryDirectory(prefix="lkjip-rapat-") as folder:
        salinan = Path(folder) / "disetujui.duckdb"
        try:
            shutil.copyfile(db_path, salinan)  # the file as it is now (a write swaps in a new file, never edits it)
        except OSError as exc:
            raise DatabaseError(
                f"Salinan sementara untuk bahan rapat tidak dapat dibuat di {folder} ({exc.strerror or exc}); "
                "kosongkan ruang folder sementara, atau susun bahan dengan nilai yang belum disetujui."
            ) from exc
        repo = Repository.open(salinan, read_only=False)
        try:
            lengkapi(repo)  # a file of an older version: today's tables first (the copy may be written)
            belum = repo.fetch("belum_disetujui", kecamatan=None)
            if not belum.empty:
                with repo.transaction():
                    for nama in _HAPUS:
                        repo.run(nama)
                    refresh_derived(repo, sorted(set(belum["kecamatan"])))
            yield Basis(repo, True, belum)
        finally:
            repo.close()


def materi_rapat(
    db_path: Path,
    kecamatan: str,
    tahun: int,
    *,
    banding: list[str] | None = None,
    hanya_disetujui: bool = True,
    progress: Callable[[float, str], None] | None = None,
) -> list[Bagian]:
    """lkjip.report.materi.materi from approved values only (the default) or from every value, saying which on the
    title slide."""
    with basis_rapat(db_path, hanya_disetujui=hanya_disetujui) as basis:
        keterangan = basis.keterangan(kecamatan, tahun)
        if int(tahun) not in laporan.daftar_tahun(basis.repo, kecamatan):  # every value of the year awaits approval
            return [
                *bagian_judul(basis.repo, kecamatan, tahun, keterangan),
                Bagian(
                    judul=f"Belum ada nilai {tahun} yang disetujui",
                    poin=[
                        f"Semua nilai {kecamatan} tahun {tahun} adalah masukan operator yang belum disetujui camat.",
                        "Ajukan dan setujui periodenya di halaman Persetujuan, atau susun bahan dengan nilai yang "
                        "belum disetujui (sakelar di Bahan Rapat; --termasuk-belum-disetujui di baris perintah).",
                    ],
                ),
            ]
        return materi(
            basis.repo,
            kecamatan,
            tahun,
            banding=banding,
            progress=progress,
            keterangan=keterangan,
        )
