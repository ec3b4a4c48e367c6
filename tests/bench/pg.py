"""`python tests/bench/pg.py`: the PostgreSQL back end's first part (issue 18) at the bench's size.

  1. The embedded database into PostgreSQL (`lkjip.pg.salin.ke_postgres`: DDL and every row through Arrow/ADBC in
     one transaction), on a cluster of our own started for the run (`lkjip.pg.server`).
  2. A replica's read model built from PostgreSQL (`model_baca`: one snapshot read through Arrow, the raw tables into
     a new DuckDB file, every hitung_* value computed, swapped in), split into its parts.
  3. The floor, in the same run: the same raw tables copied DuckDB -> Arrow -> a new DuckDB file, and the same
     derive, without PostgreSQL: what building a read model costs at all.
  4. Saving one value from the entry form's code path, on PostgreSQL and on the file (the floor of today's path).
  5. From a committed write until a second replica's read model holds it.
  6. PENULIS writers across 2 replica processes for DURASI seconds: throughput, each save's time, the time waited
     for locks, CPU per save, lost updates; and the same with one lock for every write (the earlier path).
  7. The check `migrasi` ends with (every view and table EXCEPT ALL both ways).

Database: LKJIP_BENCH_DB (`make bench` passes the synthetic 7.300), else the real data. Results: tests/bench/pg.json.
Timings are this machine's at the time of the run.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from lkjip.config import DEFAULT_DB  # noqa: E402
from lkjip.db.derive import refresh_derived  # noqa: E402
from lkjip.db.repository import Repository  # noqa: E402
from lkjip.db.tukar import tulis_lalu_tukar  # noqa: E402
from lkjip.io.impor import formulir_ke_lembar, periksa_lembar, terapkan  # noqa: E402
from lkjip.pg.salin import adbc, baca_tabel, ke_postgres, model_baca, periksa  # noqa: E402
from lkjip.pg.server import hentikan_server, mulai_server, pg_bin  # noqa: E402
from lkjip.pg.skema import tabel_pg  # noqa: E402
from tests.bench.bench import _stats  # noqa: E402

OUT = Path(__file__).with_name("pg.json")
SIMPAN = int(os.environ.get("LKJIP_BENCH_SIMPAN", "20"))
LATENSI = int(os.environ.get("LKJIP_BENCH_LATENSI", "10"))
PENULIS = int(os.environ.get("LKJIP_BENCH_PENULIS", "20"))
DURASI = float(os.environ.get("LKJIP_BENCH_DURASI", "60"))


def _detik(t: float) -> float:
    return round(time.perf_counter() - t, 2)


def _rencana(repo: Repository, kecamatan: str, indikator: str, tahun: int, periode: str, nilai: str):  # type: ignore[no-untyped-def]
    """The entry form's plan of one typed value (pages/entri.py's code path)."""
    rows = [{"kecamatan": kecamatan, "indikator": indikator, "tahun": tahun, "periode": periode, "realisasi": nilai}]
    return periksa_lembar(repo, f"Formulir {kecamatan} {tahun} {periode}", formulir_ke_lembar("realisasi", rows), nilai)


def simpan_satu_nilai(db: Path, url: str, kerja: Path) -> dict:
    """Saving one value from the entry form's code path, SIMPAN times each: on PostgreSQL (the plan made from the
    read model, written by lkjip.db.tulis_pg) and on a copy of the embedded file (lkjip.db.tukar's copy and swap).
    Each save is of a value not stored yet (another indicator's TW1 each time), as an operator's would be."""
    from lkjip.config import UrlPostgres

    repo = Repository.open(kerja / "model.duckdb")
    try:
        ind = repo.fetch("_indikator_kecamatan").head(SIMPAN * 2)
    finally:
        repo.close()
    salinan = kerja / "berkas.duckdb"
    shutil.copy(db, salinan)
    out = {}
    for nama, tujuan, baca in (
        ("postgresql", UrlPostgres(url), kerja / "model.duckdb"),
        ("berkas duckdb", salinan, salinan),
    ):
        waktu = []
        for i in range(SIMPAN):
            iid, kec = ind.iloc[i if nama == "postgresql" else SIMPAN + i]
            repo = Repository.open(baca)
            try:
                rencana = _rencana(repo, kec, iid, 2026, "TW1", f"{50 + i},5")
            finally:
                repo.close()
            t = time.perf_counter()
            assert terapkan(tujuan, rencana, pengguna="bench") == 1
            waktu.append(time.perf_counter() - t)
        out[nama] = _stats(waktu)
        print(f"   simpan satu nilai, {nama}: {out[nama]}", flush=True)
    return out


def _sel_baru(kerja: Path, bagian: float, n: int) -> list[tuple[str, str]]:
    """``n`` (indikator, kecamatan) pairs from ``bagian`` of the way through the indicators on: cells no earlier part
    of the bench wrote."""
    repo = Repository.open(kerja / "model.duckdb")
    try:
        semua = repo.fetch("_indikator_kecamatan")
    finally:
        repo.close()
    mulai = int(len(semua) * bagian)
    return list(semua.iloc[mulai : mulai + n].itertuples(index=False))


def sampai_replika_kedua(url: str, kerja: Path) -> dict:
    """From a committed write (the entry form's code path, planned on replica 1's read model) until replica 2's read
    model holds it with its derived values: replica 2 follows with ``lkjip.pg.ikuti.jalankan`` (LISTEN/NOTIFY), in
    this process, on a copy of the model."""
    import threading

    import psycopg

    from lkjip.config import UrlPostgres
    from lkjip.pg import ikuti

    kedua = kerja / "replika2.duckdb"
    shutil.copy(kerja / "model.duckdb", kedua)
    sel = _sel_baru(kerja, 0.25, LATENSI)
    repo2 = Repository.open(kedua, read_only=False)
    berhenti = threading.Event()
    tiba: dict[int, float] = {}
    sinyal = threading.Condition()

    def setelah(h: ikuti.Diikuti) -> None:
        with sinyal:
            tiba[h.sampai] = time.perf_counter()
            sinyal.notify_all()

    benang = threading.Thread(target=ikuti.jalankan, args=(url, repo2.cursor(), berhenti), kwargs={"setelah": setelah})
    benang.start()
    waktu = []
    try:
        for i, (iid, kec) in enumerate(sel):
            repo = Repository.open(kerja / "model.duckdb")
            try:
                rencana = _rencana(repo, kec, iid, 2026, "TW1", f"{40 + i},5")
            finally:
                repo.close()
            terapkan(UrlPostgres(url), rencana, pengguna="bench")
            t = time.perf_counter()
            with psycopg.connect(url) as con:
                nomor = int(con.execute("SELECT max(id) FROM perubahan").fetchone()[0])
            with sinyal:
                sinyal.wait_for(lambda n=nomor: any(k >= n for k in tiba), timeout=60)
                sampai = min(v for k, v in tiba.items() if k >= nomor)
            waktu.append(max(0.0, sampai - t))
    finally:
        berhenti.set()
        benang.join(timeout=60)
        repo2.close()
    out = _stats(waktu)
    print(f"   sampai di replika kedua: {out}", flush=True)
    return out


def _replika_penulis(url: str, model: str, dari: int, n: int, mulai: float, sampai: float, kunci_mode: str) -> int:
    """One replica process of ``penulis_serentak`` (``pg.py penulis ...``): its own read model, followed by its own
    follower thread as the app's is (pages/_data), and writers ``dari`` .. ``dari + n - 1`` as threads, each planning
    on a cursor of that model and saving new values one after another from ``mulai`` until ``sampai`` (wall-clock
    seconds, shared by both processes). The cells come on stdin, the results go to stdout as JSON, with the time
    each save waited for its locks and the process's CPU seconds over the run (its follower's included).
    ``kunci_mode`` "tunggal": every write takes the write lock exclusive, as before the per-kecamatan locks (the
    comparison in the same run)."""
    import threading

    from lkjip.config import UrlPostgres
    from lkjip.db import tulis_pg
    from lkjip.pg import ikuti

    tunggu: list[float] = []
    asli_kunci, asli_tulis = tulis_pg._kunci, tulis_pg._tulis

    def kunci_diukur(cur, lingkup, eksklusif):  # type: ignore[no-untyped-def]
        t = time.perf_counter()
        try:
            return asli_kunci(cur, lingkup, eksklusif)
        finally:
            tunggu.append(time.perf_counter() - t)

    tulis_pg._kunci = kunci_diukur
    if kunci_mode == "tunggal":
        tulis_pg._tulis = lambda url, isi, lingkup, *, eksklusif, mulai: asli_tulis(  # type: ignore[assignment]
            url, isi, lingkup, eksklusif=True, mulai=mulai
        )

    semua = [tuple(x) for x in json.load(sys.stdin)]
    repo = Repository.open(Path(model), read_only=False)
    berhenti = threading.Event()
    pengikut = threading.Thread(target=ikuti.jalankan, args=(url, repo.cursor(), berhenti), daemon=True)
    pengikut.start()
    waktu: list[float] = []
    ditulis: list[tuple[str, float]] = []
    galat: list[str] = []
    kunci = threading.Lock()

    def penulis(k: int) -> None:
        for j, (iid, kec) in enumerate(semua[k::PENULIS]):
            if time.time() >= sampai:
                return
            nilai = 10 + k + j / 100
            c = repo.cursor()
            try:
                rencana = _rencana(c, kec, iid, 2026, "TW2", f"{nilai:.2f}".replace(".", ","))
            finally:
                c.close()
            t = time.perf_counter()
            try:
                terapkan(UrlPostgres(url), rencana, pengguna=f"penulis{k}")
            except Exception as exc:  # noqa: BLE001 - counted
                with kunci:
                    galat.append(f"{type(exc).__name__}: {str(exc)[:120]}")
                continue
            with kunci:
                waktu.append(time.perf_counter() - t)
                ditulis.append((iid, round(nilai, 2)))

    time.sleep(max(0.0, mulai - time.time()))
    cpu = os.times()
    benang = [threading.Thread(target=penulis, args=(k,)) for k in range(dari, dari + n)]
    for b in benang:
        b.start()
    for b in benang:
        b.join()
    akhir = os.times()
    berhenti.set()
    pengikut.join(timeout=30)
    repo.close()
    cpu_detik = (akhir.user - cpu.user) + (akhir.system - cpu.system)
    json.dump({"waktu": waktu, "ditulis": ditulis, "galat": galat, "tunggu": tunggu, "cpu": cpu_detik}, sys.stdout)
    return 0


def penulis_serentak(url: str, kerja: Path, kunci_mode: str = "kecamatan", bagian: float = 0.5) -> dict:
    """PENULIS writers across 2 replica processes (``_replika_penulis``: each with its own read model and follower,
    half of the writers as its threads, each its own PostgreSQL connections) for DURASI seconds, each saving new
    values one after another: throughput, each save's time (waiting for its locks included), refusals, and lost
    updates (a save reported done whose value is not in PostgreSQL afterwards), which must be 0."""
    import subprocess

    import psycopg

    semua = _sel_baru(kerja, bagian, PENULIS * 400)
    model = [kerja / f"replika-penulis{i}.duckdb" for i in (1, 2)]  # the bench's own model stays as built
    for m in model:
        shutil.copy(kerja / "model.duckdb", m)
    mulai = time.time() + 10  # both processes open their model and start their follower first
    sampai = mulai + DURASI
    separuh = PENULIS // 2
    anak = [
        subprocess.Popen(
            [sys.executable, __file__, "penulis", url, str(m), str(dari), str(n), str(mulai), str(sampai), kunci_mode],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for m, dari, n in ((model[0], 0, separuh), (model[1], separuh, PENULIS - separuh))
    ]
    for p in anak:  # both get their cells before either is waited for
        assert p.stdin is not None
        p.stdin.write(json.dumps(semua))
        p.stdin.close()
    keluaran = [p.stdout.read() for p in anak]  # type: ignore[union-attr]
    for p in anak:
        p.wait(timeout=DURASI + 600)
    detik = time.time() - mulai
    if any(p.returncode for p in anak):
        raise RuntimeError(f"proses replika penulis gagal: {[p.returncode for p in anak]}")
    hasil = [json.loads(k) for k in keluaran]
    waktu = [w for h in hasil for w in h["waktu"]]
    ditulis = [tuple(d) for h in hasil for d in h["ditulis"]]
    galat = [g for h in hasil for g in h["galat"]]
    with psycopg.connect(url) as con:
        ada = {
            (i, round(v, 2))
            for i, v in con.execute(
                "SELECT indikator_id, nilai FROM realisasi WHERE tahun = 2026 AND periode = 'TW2' "
                "AND indikator_id = ANY(%s)",
                ([i for i, _ in ditulis],),
            )
        }
    hilang = [d for d in ditulis if d not in ada]
    tunggu = [w for h in hasil for w in h["tunggu"]]
    cpu = sum(h["cpu"] for h in hasil)
    out = {
        "kunci": kunci_mode,
        "penulis": PENULIS,
        "replika": 2,
        "detik": round(detik, 1),
        "tersimpan": len(ditulis),
        "per_detik": round(len(ditulis) / detik, 2),
        "per_replika": [len(h["ditulis"]) for h in hasil],
        "galat": galat[:5],
        "jumlah_galat": len(galat),
        "hilang": len(hilang),
        **(_stats(waktu) if waktu else {}),
        "menunggu_kunci": _stats(tunggu) if tunggu else {},
        # the CPU both replica processes spent (writers and followers) against the 2 cores' 2 x detik
        "cpu_detik": round(cpu, 1),
        "cpu_per_simpan": round(cpu / len(ditulis), 2) if ditulis else None,
        "inti_terpakai": round(cpu / detik, 2),
    }
    print(f"   penulis serentak ({kunci_mode}): {out}", flush=True)
    return out


def main() -> int:
    if pg_bin() is None:
        print("!!!!!!!! PostgreSQL tidak ada: bench PostgreSQL dilewati (make postgres memasangnya bila root)")
        return 0 if os.environ.get("CI") != "true" else 1
    db = Path(os.environ.get("LKJIP_BENCH_DB", DEFAULT_DB))
    if not db.exists():
        db = DEFAULT_DB
    folder = Path(tempfile.mkdtemp(prefix="lkjip-bench-pg-"))
    kerja = Path(tempfile.mkdtemp(prefix="lkjip-bench-pg-model-"))
    hasil: dict = {"basis_data": str(db)}
    try:
        server = mulai_server(folder)
        url = server.url
        src = Repository.open(db)
        try:
            hasil["baris"] = sum(src.jumlah_baris(t) for t in tabel_pg())
        finally:
            src.close()
        print(f"== {db}: {hasil['baris']:,} baris mentah".replace(",", "."), flush=True)

        t = time.perf_counter()
        ke_postgres(db, url)
        hasil["ke_postgres_detik"] = _detik(t)
        print(f"   ke PostgreSQL: {hasil['ke_postgres_detik']} s", flush=True)

        t = time.perf_counter()
        with adbc(url) as con, con.cursor() as cur:
            for table in tabel_pg():
                baca_tabel(cur, table)
        hasil["baca_postgres_detik"] = _detik(t)
        t = time.perf_counter()
        model_baca(url, kerja / "model.duckdb")
        hasil["model_baca_detik"] = _detik(t)
        print(
            f"   model baca: {hasil['model_baca_detik']} s (membaca PostgreSQL saja {hasil['baca_postgres_detik']} s)"
        )

        # the floor: the same tables and the same derive, DuckDB to DuckDB
        src = Repository.open(db)
        try:
            t = time.perf_counter()
            data = {table: src.tabel_arrow(table) for table in tabel_pg()}
            hasil["lantai_baca_duckdb_detik"] = _detik(t)
        finally:
            src.close()
        derive = {}

        def isi(repo: Repository) -> None:
            repo.create_schema()
            for table, tabel in data.items():
                repo.insert_df(table, tabel)
            t = time.perf_counter()
            refresh_derived(repo)
            derive["detik"] = _detik(t)

        t = time.perf_counter()
        tulis_lalu_tukar(kerja / "lantai.duckdb", isi, dari_awal=True)
        hasil["lantai_model_duckdb_detik"] = round(_detik(t) + hasil["lantai_baca_duckdb_detik"], 2)
        hasil["lantai_derive_detik"] = derive["detik"]
        print(
            f"   lantai (DuckDB -> DuckDB, tanpa PostgreSQL): {hasil['lantai_model_duckdb_detik']} s, "
            f"di antaranya menghitung hitung_* {hasil['lantai_derive_detik']} s",
            flush=True,
        )

        hasil["simpan_satu_nilai"] = simpan_satu_nilai(db, url, kerja)
        hasil["sampai_replika_kedua"] = sampai_replika_kedua(url, kerja)
        hasil["penulis_serentak"] = penulis_serentak(url, kerja)
        # the same with one lock for every write (as before the per-kecamatan locks), on other cells
        hasil["penulis_serentak_kunci_tunggal"] = penulis_serentak(url, kerja, "tunggal", 0.75)

        t = time.perf_counter()
        beda = periksa(db, kerja / "model.duckdb")
        hasil["periksa_detik"] = _detik(t)
        hasil["view_dan_tabel_berbeda"] = {k: v for k, v in beda.items() if v != (0, 0)}
        print(f"   periksa: {hasil['periksa_detik']} s, berbeda: {hasil['view_dan_tabel_berbeda']}", flush=True)
    finally:
        hentikan_server(folder)
        shutil.rmtree(folder, ignore_errors=True)
        shutil.rmtree(kerja, ignore_errors=True)
    OUT.write_text(json.dumps(hasil, indent=1, ensure_ascii=False))
    return 1 if hasil.get("view_dan_tabel_berbeda") else 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["penulis"]:
        u, m, d, n, a, b, k = sys.argv[2:]
        sys.exit(_replika_penulis(u, m, int(d), int(n), float(a), float(b), k))
    sys.exit(main())
