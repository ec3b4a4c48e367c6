-- The only DDL of the project.  Three layers (jaffle-shop style):
--   raw tables       : what the documents / imports say, each row citing its source
--   hitung_* tables  : values computed by lkjip.calc (one implementation of each rule),
--                      refreshed in the same transaction as every write
--   v_* views        : the public contract read by pages, exports, checks and BI tools
-- Units are in column names where they matter (_persen, _rupiah is implied for anggaran).
-- The tables are portable SQL, run as they are on DuckDB and on PostgreSQL (lkjip.pg.skema, issue 18): standard types
-- (DOUBLE PRECISION, not DuckDB's DOUBLE; TINYINT, which PostgreSQL gets as a domain over SMALLINT), CHECK, DEFAULT and
-- PRIMARY KEY only. The views and the macro below them are DuckDB's and live in the read model only.

-- The large value tables (target, realisasi, skm, skm_unsur, anggaran, anggaran_kas) declare no PRIMARY KEY:
-- DuckDB's key indexes doubled the time of loading them and of every commit at national scale (issue 7).
-- Their keys are checked instead by lkjip.db.derive before every write is committed (KUNCI_MENTAH).

-- ---------------------------------------------------------------- raw: wilayah
CREATE TABLE kab_kota (
    nama      TEXT PRIMARY KEY,
    jenis     TEXT NOT NULL CHECK (jenis IN ('Kota', 'Kabupaten')),
    provinsi  TEXT NOT NULL,
    sintetis  BOOLEAN NOT NULL DEFAULT false
);
CREATE TABLE kecamatan (
    nama      TEXT PRIMARY KEY,
    kab_kota  TEXT NOT NULL,
    sintetis  BOOLEAN NOT NULL DEFAULT false
);
CREATE TABLE kelurahan (
    kecamatan       TEXT NOT NULL,
    nama            TEXT NOT NULL,
    jenis           TEXT NOT NULL CHECK (jenis IN ('kelurahan', 'desa')),
    luas_ha         DOUBLE PRECISION,
    sumber_dokumen  TEXT NOT NULL,
    sumber_tabel    TEXT NOT NULL,
    PRIMARY KEY (kecamatan, nama)
);

-- ---------------------------------------------------------------- raw: sources
CREATE TABLE dokumen (
    dokumen_id    TEXT PRIMARY KEY,       -- file name of the source (seed document or imported file)
    kecamatan     TEXT NOT NULL,
    jenis         TEXT NOT NULL,          -- LKjIP, LKIP, PK Perubahan, Renstra, Impor, Sintetis
    tahun         INTEGER NOT NULL,       -- the year the document reports on
    tanggal       DATE,
    judul         TEXT NOT NULL,
    format_angka  TEXT NOT NULL CHECK (format_angka IN ('id', 'en')),
    sha256        TEXT,
    catatan       TEXT
);

-- ---------------------------------------------------------------- raw: performance
CREATE TABLE sasaran (
    sasaran_id      TEXT PRIMARY KEY,
    kecamatan       TEXT NOT NULL,
    tingkat         TEXT NOT NULL CHECK (tingkat IN ('tujuan', 'sasaran', 'program', 'kegiatan')),
    nama            TEXT NOT NULL,
    sumber_dokumen  TEXT NOT NULL,
    sumber_tabel    TEXT NOT NULL
);
CREATE TABLE indikator (
    indikator_id     TEXT PRIMARY KEY,
    kecamatan        TEXT NOT NULL,
    sasaran_id       TEXT,
    tingkat          TEXT NOT NULL CHECK (tingkat IN ('tujuan', 'iku', 'sasaran', 'program', 'kegiatan')),
    nama             TEXT NOT NULL,
    satuan           TEXT NOT NULL,
    arah             TEXT NOT NULL CHECK (arah IN ('naik', 'turun')),
    agregasi         TEXT NOT NULL CHECK (agregasi IN ('kumulatif', 'nilai_akhir', 'rata_rata')),
    formula_capaian  TEXT NOT NULL CHECK (formula_capaian IN ('naik_rasio', 'turun_selisih', 'turun_rasio')),
    tema             TEXT,
    definisi         TEXT,
    sumber_data      TEXT,
    sumber_dokumen   TEXT NOT NULL,
    sumber_tabel     TEXT NOT NULL,
    catatan          TEXT
);
CREATE TABLE target (
    indikator_id    TEXT NOT NULL,
    tahun           INTEGER NOT NULL,
    periode         TEXT NOT NULL CHECK (periode IN ('Tahunan', 'TW1', 'TW2', 'TW3', 'TW4', 'S1', 'S2')),
    jenis           TEXT NOT NULL CHECK (jenis IN ('Renstra', 'PK', 'PK Perubahan', 'Kondisi Awal', 'Target Akhir Renstra')),
    nilai           DOUBLE PRECISION,               -- NULL when the target is a grade or text
    nilai_atas      DOUBLE PRECISION,               -- upper bound of a range target ("60-70")
    nilai_teks      TEXT,                 -- as printed
    utama           BOOLEAN NOT NULL DEFAULT false,
    sumber_dokumen  TEXT NOT NULL,
    sumber_tabel    TEXT NOT NULL,
    perbaikan       TEXT,
    catatan         TEXT
    -- key: (indikator_id, tahun, periode, jenis, sumber_dokumen, sumber_tabel) (lkjip.db.queries.KUNCI_MENTAH)
);
CREATE TABLE realisasi (
    indikator_id    TEXT NOT NULL,
    tahun           INTEGER NOT NULL,
    periode         TEXT NOT NULL CHECK (periode IN ('Tahunan', 'TW1', 'TW2', 'TW3', 'TW4', 'S1', 'S2')),
    nilai           DOUBLE PRECISION,               -- NULL: empty cell or text
    nilai_teks      TEXT,
    utama           BOOLEAN NOT NULL DEFAULT false,
    sumber_dokumen  TEXT NOT NULL,
    sumber_tabel    TEXT NOT NULL,
    perbaikan       TEXT,
    catatan         TEXT
    -- key: (indikator_id, tahun, periode, sumber_dokumen, sumber_tabel) (lkjip.db.queries.KUNCI_MENTAH)
);
-- What a report states as capaian / category / change, kept to compare with our own computation.
CREATE TABLE capaian_laporan (
    indikator_id    TEXT NOT NULL,
    tahun           INTEGER NOT NULL,
    periode         TEXT NOT NULL,
    terhadap        TEXT NOT NULL CHECK (terhadap IN ('target', 'target_akhir_renstra', 'tahun_sebelumnya')),
    nilai           DOUBLE PRECISION,
    nilai_teks      TEXT,
    kategori_teks   TEXT,
    sumber_dokumen  TEXT NOT NULL,
    sumber_tabel    TEXT NOT NULL,
    catatan         TEXT,
    PRIMARY KEY (indikator_id, tahun, periode, terhadap, sumber_dokumen, sumber_tabel)
);

-- ---------------------------------------------------------------- raw: SKM
CREATE TABLE skm (
    kecamatan       TEXT NOT NULL,
    tahun           INTEGER NOT NULL,
    periode         TEXT NOT NULL CHECK (periode IN ('Tahunan', 'TW1', 'TW2', 'TW3', 'TW4', 'S1', 'S2')),
    jenis_layanan   TEXT NOT NULL DEFAULT 'Semua layanan',
    responden       INTEGER,
    ikm             DOUBLE PRECISION,               -- as the report states it
    ikm_teks        TEXT,
    mutu_teks       TEXT,
    cara_bentuk     TEXT,                 -- how the reported value was formed (pooled answers, mean of periods, ...)
    utama           BOOLEAN NOT NULL DEFAULT false,
    sumber_dokumen  TEXT NOT NULL,
    sumber_tabel    TEXT NOT NULL,
    catatan         TEXT
    -- key: (kecamatan, tahun, periode, jenis_layanan, sumber_dokumen, sumber_tabel) (lkjip.db.queries.KUNCI_MENTAH)
);
CREATE TABLE skm_unsur (
    kecamatan          TEXT NOT NULL,
    tahun              INTEGER NOT NULL,
    periode            TEXT NOT NULL,
    jenis_layanan      TEXT NOT NULL DEFAULT 'Semua layanan',
    unsur_kode         TEXT NOT NULL CHECK (unsur_kode IN ('U1','U2','U3','U4','U5','U6','U7','U8','U9')),
    unsur_nama_laporan TEXT NOT NULL,
    nrr                DOUBLE PRECISION,
    nrr_teks           TEXT,
    ikm_unsur          DOUBLE PRECISION,            -- as reported (NRR × 25), if the report gives it
    mutu_teks          TEXT,
    sumber_dokumen     TEXT NOT NULL,
    sumber_tabel       TEXT NOT NULL,
    catatan            TEXT
    -- key: (kecamatan, tahun, periode, jenis_layanan, unsur_kode, sumber_dokumen, sumber_tabel) (lkjip.db.queries.KUNCI_MENTAH)
);
-- Raw questionnaire answers, one row per respondent (filled by imports).
CREATE TABLE skm_jawaban (
    kecamatan       TEXT NOT NULL,
    tahun           INTEGER NOT NULL,
    periode         TEXT NOT NULL,
    jenis_layanan   TEXT NOT NULL DEFAULT 'Semua layanan',
    responden_ke    INTEGER NOT NULL,
    tanggal         DATE,
    jenis_kelamin   TEXT,
    usia            INTEGER,
    pendidikan      TEXT,
    pekerjaan       TEXT,
    u1 TINYINT NOT NULL CHECK (u1 BETWEEN 1 AND 4), u2 TINYINT NOT NULL CHECK (u2 BETWEEN 1 AND 4),
    u3 TINYINT NOT NULL CHECK (u3 BETWEEN 1 AND 4), u4 TINYINT NOT NULL CHECK (u4 BETWEEN 1 AND 4),
    u5 TINYINT NOT NULL CHECK (u5 BETWEEN 1 AND 4), u6 TINYINT NOT NULL CHECK (u6 BETWEEN 1 AND 4),
    u7 TINYINT NOT NULL CHECK (u7 BETWEEN 1 AND 4), u8 TINYINT NOT NULL CHECK (u8 BETWEEN 1 AND 4),
    u9 TINYINT NOT NULL CHECK (u9 BETWEEN 1 AND 4),
    sumber_dokumen  TEXT NOT NULL,
    sumber_tabel    TEXT NOT NULL,
    PRIMARY KEY (kecamatan, tahun, periode, jenis_layanan, responden_ke, sumber_dokumen)
);

-- ---------------------------------------------------------------- raw: budget
CREATE TABLE anggaran (
    anggaran_id         TEXT NOT NULL,
    kecamatan           TEXT NOT NULL,
    tahun               INTEGER NOT NULL,
    level               TEXT NOT NULL CHECK (level IN ('total', 'jenis_belanja', 'sasaran', 'program', 'kegiatan', 'sub_kegiatan')),
    kode                TEXT,
    nama                TEXT NOT NULL,
    induk_id            TEXT,
    sasaran_id          TEXT,
    pagu_murni          DOUBLE PRECISION,
    pagu_perubahan      DOUBLE PRECISION,
    realisasi           DOUBLE PRECISION,
    serapan_dilaporkan  DOUBLE PRECISION,
    utama               BOOLEAN NOT NULL DEFAULT false,
    sumber_dokumen      TEXT NOT NULL,
    sumber_tabel        TEXT NOT NULL,
    perbaikan           TEXT,
    catatan             TEXT
    -- key: (anggaran_id, sumber_dokumen, sumber_tabel) (lkjip.db.queries.KUNCI_MENTAH)
);
CREATE TABLE anggaran_kas (
    kecamatan       TEXT NOT NULL,
    tahun           INTEGER NOT NULL,
    anggaran_id     TEXT NOT NULL,        -- the line item (an anggaran row of the same source table)
    nama            TEXT NOT NULL,
    triwulan        INTEGER NOT NULL CHECK (triwulan BETWEEN 1 AND 4),
    rencana         DOUBLE PRECISION,
    realisasi       DOUBLE PRECISION,
    sumber_dokumen  TEXT NOT NULL,
    sumber_tabel    TEXT NOT NULL,
    perbaikan       TEXT,
    catatan         TEXT
    -- key: (kecamatan, tahun, anggaran_id, triwulan, sumber_dokumen, sumber_tabel) (lkjip.db.queries.KUNCI_MENTAH)
);
CREATE TABLE efisiensi_laporan (
    kecamatan       TEXT NOT NULL,
    tahun           INTEGER NOT NULL,
    sasaran_id      TEXT,
    indikator_id    TEXT,
    anggaran_id     TEXT,
    metode          TEXT NOT NULL,
    capaian_dilaporkan DOUBLE PRECISION,            -- the capaian the report fed into its method, if printed
    nilai           DOUBLE PRECISION,
    label           TEXT,
    nilai_teks      TEXT,
    sumber_dokumen  TEXT NOT NULL,
    sumber_tabel    TEXT NOT NULL,
    catatan         TEXT
);

-- ---------------------------------------------------------------- raw: evaluation, comparison
CREATE TABLE evaluasi_sakip (
    kecamatan       TEXT NOT NULL,
    tahun_dinilai   INTEGER NOT NULL,
    komponen        TEXT NOT NULL,        -- 'Total' for the overall score
    bobot           DOUBLE PRECISION,
    nilai           DOUBLE PRECISION,
    nilai_teks      TEXT,
    predikat_teks   TEXT,
    utama           BOOLEAN NOT NULL DEFAULT false,
    sumber_dokumen  TEXT NOT NULL,
    sumber_tabel    TEXT NOT NULL,
    catatan         TEXT,
    PRIMARY KEY (kecamatan, tahun_dinilai, komponen, sumber_dokumen, sumber_tabel)
);
CREATE TABLE pembanding (
    kecamatan       TEXT NOT NULL,        -- the kecamatan whose report cites the value
    tahun           INTEGER NOT NULL,
    pembanding      TEXT NOT NULL,        -- who is compared (e.g. Kecamatan Banjar, Kab. Buleleng)
    indikator       TEXT NOT NULL,
    nilai           DOUBLE PRECISION,
    nilai_teks      TEXT,
    target          DOUBLE PRECISION,
    persen_dilaporkan DOUBLE PRECISION,             -- capaian the report prints for the compared unit
    satuan          TEXT,
    sumber_dokumen  TEXT NOT NULL,
    sumber_tabel    TEXT NOT NULL,
    catatan         TEXT
);

-- What a report states as the causes of success or failure of an indicator (text, kept verbatim).
CREATE TABLE faktor (
    indikator_id    TEXT NOT NULL,
    tahun           INTEGER NOT NULL,
    jenis           TEXT NOT NULL CHECK (jenis IN ('pendukung', 'penghambat', 'solusi')),
    teks            TEXT NOT NULL,
    sumber_dokumen  TEXT NOT NULL,
    sumber_tabel    TEXT NOT NULL
);

-- Supporting tables of a report (per desa, per month): long format, one printed cell per row.
CREATE TABLE data_pendukung (
    kecamatan       TEXT NOT NULL,
    tahun           INTEGER NOT NULL,
    topik           TEXT NOT NULL,        -- e.g. 'Pendapatan Asli Desa', 'Layanan PATEN'
    wilayah         TEXT,                 -- desa/kelurahan, a service, or 'Jumlah' for a printed total
    periode         TEXT,                 -- month name, or 'Jumlah' for a printed row total
    ukuran          TEXT NOT NULL,        -- what the number measures (pagu, realisasi, laki-laki, ...)
    nilai           DOUBLE PRECISION,
    nilai_teks      TEXT,
    satuan          TEXT,
    sumber_dokumen  TEXT NOT NULL,
    sumber_tabel    TEXT NOT NULL,
    catatan         TEXT
);

-- Every write by an import or a form: when, what (old -> new), from which file (and its SHA-256) or form.
CREATE TABLE audit_log (
    waktu           TIMESTAMP NOT NULL,
    tabel           TEXT NOT NULL,
    kunci           TEXT NOT NULL,
    kolom           TEXT NOT NULL,
    nilai_lama      TEXT,
    nilai_baru      TEXT,
    sumber          TEXT NOT NULL,        -- file name, or 'formulir'
    sha256          TEXT,
    pengguna        TEXT,                 -- the signed-in email, or in local mode the name typed (lkjip.akses)
    peran           TEXT,                 -- the role then (admin, verifikator, camat, operator), or 'lokal'
    alasan          TEXT                  -- why: the reason of a return or an unlock (lkjip.calc.alur)
);

-- ---------------------------------------------------------------- raw: who may do what (lkjip.akses)
-- Users and their role over a scope; kept across a rebuild from data/ (lkjip.build), unlike imports.
CREATE TABLE pengguna (
    email           TEXT PRIMARY KEY,     -- lowercased
    subjek          TEXT,                 -- the identity provider's subject, once signed in
    nama            TEXT NOT NULL,
    peran           TEXT NOT NULL CHECK (peran IN ('admin', 'verifikator', 'camat', 'operator', 'pembaca')),
    jenis_lingkup   TEXT CHECK (jenis_lingkup IN ('kecamatan', 'kab_kota', 'provinsi')),
    lingkup         TEXT,                 -- the kecamatan, kab/kota or provinsi of jenis_lingkup
    aktif           BOOLEAN NOT NULL DEFAULT true,
    dibuat          TIMESTAMP NOT NULL
);
-- The approval workflow's state of one kecamatan × year × period × kind (lkjip.calc.alur); no row: draf.
CREATE TABLE status_periode (
    kecamatan       TEXT NOT NULL,
    tahun           INTEGER NOT NULL,
    periode         TEXT NOT NULL CHECK (periode IN ('Tahunan', 'TW1', 'TW2', 'TW3', 'TW4', 'S1', 'S2')),
    jenis           TEXT NOT NULL CHECK (jenis IN ('realisasi', 'skm', 'anggaran', 'sakip')),
    status          TEXT NOT NULL CHECK (status IN ('draf', 'diajukan', 'dikembalikan', 'disetujui', 'terkunci', 'dibuka')),
    diubah          TIMESTAMP NOT NULL,
    oleh            TEXT,                 -- as audit_log.pengguna
    alasan          TEXT,
    PRIMARY KEY (kecamatan, tahun, periode, jenis)
);
-- The comment thread of a period (catatan verifikasi, lkjip.db.catatan): a camat's, verifikator's or operator's note
-- on one value (indikator_id) or on the period as a whole (indikator_id NULL); any workflow state, locked included.
-- Not kept across a rebuild from data/ (lkjip.build), like imports, status_periode and the change log that records
-- them: a rebuild throws away what was written since, and a note about a value that is gone would point at nothing.
CREATE TABLE catatan_verifikasi (
    id              BIGINT PRIMARY KEY,   -- 1, 2, ... in the order written (max + 1 under the write lock)
    kecamatan       TEXT NOT NULL,
    tahun           INTEGER NOT NULL,
    periode         TEXT NOT NULL CHECK (periode IN ('Tahunan', 'TW1', 'TW2', 'TW3', 'TW4', 'S1', 'S2')),
    jenis           TEXT NOT NULL CHECK (jenis IN ('realisasi', 'skm', 'anggaran', 'sakip')),
    indikator_id    TEXT,                 -- NULL: the period as a whole
    teks            TEXT NOT NULL,
    pengguna        TEXT,                 -- as audit_log.pengguna
    peran           TEXT NOT NULL,        -- as audit_log.peran
    waktu           TIMESTAMP NOT NULL
);

-- ---------------------------------------------------------------- computed by lkjip.calc
-- No PRIMARY KEY here: lkjip.db.derive is the only writer; its KUNCI_HITUNG lists each table's key (tested).
-- One row per (indikator, tahun, periode) with a realisasi: the realisasi and target in use (stg_capaian_input,
-- stored so that reading one kecamatan does not rank every row of every kecamatan again) and the capaian from them.
CREATE TABLE hitung_capaian (
    indikator_id    TEXT NOT NULL,
    kecamatan       TEXT NOT NULL,
    tahun           INTEGER NOT NULL,
    periode         TEXT NOT NULL,
    target          DOUBLE PRECISION,
    target_atas     DOUBLE PRECISION,
    target_teks     TEXT,
    target_jenis    TEXT,
    target_sumber_dokumen TEXT,
    target_sumber_tabel   TEXT,
    realisasi       DOUBLE PRECISION,
    realisasi_teks  TEXT,
    sumber_dokumen  TEXT NOT NULL,
    sumber_tabel    TEXT NOT NULL,
    formula         TEXT NOT NULL,
    capaian_persen  DOUBLE PRECISION,
    kategori        TEXT,
    alasan          TEXT                  -- why capaian_persen is NULL
);
CREATE TABLE hitung_skm (
    kecamatan       TEXT NOT NULL,
    tahun           INTEGER NOT NULL,
    periode         TEXT NOT NULL,
    jenis_layanan   TEXT NOT NULL,
    responden_dihitung INTEGER,
    ikm_dihitung    DOUBLE PRECISION,
    dasar           TEXT,                 -- 'jawaban responden' or 'NRR per unsur' or NULL
    mutu            TEXT,                 -- of ikm_dihitung, else of the reported IKM
    alasan          TEXT
);
CREATE TABLE hitung_skm_unsur (
    kecamatan       TEXT NOT NULL,
    tahun           INTEGER NOT NULL,
    periode         TEXT NOT NULL,
    jenis_layanan   TEXT NOT NULL,
    unsur_kode      TEXT NOT NULL,
    nrr             DOUBLE PRECISION,
    dasar           TEXT,
    ikm_unsur       DOUBLE PRECISION,
    mutu            TEXT,
    sumber_dokumen  TEXT NOT NULL,
    sumber_tabel    TEXT NOT NULL
);
CREATE TABLE hitung_anggaran (
    anggaran_id     TEXT NOT NULL,
    kecamatan       TEXT NOT NULL,
    sumber_dokumen  TEXT NOT NULL,
    sumber_tabel    TEXT NOT NULL,
    serapan_persen  DOUBLE PRECISION,
    alasan          TEXT
);
CREATE TABLE hitung_sakip (
    kecamatan       TEXT NOT NULL,
    tahun_dinilai   INTEGER NOT NULL,
    komponen        TEXT NOT NULL,
    sumber_dokumen  TEXT NOT NULL,
    sumber_tabel    TEXT NOT NULL,
    predikat        TEXT
);
CREATE TABLE hitung_temuan (
    kecamatan         TEXT NOT NULL,
    tahun             INTEGER,
    jenis             TEXT NOT NULL,
    subjek            TEXT NOT NULL,
    pesan             TEXT NOT NULL,
    nilai_dilaporkan  TEXT,
    nilai_dihitung    TEXT,
    sumber_dokumen    TEXT NOT NULL,
    sumber_tabel      TEXT NOT NULL
);

-- ---------------------------------------------------------------- staging (internal)
CREATE VIEW stg_wilayah AS
SELECT k.nama AS kecamatan, k.kab_kota, kk.provinsi, k.sintetis
FROM kecamatan k JOIN kab_kota kk ON kk.nama = k.kab_kota;

-- One row per (indikator, tahun, periode) that has a realisasi: the realisasi
-- marked utama (else the only/first one), and the target in force: utama first,
-- then PK Perubahan over PK over Renstra.
-- A table macro over the kecamatan in ``lingkup`` (a list), so the ranking runs on their rows only.
CREATE MACRO stg_capaian_input(lingkup) AS TABLE
WITH dalam AS (
    SELECT indikator_id FROM indikator WHERE kecamatan IN (SELECT unnest(lingkup))
), real_ranked AS (
    SELECT r.*, row_number() OVER (
        PARTITION BY r.indikator_id, r.tahun, r.periode
        ORDER BY (d.jenis = 'Impor') DESC, utama DESC, r.sumber_dokumen, r.sumber_tabel) AS rn
    FROM realisasi r LEFT JOIN dokumen d ON d.dokumen_id = r.sumber_dokumen
    WHERE r.indikator_id IN (SELECT indikator_id FROM dalam)
), target_ranked AS (
    SELECT t.*, row_number() OVER (
        PARTITION BY t.indikator_id, t.tahun, t.periode
        ORDER BY (d.jenis = 'Impor') DESC, utama DESC,
                 CASE t.jenis WHEN 'PK Perubahan' THEN 1 WHEN 'PK' THEN 2 WHEN 'Renstra' THEN 3 ELSE 9 END,
                 t.sumber_dokumen, t.sumber_tabel) AS rn
    FROM target t LEFT JOIN dokumen d ON d.dokumen_id = t.sumber_dokumen
    WHERE t.jenis IN ('PK Perubahan', 'PK', 'Renstra') AND t.indikator_id IN (SELECT indikator_id FROM dalam)
)
SELECT r.indikator_id, r.tahun, r.periode,
       t.nilai AS target, t.nilai_atas AS target_atas, t.nilai_teks AS target_teks, t.jenis AS target_jenis,
       t.sumber_dokumen AS target_sumber_dokumen, t.sumber_tabel AS target_sumber_tabel,
       r.nilai AS realisasi, r.nilai_teks AS realisasi_teks,
       r.sumber_dokumen, r.sumber_tabel,
       i.kecamatan, i.arah, i.formula_capaian
FROM real_ranked r
JOIN indikator i USING (indikator_id)
LEFT JOIN target_ranked t
  ON t.indikator_id = r.indikator_id AND t.tahun = r.tahun AND t.periode = r.periode AND t.rn = 1
WHERE r.rn = 1;

-- ---------------------------------------------------------------- public views (the contract)
CREATE VIEW v_capaian AS
WITH reported AS (
    SELECT indikator_id, tahun, periode, sumber_dokumen, sumber_tabel,
           any_value(nilai) AS capaian_dilaporkan, any_value(kategori_teks) AS kategori_dilaporkan
    FROM capaian_laporan WHERE terhadap = 'target'
    GROUP BY ALL
)
SELECT w.kecamatan, w.kab_kota, w.provinsi,
       s.tahun, s.periode,
       sa.nama AS sasaran, i.nama AS indikator, i.indikator_id, i.tingkat, i.tema,
       i.satuan, i.arah, i.agregasi,
       s.target, s.target_atas, s.target_teks, s.target_jenis,
       s.realisasi, s.realisasi_teks,
       s.capaian_persen, rep.capaian_dilaporkan, s.kategori, rep.kategori_dilaporkan,
       s.formula, s.alasan,
       s.sumber_dokumen, s.sumber_tabel, s.target_sumber_dokumen, s.target_sumber_tabel,
       w.sintetis
FROM hitung_capaian s
JOIN indikator i USING (indikator_id)
JOIN stg_wilayah w ON w.kecamatan = s.kecamatan
LEFT JOIN sasaran sa ON sa.sasaran_id = i.sasaran_id
LEFT JOIN reported rep
  ON rep.indikator_id = s.indikator_id AND rep.tahun = s.tahun AND rep.periode = s.periode
 AND rep.sumber_dokumen = s.sumber_dokumen AND rep.sumber_tabel = s.sumber_tabel;

-- Every target of every indicator (Renstra per year, PK, kondisi awal, target akhir).
CREATE VIEW v_target AS
SELECT i.kecamatan, t.tahun, t.periode, i.indikator_id, i.nama AS indikator, i.satuan, i.arah,
       t.jenis, t.nilai AS target, t.nilai_atas AS target_atas, t.nilai_teks AS target_teks,
       t.utama, t.sumber_dokumen, t.sumber_tabel, t.perbaikan, t.catatan
FROM target t JOIN indikator i USING (indikator_id);

CREATE VIEW v_indikator AS
SELECT i.kecamatan, i.indikator_id, i.nama AS indikator, i.tingkat, sa.nama AS sasaran, i.satuan, i.arah,
       i.agregasi, i.formula_capaian, i.tema, i.definisi, i.sumber_data,
       i.sumber_dokumen, i.sumber_tabel, i.catatan
FROM indikator i LEFT JOIN sasaran sa USING (sasaran_id);

-- Every value as each table of each report states it; several rows per fact when tables disagree.
CREATE VIEW v_laporan_nilai AS
-- kunci identifies the fact (indikator_id, anggaran_id, ...): names can repeat (one sub kegiatan per kelurahan).
SELECT i.kecamatan, t.tahun, t.periode, 'indikator' AS ranah, t.indikator_id AS kunci, i.nama AS subjek,
       'target ' || t.jenis AS besaran, t.nilai, t.nilai_teks, t.utama AS dipakai,
       t.sumber_dokumen, t.sumber_tabel, t.perbaikan AS catatan
FROM target t JOIN indikator i USING (indikator_id)
UNION ALL
SELECT i.kecamatan, r.tahun, r.periode, 'indikator', r.indikator_id, i.nama, 'realisasi', r.nilai, r.nilai_teks,
       (s.sumber_dokumen IS NOT NULL), r.sumber_dokumen, r.sumber_tabel, r.perbaikan
FROM realisasi r JOIN indikator i USING (indikator_id)
LEFT JOIN hitung_capaian s
  ON s.indikator_id = r.indikator_id AND s.tahun = r.tahun AND s.periode = r.periode
 AND s.sumber_dokumen = r.sumber_dokumen AND s.sumber_tabel = r.sumber_tabel
UNION ALL
-- a report's capaian is the one in use when it is printed in the table whose realisasi is in use (as in v_capaian)
SELECT i.kecamatan, c.tahun, c.periode, 'indikator', c.indikator_id, i.nama, 'capaian terhadap ' || c.terhadap,
       c.nilai, c.nilai_teks, (c.terhadap = 'target' AND s.sumber_dokumen IS NOT NULL),
       c.sumber_dokumen, c.sumber_tabel, c.catatan
FROM capaian_laporan c JOIN indikator i USING (indikator_id)
LEFT JOIN hitung_capaian s
  ON s.indikator_id = c.indikator_id AND s.tahun = c.tahun AND s.periode = c.periode
 AND s.sumber_dokumen = c.sumber_dokumen AND s.sumber_tabel = c.sumber_tabel
UNION ALL
SELECT kecamatan, tahun, periode, 'skm', jenis_layanan, 'IKM ' || jenis_layanan, 'ikm', ikm, ikm_teks, utama,
       sumber_dokumen, sumber_tabel, catatan
FROM skm
UNION ALL
SELECT kecamatan, tahun, periode, 'skm', jenis_layanan || ' ' || unsur_kode, unsur_kode || ' ' || unsur_nama_laporan,
       'nrr', nrr, nrr_teks, true, sumber_dokumen, sumber_tabel, catatan
FROM skm_unsur
UNION ALL
SELECT kecamatan, tahun, 'Tahunan', 'anggaran', anggaran_id, nama, unnest(['pagu_murni', 'pagu_perubahan', 'realisasi']),
       unnest([pagu_murni, pagu_perubahan, realisasi]), NULL, utama, sumber_dokumen, sumber_tabel, perbaikan
FROM anggaran
UNION ALL
SELECT kecamatan, tahun_dinilai, 'Tahunan', 'evaluasi_sakip', komponen, 'Evaluasi SAKIP: ' || komponen, 'nilai',
       nilai, nilai_teks, utama, sumber_dokumen, sumber_tabel, catatan
FROM evaluasi_sakip;

CREATE VIEW v_skm AS
WITH ranked AS (
    SELECT s.*, row_number() OVER (
        PARTITION BY kecamatan, tahun, periode, jenis_layanan
        ORDER BY utama DESC, sumber_dokumen, sumber_tabel) AS rn
    FROM skm s
), keys AS (
    SELECT kecamatan, tahun, periode, jenis_layanan FROM skm
    UNION SELECT kecamatan, tahun, periode, jenis_layanan FROM hitung_skm
)
SELECT k.kecamatan, k.tahun, k.periode, k.jenis_layanan,
       coalesce(r.responden, h.responden_dihitung) AS responden,
       r.ikm AS ikm_dilaporkan, r.mutu_teks AS mutu_dilaporkan,
       h.ikm_dihitung, h.dasar AS dasar_perhitungan, h.mutu, h.alasan,
       r.cara_bentuk,
       coalesce(r.sumber_dokumen, u.sumber_dokumen) AS sumber_dokumen,
       coalesce(r.sumber_tabel, u.sumber_tabel) AS sumber_tabel
FROM keys k
LEFT JOIN ranked r
  ON r.kecamatan = k.kecamatan AND r.tahun = k.tahun AND r.periode = k.periode
 AND r.jenis_layanan = k.jenis_layanan AND r.rn = 1
LEFT JOIN hitung_skm h
  ON h.kecamatan = k.kecamatan AND h.tahun = k.tahun AND h.periode = k.periode AND h.jenis_layanan = k.jenis_layanan
LEFT JOIN (SELECT kecamatan, tahun, periode, jenis_layanan,
                  min(sumber_dokumen) AS sumber_dokumen, min(sumber_tabel) AS sumber_tabel
           FROM hitung_skm_unsur GROUP BY ALL) u
  ON u.kecamatan = k.kecamatan AND u.tahun = k.tahun AND u.periode = k.periode AND u.jenis_layanan = k.jenis_layanan;

CREATE VIEW v_skm_unsur AS
SELECT h.kecamatan, h.tahun, h.periode, h.jenis_layanan, h.unsur_kode, n.unsur_nama,
       h.nrr, h.ikm_unsur, h.mutu, h.dasar AS dasar_perhitungan,
       h.sumber_dokumen, h.sumber_tabel
FROM hitung_skm_unsur h
JOIN (VALUES ('U1', 'Persyaratan'), ('U2', 'Sistem, mekanisme dan prosedur'), ('U3', 'Waktu penyelesaian'),
             ('U4', 'Biaya/tarif'), ('U5', 'Produk spesifikasi jenis pelayanan'), ('U6', 'Kompetensi pelaksana'),
             ('U7', 'Perilaku pelaksana'), ('U8', 'Penanganan pengaduan, saran dan masukan'),
             ('U9', 'Sarana dan prasarana')) n(unsur_kode, unsur_nama) USING (unsur_kode);

-- One row per budget item: its row in use (utama), each value chosen on its own. A value the row in use leaves
-- empty comes from another table of the same document that prints it (numbered tables before the narration, then by
-- name), and sumber_<value> names the table each value came from: Kota Bangun 2023's total takes its pagu murni from
-- Tabel 2.6, its pagu perubahan and realisasi from Bab III.
CREATE VIEW stg_anggaran AS
WITH lain AS (
    SELECT anggaran_id, sumber_dokumen,
           first(pagu_murni ORDER BY narasi, sumber_tabel) FILTER (WHERE pagu_murni IS NOT NULL) AS pagu_murni,
           first(sumber_tabel ORDER BY narasi, sumber_tabel) FILTER (WHERE pagu_murni IS NOT NULL) AS tabel_pm,
           first(pagu_perubahan ORDER BY narasi, sumber_tabel) FILTER (WHERE pagu_perubahan IS NOT NULL)
               AS pagu_perubahan,
           first(sumber_tabel ORDER BY narasi, sumber_tabel) FILTER (WHERE pagu_perubahan IS NOT NULL) AS tabel_pp,
           first(realisasi ORDER BY narasi, sumber_tabel) FILTER (WHERE realisasi IS NOT NULL) AS realisasi,
           first(sumber_tabel ORDER BY narasi, sumber_tabel) FILTER (WHERE realisasi IS NOT NULL) AS tabel_r
    FROM (SELECT *, sumber_tabel NOT LIKE 'Tabel%' AS narasi FROM anggaran WHERE NOT utama)
    GROUP BY anggaran_id, sumber_dokumen
)
SELECT a.* REPLACE (
           coalesce(a.pagu_murni, l.pagu_murni) AS pagu_murni,
           coalesce(a.pagu_perubahan, l.pagu_perubahan) AS pagu_perubahan,
           coalesce(a.realisasi, l.realisasi) AS realisasi),
       CASE WHEN a.pagu_murni IS NOT NULL THEN a.sumber_tabel ELSE l.tabel_pm END AS sumber_pagu_murni,
       CASE WHEN a.pagu_perubahan IS NOT NULL THEN a.sumber_tabel ELSE l.tabel_pp END AS sumber_pagu_perubahan,
       CASE WHEN a.realisasi IS NOT NULL THEN a.sumber_tabel ELSE l.tabel_r END AS sumber_realisasi
FROM anggaran a
LEFT JOIN lain l USING (anggaran_id, sumber_dokumen)
WHERE a.utama;

-- the parent's name as its row in use states it (else the first source by name): never an arbitrary row. The
-- parent is in the same kecamatan, which lets a filter on kecamatan reach this grouping too.
CREATE VIEW stg_anggaran_induk AS
SELECT anggaran_id, kecamatan, first(nama ORDER BY utama DESC, sumber_dokumen, sumber_tabel) AS nama
FROM anggaran GROUP BY anggaran_id, kecamatan;

-- serapan from the values chosen (lkjip.db.derive computes it on stg_anggaran)
CREATE VIEW v_anggaran AS
SELECT a.kecamatan, a.tahun, a.level, a.nama, p.nama AS induk, a.anggaran_id, a.induk_id, a.kode,
       a.pagu_murni, a.pagu_perubahan, a.realisasi,
       h.serapan_persen, a.serapan_dilaporkan, h.alasan,
       a.sumber_dokumen, a.sumber_tabel, a.perbaikan,
       a.sumber_pagu_murni, a.sumber_pagu_perubahan, a.sumber_realisasi
FROM stg_anggaran a
LEFT JOIN hitung_anggaran h USING (anggaran_id, sumber_dokumen, sumber_tabel)
LEFT JOIN stg_anggaran_induk p ON p.anggaran_id = a.induk_id AND p.kecamatan = a.kecamatan;

-- each quarter's line with its level and parent, as v_anggaran has them (the line as its own table prints it), so
-- a sum over one level never counts a total beside its sub kegiatan
CREATE VIEW v_anggaran_triwulan AS
SELECT k.kecamatan, k.tahun, a.level, k.nama, p.nama AS induk, k.anggaran_id, a.induk_id,
       k.triwulan, k.rencana, k.realisasi, k.sumber_dokumen, k.sumber_tabel
FROM anggaran_kas k
LEFT JOIN anggaran a USING (anggaran_id, sumber_dokumen, sumber_tabel)
LEFT JOIN stg_anggaran_induk p ON p.anggaran_id = a.induk_id AND p.kecamatan = k.kecamatan;

CREATE VIEW v_evaluasi_sakip AS
SELECT e.kecamatan, e.tahun_dinilai, e.komponen, e.bobot, e.nilai,
       h.predikat, e.predikat_teks AS predikat_dilaporkan,
       e.sumber_dokumen, e.sumber_tabel
FROM evaluasi_sakip e
LEFT JOIN hitung_sakip h USING (kecamatan, tahun_dinilai, komponen, sumber_dokumen, sumber_tabel)
WHERE e.utama;

-- One comparable value per theme, kecamatan and year (per indicator for the capaian themes), with the wilayah to
-- narrow a national comparison. Efisiensi is formed from the serapan rows (capaian_iku beside them) by the rule in
-- lkjip.calc.anggaran, so it is not repeated here.
CREATE VIEW v_benchmark AS
SELECT 'kepuasan_layanan' AS tema, s.kecamatan, w.kab_kota, w.provinsi, s.tahun,
       coalesce(s.ikm_dilaporkan, s.ikm_dihitung) AS nilai, 'IKM' AS satuan, 'mutu ' || s.mutu AS keterangan,
       NULL::DOUBLE PRECISION AS capaian_iku, s.sumber_dokumen, s.sumber_tabel
FROM v_skm s JOIN stg_wilayah w USING (kecamatan)
WHERE s.periode = 'Tahunan'
UNION ALL
SELECT 'akuntabilitas', e.kecamatan, w.kab_kota, w.provinsi, e.tahun_dinilai, e.nilai, 'nilai',
       'predikat ' || e.predikat, NULL, e.sumber_dokumen, e.sumber_tabel
FROM v_evaluasi_sakip e JOIN stg_wilayah w USING (kecamatan)
WHERE e.komponen = 'Total'
UNION ALL
SELECT 'serapan_anggaran', a.kecamatan, w.kab_kota, w.provinsi, a.tahun, a.serapan_persen, '%', NULL,
       iku.capaian_iku, a.sumber_dokumen, a.sumber_tabel
FROM v_anggaran a JOIN stg_wilayah w USING (kecamatan)
LEFT JOIN (SELECT kecamatan, tahun, avg(capaian_persen) AS capaian_iku FROM hitung_capaian h
           JOIN indikator i USING (indikator_id, kecamatan)
           WHERE h.periode = 'Tahunan' AND i.tingkat = 'iku' GROUP BY ALL) iku USING (kecamatan, tahun)
WHERE a.level = 'total' AND a.serapan_persen IS NOT NULL
UNION ALL
SELECT i.tema, h.kecamatan, w.kab_kota, w.provinsi, h.tahun, h.capaian_persen, 'capaian %', i.nama, NULL,
       h.sumber_dokumen, h.sumber_tabel
FROM hitung_capaian h JOIN indikator i USING (indikator_id, kecamatan) JOIN stg_wilayah w ON w.kecamatan = h.kecamatan
WHERE h.periode = 'Tahunan' AND i.tema IN ('ketentraman_ketertiban', 'pemberdayaan_masyarakat')
  AND i.tingkat IN ('iku', 'sasaran') AND h.capaian_persen IS NOT NULL;

CREATE VIEW v_pembanding AS
SELECT kecamatan, tahun, pembanding, indikator, nilai, target, persen_dilaporkan, satuan, nilai_teks, catatan,
       sumber_dokumen, sumber_tabel
FROM pembanding;

CREATE VIEW v_efisiensi_laporan AS
SELECT kecamatan, tahun, sasaran_id, indikator_id, anggaran_id, metode, capaian_dilaporkan, nilai, label, nilai_teks,
       sumber_dokumen, sumber_tabel
FROM efisiensi_laporan;

CREATE VIEW v_faktor AS
SELECT i.kecamatan, f.tahun, f.indikator_id, i.nama AS indikator, f.jenis, f.teks, f.sumber_dokumen, f.sumber_tabel
FROM faktor f JOIN indikator i USING (indikator_id);

CREATE VIEW v_data_pendukung AS
SELECT kecamatan, tahun, topik, wilayah, periode, ukuran, nilai, nilai_teks, satuan, sumber_dokumen, sumber_tabel,
       catatan
FROM data_pendukung;

CREATE VIEW v_temuan AS
SELECT kecamatan, tahun, jenis, subjek, pesan, nilai_dilaporkan, nilai_dihitung, sumber_dokumen, sumber_tabel
FROM hitung_temuan;

CREATE VIEW v_audit AS SELECT * FROM audit_log;

CREATE VIEW v_dokumen AS
SELECT d.*, w.kab_kota, w.provinsi FROM dokumen d LEFT JOIN stg_wilayah w ON w.kecamatan = d.kecamatan;
