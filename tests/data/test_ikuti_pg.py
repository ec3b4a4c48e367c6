"""A read model following PostgreSQL's change sequence (issue 18, lkjip.pg.ikuti): what a replica holds after a
catch-up is what a model built afresh holds; a replica that was away catches up; one killed during a catch-up
resumes; one too far behind is rebuilt.

A real PostgreSQL server (tests/conftest.pg_server): skipped loudly without one, a failure under CI=true.
"""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest

from lkjip.akses import Pengguna
from lkjip.config import UrlPostgres
from lkjip.db.pengguna import tambah_pengguna
from lkjip.db.repository import Repository
from lkjip.db.status import ajukan
from lkjip.io.impor import terapkan
from lkjip.pg import ikuti
from lkjip.pg.salin import ke_postgres, model_baca, periksa
from tests.conftest import ADMIN, OPERATOR_BB, OPERATOR_KB, rencana_realisasi


@pytest.fixture
def pg(built_db: Path, tmp_path: Path, pg_url: str) -> tuple[UrlPostgres, Path]:
    """PostgreSQL with the test data and two operators, and a replica's read model built from it."""
    berkas = tmp_path / "asal.duckdb"
    shutil.copy(built_db, berkas)
    ke_postgres(berkas, pg_url)
    url = UrlPostgres(pg_url)
    for p in (OPERATOR_BB, OPERATOR_KB):
        tambah_pengguna(url, p, oleh=ADMIN)
    model = tmp_path / "replika.duckdb"
    model_baca(url, model)
    return url, model


def _tulis(url: UrlPostgres, model: Path, kec: str, ind: str, periode: str, nilai: str, siapa: Pengguna) -> None:
    terapkan(
        url, rencana_realisasi(model, [[kec, ind, 2025, periode, nilai]], nama=f"{ind}{periode}.xlsx"), pengguna=siapa
    )


def _sama_dengan_baru(url: str, model: Path, tmp_path: Path) -> dict:
    segar = tmp_path / "segar.duckdb"
    model_baca(url, segar)
    return {k: v for k, v in periksa(model, segar).items() if v != (0, 0)}


def test_a_catch_up_gives_what_a_fresh_model_gives(pg, tmp_path: Path):
    url, model = pg
    _tulis(url, model, "Bontang Barat", "BB-IKU1", "TW2", "93,5", OPERATOR_BB)
    ajukan(url, "Bontang Barat", 2025, "TW2", pengguna=OPERATOR_BB)
    repo = Repository.open(model, read_only=False)
    try:
        hasil = ikuti.ikuti_sekali(url, repo)
        assert hasil is not None and hasil.kecamatan == ("Bontang Barat",)
        assert "audit_log" in hasil.bersama
        assert ikuti.ikuti_sekali(url, repo) is None  # nothing more
        capaian = repo.fetch_view("v_capaian")
    finally:
        repo.close()
    baris = capaian[(capaian["indikator_id"] == "BB-IKU1") & (capaian["tahun"] == 2025) & (capaian["periode"] == "TW2")]
    assert list(baris["realisasi"]) == [93.5]  # the derived view, recomputed for that kecamatan
    assert _sama_dengan_baru(url, model, tmp_path) == {}


def test_a_replica_that_was_away_catches_up_on_every_change(pg, tmp_path: Path):
    url, model = pg
    _tulis(url, model, "Bontang Barat", "BB-IKU1", "TW3", "81", OPERATOR_BB)
    _tulis(url, model, "Kota Bangun", "KB-IKU1", "TW3", "77", OPERATOR_KB)
    _tulis(url, model, "Bontang Barat", "BB-IKU2", "TW3", "12", OPERATOR_BB)
    repo = Repository.open(model, read_only=False)
    try:
        hasil = ikuti.ikuti_sekali(url, repo)
        assert hasil is not None and hasil.sampai - hasil.dari == 3
        assert set(hasil.kecamatan) == {"Bontang Barat", "Kota Bangun"}
    finally:
        repo.close()
    assert _sama_dengan_baru(url, model, tmp_path) == {}


def test_a_replica_killed_during_a_catch_up_resumes(pg, tmp_path: Path, monkeypatch):
    url, model = pg
    _tulis(url, model, "Bontang Barat", "BB-IKU1", "TW4", "70", OPERATOR_BB)
    repo = Repository.open(model, read_only=False)
    try:
        sebelum = ikuti.posisi(repo)

        def mati(*args, **kwargs):  # type: ignore[no-untyped-def]
            raise KeyboardInterrupt  # the process stopped between the rows and the derived values

        monkeypatch.setattr(ikuti, "refresh_derived", mati)
        with pytest.raises(KeyboardInterrupt):
            ikuti.ikuti_sekali(url, repo)
        assert ikuti.posisi(repo) == sebelum  # nothing of it kept
        monkeypatch.undo()
        assert ikuti.ikuti_sekali(url, repo) is not None
    finally:
        repo.close()
    assert _sama_dengan_baru(url, model, tmp_path) == {}


# a replica process in the middle of a catch-up: every row replaced, its position not recorded yet, the transaction
# open; it says so through a file and waits to be killed
_REPLIKA_TERHENTI = """
import sys, time
from pathlib import Path
from lkjip.db.repository import Repository
from lkjip.pg import ikuti

url, model, tanda = sys.argv[1:]
asli = Repository.run

def run(self, name, **params):
    if name == "model_simpan_posisi":
        Path(tanda).touch()
        time.sleep(600)
    return asli(self, name, **params)

Repository.run = run
ikuti.ikuti_sekali(url, Repository.open(Path(model), read_only=False))
"""


def test_a_replica_process_killed_in_the_middle_of_a_catch_up_resumes(pg, tmp_path: Path):
    """A real kill (SIGKILL, no cleanup) of a process inside the model's catch-up transaction: the file reopens at
    its old position with none of the catch-up's rows, and the next catch-up gives what a fresh model gives."""
    import signal
    import subprocess
    import sys
    import time

    from lkjip.config import REPO_ROOT

    url, model = pg
    _tulis(url, model, "Bontang Barat", "BB-IKU1", "TW4", "71", OPERATOR_BB)
    repo = Repository.open(model)
    try:
        sebelum, capaian_sebelum = ikuti.posisi(repo), repo.fetch_view("v_capaian")
    finally:
        repo.close()
    tanda = tmp_path / "di-tengah"
    anak = subprocess.Popen([sys.executable, "-c", _REPLIKA_TERHENTI, url, str(model), str(tanda)], cwd=REPO_ROOT)
    try:
        batas = time.monotonic() + 120
        while not tanda.exists():
            assert anak.poll() is None, "proses replika berhenti sebelum sampai di tengah susulan"
            assert time.monotonic() < batas, "proses replika tidak sampai di tengah susulan"
            time.sleep(0.1)
    finally:
        anak.send_signal(signal.SIGKILL)
        anak.wait(timeout=30)
    repo = Repository.open(model, read_only=False)
    try:
        assert ikuti.posisi(repo) == sebelum
        assert repo.fetch_view("v_capaian").equals(capaian_sebelum)  # none of the killed catch-up's rows
        hasil = ikuti.ikuti_sekali(url, repo)
        assert hasil is not None and hasil.kecamatan == ("Bontang Barat",)
        assert not repo.fetch_view("v_capaian").equals(capaian_sebelum)  # the write is in now
    finally:
        repo.close()
    assert _sama_dengan_baru(url, model, tmp_path) == {}


def test_a_replica_too_far_behind_is_rebuilt(pg, tmp_path: Path, monkeypatch):
    url, model = pg
    _tulis(url, model, "Bontang Barat", "BB-IKU1", "TW1", "60", OPERATOR_BB)
    _tulis(url, model, "Bontang Barat", "BB-IKU2", "TW1", "61", OPERATOR_BB)
    monkeypatch.setattr(ikuti, "BATAS_TERTINGGAL", 1)
    repo = Repository.open(model, read_only=False)
    try:
        with pytest.raises(ikuti.TertinggalJauh, match="tertinggal 2 perubahan"):
            ikuti.ikuti_sekali(url, repo, batas=1)
    finally:
        repo.close()
    hasil = ikuti.perbarui(url, model, lambda: Repository.open(model, read_only=False), batas=1)
    assert hasil is not None and hasil.bersama == ("semua",)
    assert _sama_dengan_baru(url, model, tmp_path) == {}


def test_a_running_replica_far_behind_applies_the_changes_in_parts(pg, tmp_path: Path):
    """A running replica cannot swap its file under its sessions: more changes waiting than the limit are applied
    that many at a time, each part moving the position, and the end is what a fresh model gives."""
    url, model = pg
    _tulis(url, model, "Bontang Barat", "BB-IKU1", "TW1", "50", OPERATOR_BB)
    _tulis(url, model, "Kota Bangun", "KB-IKU1", "TW1", "51", OPERATOR_KB)
    _tulis(url, model, "Bontang Barat", "BB-IKU2", "TW1", "52", OPERATOR_BB)
    repo = Repository.open(model, read_only=False)
    try:
        with pytest.raises(ikuti.TertinggalJauh):
            ikuti.ikuti_sekali(url, repo, batas=2)
        bagian = [ikuti.ikuti_sekali(url, repo, batas=2, sebagian=True) for _ in range(3)]
    finally:
        repo.close()
    assert bagian[0] is not None and bagian[1] is not None and bagian[2] is None
    assert set(bagian[0].kecamatan) == {"Bontang Barat", "Kota Bangun"} and bagian[1].kecamatan == ("Bontang Barat",)
    assert bagian[1].dari == bagian[0].sampai
    assert _sama_dengan_baru(url, model, tmp_path) == {}


def test_a_follower_applies_a_write_made_elsewhere_without_being_asked(pg, tmp_path: Path):
    """LISTEN/NOTIFY: the follower thread of one replica applies a write another replica committed."""
    url, model = pg
    lain = tmp_path / "replika-lain.duckdb"  # the other replica, whose operator writes
    shutil.copy(model, lain)
    repo = Repository.open(model, read_only=False)
    berhenti = threading.Event()
    tiba: list[ikuti.Diikuti] = []
    sampai = threading.Event()

    def setelah(h: ikuti.Diikuti) -> None:
        tiba.append(h)
        sampai.set()

    benang = threading.Thread(target=ikuti.jalankan, args=(url, repo.cursor(), berhenti), kwargs={"setelah": setelah})
    benang.start()
    try:
        _tulis(url, lain, "Kota Bangun", "KB-IKU2", "TW2", "55", OPERATOR_KB)
        assert sampai.wait(timeout=30), "perubahan tidak pernah sampai ke replika"
    finally:
        berhenti.set()
        benang.join(timeout=30)
        repo.close()
    assert tiba[0].kecamatan == ("Kota Bangun",)
    assert _sama_dengan_baru(url, model, tmp_path) == {}


def test_two_replicas_following_while_four_writers_save_lose_nothing(pg, tmp_path: Path):
    """Two replicas' followers running (LISTEN/NOTIFY) while four writers save at once, two per kecamatan: every
    save reported done is in PostgreSQL, and both replicas end with what a fresh model gives."""
    import time

    url, model = pg
    rencana_dari = tmp_path / "rencana.duckdb"  # the writers plan from a copy: the followers hold the models open
    shutil.copy(model, rencana_dari)
    kedua = tmp_path / "replika2.duckdb"
    shutil.copy(model, kedua)
    replika = [Repository.open(m, read_only=False) for m in (model, kedua)]
    berhenti = threading.Event()
    pengikut = [threading.Thread(target=ikuti.jalankan, args=(url, r.cursor(), berhenti)) for r in replika]
    for b in pengikut:
        b.start()
    disimpan: list[tuple[str, str, float]] = []
    galat: list[BaseException] = []
    mulai = threading.Barrier(4)

    def penulis(kec: str, siapa: Pengguna, indikator: tuple[str, str]) -> None:
        mulai.wait()
        for periode in ("TW1", "TW2", "TW3"):
            for ind in indikator:
                nilai = 60 + len(disimpan) + 0.5
                try:
                    _tulis(url, rencana_dari, kec, ind, periode, f"{nilai}".replace(".", ","), siapa)
                except BaseException as exc:  # noqa: BLE001 - shown by the assertion
                    galat.append(exc)
                else:
                    disimpan.append((ind, periode, nilai))

    kerja = [
        threading.Thread(target=penulis, args=("Bontang Barat", OPERATOR_BB, ("BB-IKU1", "BB-IKU2"))),
        threading.Thread(target=penulis, args=("Bontang Barat", OPERATOR_BB, ("BB-IKU3", "BB-IKU4"))),
        threading.Thread(target=penulis, args=("Kota Bangun", OPERATOR_KB, ("KB-IKU1", "KB-IKU2"))),
        threading.Thread(target=penulis, args=("Kota Bangun", OPERATOR_KB, ("KB-IKU3", "KB-IKU4"))),
    ]
    try:
        for b in kerja:
            b.start()
        for b in kerja:
            b.join(timeout=300)
        assert galat == [] and len(disimpan) == 24
        import psycopg

        with psycopg.connect(url) as con:
            akhir = int(con.execute("SELECT max(id) FROM perubahan").fetchone()[0])
            ada = set(
                con.execute(
                    "SELECT indikator_id, periode, nilai FROM realisasi WHERE tahun = 2025 AND sumber_dokumen LIKE "
                    "'%%TW%%.xlsx'"
                ).fetchall()
            )
        assert set(disimpan) <= ada, set(disimpan) - ada  # nothing lost
        batas = time.monotonic() + 60
        while any(ikuti.posisi(r.cursor()) < akhir for r in replika):
            assert time.monotonic() < batas, "replika tidak pernah menyusul"
            time.sleep(0.2)
    finally:
        berhenti.set()
        for b in pengikut:
            b.join(timeout=30)
        for r in replika:
            r.close()
    assert _sama_dengan_baru(url, model, tmp_path) == {}
    assert _sama_dengan_baru(url, kedua, tmp_path) == {}
