"""A synthetic dataset at any scale, for performance work only (issue 7): never real data, never in data/.

Every row is marked: kecamatan and kab/kota carry ``sintetis = true`` and names no real place has ("Sintetis 0001",
"Kab. Sintetis 001", "Provinsi Sintetis 01"); every value row cites the document ``SINTETIS-…`` of kind
``Sintetis`` and the table "Data sintetis (bukan data nyata)". The shape follows the real reports: about 30
indicators per kecamatan at the tujuan/IKU/sasaran/program levels with their arah and aggregation, PK targets and
realisasi per year and quarter (the last year only up to TW3), SKM per unsur (NRR 2,5–4) per period, a budget tree
total → program → kegiatan → sub kegiatan whose parents are the sums of their children, a cash plan per
quarter for each program, and the SAKIP score.

The rows are generated inside DuckDB (``range`` and a seeded ``hash`` as the random source, so the same seed gives
the same database whatever the thread count); the computed tables are then filled by the same rules as for real
data (``refresh_derived``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from lkjip.config import DATA_DIR
from lkjip.db.derive import PER_BAGIAN, refresh_derived
from lkjip.db.repository import Repository
from lkjip.db.tukar import tulis_lalu_tukar
from lkjip.errors import DatabaseError, DataError

SUMBER_TABEL = "Data sintetis (bukan data nyata)"
NAMA = "Sintetis {:04d}"  # the kecamatan names (printf 'Sintetis %04d' in the SQL)

# (name, tema, satuan, arah, agregasi, base target, yearly step, realisasi spread as a share of the target)
_INDIKATOR = (
    (
        "Indeks Kepuasan Masyarakat terhadap pelayanan kecamatan",
        "kepuasan_layanan",
        "indeks",
        "naik",
        "nilai_akhir",
        80,
        0.8,
        0.10,
    ),
    (
        "Persentase pengaduan masyarakat yang ditindaklanjuti",
        "kepuasan_layanan",
        "%",
        "naik",
        "rata_rata",
        85,
        1.0,
        0.15,
    ),
    ("Nilai evaluasi SAKIP kecamatan", "akuntabilitas", "nilai", "naik", "nilai_akhir", 60, 1.5, 0.12),
    (
        "Persentase gangguan ketenteraman dan ketertiban yang ditangani",
        "ketentraman_ketertiban",
        "%",
        "naik",
        "nilai_akhir",
        80,
        1.5,
        0.20,
    ),
    ("Jumlah pelanggaran peraturan daerah", "ketentraman_ketertiban", "kasus", "turun", "kumulatif", 40, -2.0, 0.30),
    (
        "Persentase desa/kelurahan dengan musrenbang partisipatif",
        "pemberdayaan_masyarakat",
        "%",
        "naik",
        "nilai_akhir",
        75,
        2.0,
        0.20,
    ),
    ("Prevalensi balita stunting", "kesehatan", "%", "turun", "nilai_akhir", 22, -1.2, 0.25),
    ("Persentase serapan anggaran kecamatan", "serapan_anggaran", "%", "naik", "nilai_akhir", 92, 0.5, 0.08),
    ("Jumlah inovasi pelayanan publik", "inovasi", "inovasi", "naik", "kumulatif", 4, 0.5, 0.40),
    ("Persentase layanan PATEN selesai tepat waktu", "kepuasan_layanan", "%", "naik", "rata_rata", 90, 0.8, 0.10),
)
_TINGKAT = ("iku", "sasaran", "program")  # each indicator kind at three levels: 30 indicators per kecamatan
PROVINSI, KAB_KOTA_PER_PROVINSI = 38, 14
BATAS_MEMORI = "4GB"  # about Indonesia's 38 provinces and 514 kab/kota


@dataclass(frozen=True)
class HasilSintetis:
    db_path: Path
    rows: dict[str, int]


def _sql(n: int, tahun_awal: int, tahun_akhir: int, seed: int) -> str:
    """The generating SQL; every value in it is an int or a constant of this module, never input text."""
    n, tahun_awal, tahun_akhir, seed = int(n), int(tahun_awal), int(tahun_akhir), int(seed)
    catalogue = ",\n".join(
        f"({j * len(_INDIKATOR) + i + 1}, '{t}', '{nama}', '{tema}', '{satuan}', '{arah}', '{agr}', {base}, {step}, "
        f"{spread})"
        for j, t in enumerate(_TINGKAT)
        for i, (nama, tema, satuan, arah, agr, base, step, spread) in enumerate(_INDIKATOR)
    )
    kab = PROVINSI * KAB_KOTA_PER_PROVINSI
    src = f"'{SUMBER_TABEL}'"
    return f"""
CREATE TEMP MACRO rnd(a, b, c, d) AS (hash(a, b, c, d, {seed}) % 1000003) / 1000003.0;
CREATE TEMP TABLE s_kec AS
SELECT k, printf('Sintetis %04d', k) AS kecamatan, 1 + (k - 1) % {kab} AS kab
FROM range(1, {n} + 1) r(k);
CREATE TEMP TABLE s_tahun AS SELECT t AS tahun FROM range({tahun_awal}, {tahun_akhir} + 1) r(t);
CREATE TEMP TABLE s_periode AS SELECT * FROM (VALUES ('Tahunan', 0), ('TW1', 1), ('TW2', 2), ('TW3', 3), ('TW4', 4))
    v(periode, q);
CREATE TEMP TABLE s_ind (no INTEGER, tingkat TEXT, nama TEXT, tema TEXT, satuan TEXT, arah TEXT, agregasi TEXT,
    base DOUBLE, step DOUBLE, spread DOUBLE);
INSERT INTO s_ind VALUES {catalogue};

INSERT INTO kab_kota
SELECT DISTINCT printf('%s Sintetis %03d', CASE WHEN kab % 5 = 0 THEN 'Kota' ELSE 'Kab.' END, kab),
       CASE WHEN kab % 5 = 0 THEN 'Kota' ELSE 'Kabupaten' END,
       printf('Provinsi Sintetis %02d', 1 + (kab - 1) // {KAB_KOTA_PER_PROVINSI}), true
FROM s_kec;
INSERT INTO kecamatan
SELECT kecamatan, printf('%s Sintetis %03d', CASE WHEN kab % 5 = 0 THEN 'Kota' ELSE 'Kab.' END, kab), true FROM s_kec;
INSERT INTO dokumen
SELECT printf('SINTETIS-%04d-%d', k, tahun), kecamatan, 'Sintetis', tahun, NULL,
       'Data sintetis (bukan data nyata) ' || kecamatan || ' ' || tahun, 'id', NULL,
       'Dibangkitkan oleh python -m lkjip synth, seed {seed}; hanya untuk uji kinerja.'
FROM s_kec, s_tahun;
INSERT INTO sasaran
SELECT printf('S%04d-%s', k, tema), kecamatan, 'sasaran', 'Meningkatnya kinerja ' || replace(tema, '_', ' '),
       printf('SINTETIS-%04d-%d', k, {tahun_awal}), {src}
FROM s_kec, (SELECT DISTINCT tema FROM s_ind);
INSERT INTO indikator
SELECT printf('S%04d-%02d', k, no), kecamatan, printf('S%04d-%s', k, tema), tingkat,
       nama || CASE tingkat WHEN 'iku' THEN '' ELSE ' (' || tingkat || ')' END, satuan, arah, agregasi,
       CASE arah WHEN 'naik' THEN 'naik_rasio' ELSE 'turun_selisih' END, tema, NULL, NULL,
       printf('SINTETIS-%04d-%d', k, {tahun_awal}), {src}, 'sintetis'
FROM s_kec, s_ind;
"""


def _sql_bagian(dari: int, sampai: int, tahun_awal: int, tahun_akhir: int) -> str:
    """The value rows of kecamatan number ``dari``..``sampai`` (after ``_sql``, on the same connection)."""
    dari, sampai, tahun_awal, tahun_akhir = int(dari), int(sampai), int(tahun_awal), int(tahun_akhir)
    src = f"'{SUMBER_TABEL}'"
    return f"""
CREATE OR REPLACE TEMP TABLE s_bag AS SELECT * FROM s_kec WHERE k BETWEEN {dari} AND {sampai};
CREATE TEMP TABLE s_nilai AS
SELECT k, no, tahun, periode, q, arah, agregasi, satuan,
       -- the year's target: the base per kecamatan (±10%) moved by the yearly step
       greatest(base * (0.9 + 0.2 * rnd(k, no, 0, 0)) + step * (tahun - {tahun_awal}), 1) AS t_tahun,
       spread, rnd(k, no, tahun, q) AS u
FROM s_bag, s_ind, s_tahun, s_periode;
INSERT INTO target
SELECT printf('S%04d-%02d', k, no), tahun, periode, 'PK',
       round(CASE WHEN agregasi = 'kumulatif' AND q > 0 THEN t_tahun * q / 4 ELSE t_tahun END, 2),
       NULL, NULL, true, printf('SINTETIS-%04d-%d', k, tahun), {src}, NULL, NULL
FROM s_nilai;
INSERT INTO realisasi
SELECT printf('S%04d-%02d', k, no), tahun, periode, r, NULL, true, printf('SINTETIS-%04d-%d', k, tahun), {src}, NULL, NULL
FROM (
    SELECT *, round(CASE WHEN satuan = '%' THEN least(v, 100) ELSE v END, 2) AS r
    FROM (
        SELECT *, CASE WHEN agregasi = 'kumulatif' AND q > 0 THEN t_tahun * q / 4 ELSE t_tahun END
                  * (1 + spread * (2 * u - 1) * CASE arah WHEN 'naik' THEN 1 ELSE -1 END - 0.3 * spread * u * u) AS v
        FROM s_nilai
    )
)
-- the last year is in progress: realised up to TW3
WHERE tahun < {tahun_akhir} OR q BETWEEN 1 AND 3;

INSERT INTO skm_unsur
SELECT kecamatan, tahun, periode, 'Semua layanan', 'U' || u, 'Unsur ' || u,
       round(2.5 + 1.5 * (0.6 * rnd(k, tahun, q, u) + 0.4 * rnd(k, 0, 0, u)), 2), NULL, NULL, NULL,
       printf('SINTETIS-%04d-%d', k, tahun), {src}, NULL
FROM s_bag, s_tahun, s_periode, range(1, 10) r(u)
WHERE tahun < {tahun_akhir} OR q BETWEEN 1 AND 3;
INSERT INTO skm
SELECT kecamatan, tahun, periode, jenis_layanan, 100 + (hash(kecamatan, tahun, periode) % 300)::INTEGER,
       round(avg(nrr) * 25, 2), NULL, NULL, 'rata-rata NRR × 25', true, sumber_dokumen, sumber_tabel, NULL
FROM skm_unsur WHERE kecamatan IN (SELECT kecamatan FROM s_bag)
GROUP BY kecamatan, tahun, periode, jenis_layanan, sumber_dokumen, sumber_tabel;

CREATE TEMP TABLE s_sub AS
SELECT k, kecamatan, tahun, p, g, s,
       round(50e6 + 450e6 * rnd(k, tahun, p * 10 + g, s), -3) AS pagu,
       0.65 + 0.35 * rnd(k, tahun, p * 10 + g, s + 10) AS serap
FROM s_bag, s_tahun, range(1, 4) a(p), range(1, 3) b(g), range(1, 3) c(s);
INSERT INTO anggaran
SELECT id, kecamatan, tahun, level, kode, nama, induk, NULL, pagu, NULL, realisasi, NULL, true,
       printf('SINTETIS-%04d-%d', k, tahun), {src}, NULL, NULL
FROM (
    SELECT k, kecamatan, tahun, 'sub_kegiatan' AS level, printf('%d.%d.%d', p, g, s) AS kode,
           printf('Sub kegiatan %d.%d.%d', p, g, s) AS nama,
           printf('A%04d-%d-P%dK%dS%d', k, tahun, p, g, s) AS id, printf('A%04d-%d-P%dK%d', k, tahun, p, g) AS induk,
           pagu, round(pagu * serap, -3) AS realisasi
    FROM s_sub
    UNION ALL
    SELECT k, kecamatan, tahun, 'kegiatan', printf('%d.%d', p, g), printf('Kegiatan %d.%d', p, g),
           printf('A%04d-%d-P%dK%d', k, tahun, p, g), printf('A%04d-%d-P%d', k, tahun, p),
           sum(pagu), sum(round(pagu * serap, -3))
    FROM s_sub GROUP BY k, kecamatan, tahun, p, g
    UNION ALL
    SELECT k, kecamatan, tahun, 'program', printf('%d', p), printf('Program %d', p),
           printf('A%04d-%d-P%d', k, tahun, p), printf('A%04d-%d', k, tahun), sum(pagu), sum(round(pagu * serap, -3))
    FROM s_sub GROUP BY k, kecamatan, tahun, p
    UNION ALL
    SELECT k, kecamatan, tahun, 'total', NULL, 'Total belanja', printf('A%04d-%d', k, tahun), NULL,
           sum(pagu), sum(round(pagu * serap, -3))
    FROM s_sub GROUP BY k, kecamatan, tahun
);
-- cash plan per quarter for each program (TW4 takes the remainder so the quarters add up to the pagu)
INSERT INTO anggaran_kas
SELECT kecamatan, tahun, anggaran_id, nama, tw,
       CASE WHEN tw < 4 THEN round(pagu_murni * share, 0)
            ELSE pagu_murni - round(pagu_murni * 0.15, 0) - round(pagu_murni * 0.25, 0) - round(pagu_murni * 0.30, 0) END,
       round(realisasi * share, 0), sumber_dokumen, sumber_tabel, NULL, NULL
FROM anggaran, (VALUES (1, 0.15), (2, 0.25), (3, 0.30), (4, 0.30)) q(tw, share)
WHERE level = 'program' AND kecamatan IN (SELECT kecamatan FROM s_bag);
INSERT INTO evaluasi_sakip
SELECT kecamatan, tahun, 'Total', 100, round(50 + 35 * (0.5 * rnd(k, tahun, 0, 99) + 0.5 * rnd(k, 0, 0, 99)), 2),
       NULL, NULL, true, printf('SINTETIS-%04d-%d', k, tahun), {src}, NULL
FROM s_bag, s_tahun WHERE tahun < {tahun_akhir};
DROP TABLE s_nilai; DROP TABLE s_sub; DROP TABLE s_bag;
"""


def _periksa_tujuan(db_path: Path) -> None:
    """Synthetic data never goes into data/ nor over a database that holds real data."""
    target = db_path.resolve()
    data = DATA_DIR.resolve()
    if target == data or data in target.parents:
        raise DataError(f"Data sintetis tidak boleh ditulis di {DATA_DIR}: pilih --out di luar folder data/.")
    if db_path.exists():
        try:
            repo = Repository.open(db_path, read_only=True)
            try:
                nyata = int(repo.fetch("_kecamatan_nyata")["n"].iloc[0])
            finally:
                repo.close()
        except DatabaseError:
            nyata = None
        if nyata != 0:
            raise DataError(
                f"{db_path} sudah ada dan bukan basis data sintetis; data sintetis hanya menimpa berkas sintetis."
            )


def build_synthetic(db_path: Path, kecamatan: int, tahun_awal: int, tahun_akhir: int, seed: int = 1) -> HasilSintetis:
    """A new database file with ``kecamatan`` synthetic kecamatan and years ``tahun_awal``–``tahun_akhir``."""
    if not 1 <= kecamatan <= 9999:
        raise DataError("Jumlah kecamatan sintetis harus 1–9999.")
    if not 2000 <= tahun_awal <= tahun_akhir <= 2100:
        raise DataError("Rentang tahun harus AWAL-AKHIR dengan 2000 ≤ AWAL ≤ AKHIR ≤ 2100 (mis. 2017-2026).")
    _periksa_tujuan(db_path)

    def isi(repo: Repository) -> dict[str, int]:
        # a national build is larger than it needs to hold at once: DuckDB spills beyond this to its temp folder
        repo.execute_script(f"SET memory_limit = '{BATAS_MEMORI}'")
        repo.create_schema()
        # The file is new and swapped in only when complete, so it need not be one transaction: committing per
        # chunk lets DuckDB write finished work to disk instead of holding the whole build in memory.
        with repo.transaction():
            repo.execute_script(_sql(kecamatan, tahun_awal, tahun_akhir, seed))
        for dari in range(1, kecamatan + 1, PER_BAGIAN):
            sampai = min(dari + PER_BAGIAN - 1, kecamatan)
            with repo.transaction():
                repo.execute_script(_sql_bagian(dari, sampai, tahun_awal, tahun_akhir))
            with repo.transaction():
                refresh_derived(repo, [NAMA.format(k) for k in range(dari, sampai + 1)])
        tables = ("kecamatan", "indikator", "target", "realisasi", "skm_unsur", "anggaran", "hitung_temuan")
        return {t: repo.jumlah_baris(t) for t in tables}

    return HasilSintetis(db_path, tulis_lalu_tukar(db_path, isi, dari_awal=True))
