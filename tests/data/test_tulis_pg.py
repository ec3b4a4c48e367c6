"""Writes on the PostgreSQL back end (issue 18): the same write functions as on a DuckDB file (lkjip.db.tukar's
``isi``), run on a scratch of the kecamatan and applied to PostgreSQL in one transaction (lkjip.db.tulis_pg).

A real PostgreSQL server (tests/conftest.pg_server): skipped loudly without one, a failure under CI=true.
"""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import psycopg
import pytest

from lkjip.config import UrlPostgres
from lkjip.db.catatan import tambah_catatan
from lkjip.db.pengguna import tambah_pengguna
from lkjip.db.status import ajukan, kembalikan, setujui
from lkjip.db.tulis_pg import KANAL, KELAS_KECAMATAN, KUNCI_URUTAN
from lkjip.errors import AksesDitolak, DataBerubahError
from lkjip.io.impor import terapkan
from lkjip.pg.salin import ke_postgres, model_baca, periksa
from tests.conftest import ADMIN, CAMAT_BB, OPERATOR_BB, OPERATOR_KB, rencana_realisasi


@pytest.fixture
def dua(built_db: Path, tmp_path: Path, pg_url: str) -> tuple[Path, UrlPostgres]:
    """The test database twice: as a file, and migrated into PostgreSQL, with the same users registered in both."""
    berkas = tmp_path / "lkjip.duckdb"
    shutil.copy(built_db, berkas)
    for p in (OPERATOR_BB, CAMAT_BB):
        tambah_pengguna(berkas, p, oleh=ADMIN)
    ke_postgres(berkas, pg_url)
    return berkas, UrlPostgres(pg_url)


def _satu(url: str, sql: str, *params: object) -> object:
    with psycopg.connect(url) as con:
        row = con.execute(sql, params).fetchone()
    return None if row is None else row[0]


def _realisasi(url: str, indikator: str, tahun: int, periode: str) -> list[object]:
    with psycopg.connect(url) as con:
        return [
            r[0]
            for r in con.execute(
                "SELECT nilai FROM realisasi WHERE indikator_id = %s AND tahun = %s AND periode = %s ORDER BY 1",
                (indikator, tahun, periode),
            )
        ]


def test_one_value_written_on_postgresql_gives_what_the_file_gives(dua, tmp_path: Path):
    berkas, url = dua
    baris = [["Bontang Barat", "BB-IKU1", 2025, "TW2", "93,5"]]
    terapkan(berkas, rencana_realisasi(berkas, baris), pengguna=OPERATOR_BB)
    # the plan is made from a read model (what a replica holds), then written to PostgreSQL
    model = tmp_path / "model.duckdb"
    model_baca(url, model)
    assert terapkan(url, rencana_realisasi(model, baris), pengguna=OPERATOR_BB) == 1
    assert _realisasi(url, "BB-IKU1", 2025, "TW2") == [93.5]
    model_baca(url, model)
    beda = {k: v for k, v in periksa(berkas, model).items() if v != (0, 0)}
    # every view and table is the same, but for what records the moment and the file: the change log's time and the
    # document row of the upload (two uploads of the workbook, each with its own save time, so its own SHA-256)
    assert set(beda) <= {"audit_log", "v_audit", "dokumen", "v_dokumen"}, beda
    assert all(a == b for a, b in beda.values()), beda
    # the change sequence names the kecamatan, and a listener heard of it
    assert _satu(url, "SELECT kecamatan FROM perubahan ORDER BY id DESC LIMIT 1") == ["Bontang Barat"]
    sql = "SELECT count(*) FROM audit_log WHERE tabel = 'realisasi' AND kolom = 'nilai' AND pengguna = %s"
    assert _satu(url, sql, OPERATOR_BB.email) == 1


def test_the_change_sequence_is_announced_at_commit(dua):
    _, url = dua
    with psycopg.connect(url, autocommit=True) as dengar:
        dengar.execute(f"LISTEN {KANAL}")
        ajukan(url, "Bontang Barat", 2025, "TW1", pengguna=OPERATOR_BB)
        pesan = next(dengar.notifies(timeout=5, stop_after=1), None)
    assert pesan is not None
    assert int(pesan.payload) == _satu(url, "SELECT max(id) FROM perubahan")


def test_the_workflow_and_roles_are_enforced_on_postgresql(dua):
    _, url = dua
    assert ajukan(url, "Bontang Barat", 2025, "TW1", pengguna=OPERATOR_BB) == "diajukan"
    # the operator of Bontang Barat may not act on Kota Bangun, nor approve: refused, nothing written
    sebelum = _satu(url, "SELECT count(*) FROM perubahan")
    with pytest.raises(AksesDitolak):
        ajukan(url, "Kota Bangun", 2025, "TW1", pengguna=OPERATOR_BB)
    with pytest.raises(AksesDitolak):
        setujui(url, "Bontang Barat", 2025, "TW1", pengguna=OPERATOR_BB)
    assert _satu(url, "SELECT count(*) FROM perubahan") == sebelum
    assert (
        kembalikan(url, "Bontang Barat", 2025, "TW1", pengguna=CAMAT_BB, alasan="Angka belum lengkap") == "dikembalikan"
    )
    assert _satu(url, "SELECT alasan FROM status_periode WHERE kecamatan = 'Bontang Barat'") == "Angka belum lengkap"
    assert _satu(url, "SELECT count(*) FROM audit_log WHERE tabel = 'status_periode'") == 2


def test_two_writers_of_the_same_value_one_wins_the_other_is_told(dua, tmp_path: Path):
    """Both plans made from the same read model, written at the same moment from two threads (as two replicas
    would): the write lock lets one in first; the other's stale-value check, under the lock, sees the new value."""
    _, url = dua
    model = tmp_path / "model.duckdb"
    model_baca(url, model)
    rencana = [
        rencana_realisasi(model, [["Bontang Barat", "BB-IKU1", 2025, "TW3", nilai]], nama=f"uji{nilai}.xlsx")
        for nilai in ("81", "82")
    ]
    mulai = threading.Barrier(2)
    hasil: dict[str, object] = {}

    def tulis(i: int) -> None:
        mulai.wait()
        try:
            hasil[str(i)] = terapkan(url, rencana[i], pengguna=OPERATOR_BB)
        except DataBerubahError as exc:
            hasil[str(i)] = exc

    benang = [threading.Thread(target=tulis, args=(i,)) for i in (0, 1)]
    for b in benang:
        b.start()
    for b in benang:
        b.join(timeout=60)
    menang = [k for k, v in hasil.items() if v == 1]
    kalah = [v for v in hasil.values() if isinstance(v, DataBerubahError)]
    assert len(menang) == 1 and len(kalah) == 1, hasil
    assert "Data berubah sejak dibuka" in str(kalah[0])
    assert _realisasi(url, "BB-IKU1", 2025, "TW3") == [81.0 if menang == ["0"] else 82.0]
    assert _satu(url, "SELECT count(*) FROM audit_log WHERE tabel = 'realisasi' AND kolom = 'nilai'") == 1


def test_writers_of_two_kecamatan_go_side_by_side_and_those_of_one_take_turns(dua, tmp_path: Path):
    """The locks are per kecamatan: while another transaction holds Kota Bangun's, a Bontang Barat value is saved,
    and a Kota Bangun value waits for it, then is saved; each change gets its own id, in commit order."""
    _, url = dua
    tambah_pengguna(url, OPERATOR_KB, oleh=ADMIN)  # a write of no kecamatan: under the exclusive lock
    model = tmp_path / "model.duckdb"
    model_baca(url, model)
    bb = rencana_realisasi(model, [["Bontang Barat", "BB-IKU1", 2025, "TW2", "71"]], nama="bb.xlsx")
    kb = rencana_realisasi(model, [["Kota Bangun", "KB-IKU1", 2025, "TW2", "72"]], nama="kb.xlsx")
    sebelum = int(_satu(url, "SELECT coalesce(max(id), 0) FROM perubahan"))
    tahan = psycopg.connect(url)
    try:
        tahan.execute("SELECT pg_advisory_xact_lock(%s, hashtext('Kota Bangun'))", (KELAS_KECAMATAN,))
        assert terapkan(url, bb, pengguna=OPERATOR_BB) == 1  # not held up by Kota Bangun's lock
        hasil: list[object] = []
        benang = threading.Thread(target=lambda: hasil.append(terapkan(url, kb, pengguna=OPERATOR_KB)))
        benang.start()
        benang.join(timeout=3)
        assert benang.is_alive() and hasil == []  # waits for the holder
        assert _realisasi(url, "KB-IKU1", 2025, "TW2") == []
    finally:
        tahan.rollback()
        tahan.close()
    benang.join(timeout=60)
    assert hasil == [1]
    assert _realisasi(url, "BB-IKU1", 2025, "TW2") == [71.0] and _realisasi(url, "KB-IKU1", 2025, "TW2") == [72.0]
    with psycopg.connect(url) as con:
        ids = con.execute("SELECT id, kecamatan FROM perubahan WHERE id > %s ORDER BY id", (sebelum,)).fetchall()
    assert [k for _, k in ids] == [["Bontang Barat"], ["Kota Bangun"]]


def test_a_change_id_is_drawn_only_after_the_one_before_it_has_ended(dua, tmp_path: Path):
    """Change ids commit in order, so a follower reading ``id > position`` never skips one: while a writer has drawn
    its id and not committed yet (here a transaction holding the sequence's lock with its change row added), a
    writer of another kecamatan does its work but waits before drawing its own id; nothing after the open one is
    visible meanwhile."""
    _, url = dua
    model = tmp_path / "model.duckdb"
    model_baca(url, model)
    bb = rencana_realisasi(model, [["Bontang Barat", "BB-IKU1", 2025, "TW4", "73"]], nama="bb-urut.xlsx")
    tahan = psycopg.connect(url)
    try:
        tahan.execute("SELECT pg_advisory_xact_lock(%s)", (KUNCI_URUTAN,))
        terbuka = tahan.execute(
            "INSERT INTO perubahan (kecamatan, tabel) VALUES (ARRAY['Kota Bangun'], ARRAY['realisasi']) RETURNING id"
        ).fetchone()[0]
        hasil: list[object] = []
        benang = threading.Thread(target=lambda: hasil.append(terapkan(url, bb, pengguna=OPERATOR_BB)))
        benang.start()
        benang.join(timeout=3)
        assert benang.is_alive() and hasil == []  # its id waits for the open one
        assert int(_satu(url, "SELECT coalesce(max(id), 0) FROM perubahan")) < terbuka
    finally:
        tahan.rollback()  # the open one ends (a gap in the ids, which a follower passes over)
        tahan.close()
    benang.join(timeout=60)
    assert hasil == [1]
    assert int(_satu(url, "SELECT max(id) FROM perubahan")) > terbuka


def test_notes_written_at_once_in_two_kecamatan_are_both_kept(dua):
    """A note takes the next number of a table shared by every kecamatan: such a write runs again alone, so two
    notes at the same moment get two numbers, and neither is refused."""
    _, url = dua
    tambah_pengguna(url, OPERATOR_KB, oleh=ADMIN)
    mulai = threading.Barrier(2)
    hasil: dict[str, object] = {}

    def catat(kec: str, siapa) -> None:  # type: ignore[no-untyped-def]
        mulai.wait()
        try:
            hasil[kec] = tambah_catatan(url, kec, 2025, "TW1", pengguna=siapa, teks=f"Periksa {kec}")
        except Exception as exc:  # noqa: BLE001 - shown by the assertion
            hasil[kec] = exc

    benang = [
        threading.Thread(target=catat, args=("Bontang Barat", OPERATOR_BB)),
        threading.Thread(target=catat, args=("Kota Bangun", OPERATOR_KB)),
    ]
    for b in benang:
        b.start()
    for b in benang:
        b.join(timeout=60)
    assert all(isinstance(v, int) for v in hasil.values()) and len(set(hasil.values())) == 2, hasil
    with psycopg.connect(url) as con:
        teks = sorted(r[0] for r in con.execute("SELECT teks FROM catatan_verifikasi"))
    assert teks == ["Periksa Bontang Barat", "Periksa Kota Bangun"]


def test_a_write_that_fails_leaves_postgresql_exactly_as_it_was(dua, tmp_path: Path, monkeypatch):
    _, url = dua
    model = tmp_path / "model.duckdb"
    model_baca(url, model)
    rencana = rencana_realisasi(model, [["Bontang Barat", "BB-IKU1", 2025, "TW4", "70"]])
    import lkjip.io.impor.tulis as tulis_impor

    def rusak(repo, kecamatan, settings=None):  # type: ignore[no-untyped-def]
        raise RuntimeError("listrik padam")

    monkeypatch.setattr(tulis_impor, "refresh_derived", rusak)  # after the rows were written into the scratch
    sebelum = (_satu(url, "SELECT count(*) FROM realisasi"), _satu(url, "SELECT count(*) FROM audit_log"))
    with pytest.raises(RuntimeError, match="listrik padam"):
        terapkan(url, rencana, pengguna=OPERATOR_BB)
    assert (_satu(url, "SELECT count(*) FROM realisasi"), _satu(url, "SELECT count(*) FROM audit_log")) == sebelum
    assert _satu(url, "SELECT count(*) FROM perubahan") == 0


def test_a_value_entered_again_replaces_the_earlier_entry_on_postgresql(dua, tmp_path: Path):
    """The second entry of a cell replaces the row of the first (a document of kind Impor under another name): the
    scratch holds the documents its rows cite, not only the one being written."""
    berkas, url = dua
    model = tmp_path / "model.duckdb"
    for i, nilai in enumerate(("71", "72")):
        baris = [["Bontang Barat", "BB-IKU2", 2025, "TW2", nilai]]
        model_baca(url, model)
        assert terapkan(url, rencana_realisasi(model, baris, nama=f"entri{i}.xlsx"), pengguna=OPERATOR_BB) == 1
        assert terapkan(berkas, rencana_realisasi(berkas, baris, nama=f"entri{i}.xlsx"), pengguna=OPERATOR_BB) == 1
    assert _realisasi(url, "BB-IKU2", 2025, "TW2") == [72.0]
    model_baca(url, model)
    beda = {k: v for k, v in periksa(berkas, model).items() if v != (0, 0)}
    assert set(beda) <= {"audit_log", "v_audit", "dokumen", "v_dokumen"}, beda  # times and file hashes only
    assert all(a == b for a, b in beda.values()), beda
