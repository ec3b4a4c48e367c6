"""Named queries: one per result.  Pages and the CLI read the public views only;
the derive step and the checks read the raw tables through the ``_``-prefixed names."""

from __future__ import annotations

PUBLIC_VIEWS: tuple[str, ...] = (
    "v_capaian",
    "v_target",
    "v_indikator",
    "v_laporan_nilai",
    "v_skm",
    "v_skm_unsur",
    "v_anggaran",
    "v_anggaran_triwulan",
    "v_evaluasi_sakip",
    "v_pembanding",
    "v_efisiensi_laporan",
    "v_temuan",
    "v_dokumen",
    "v_data_pendukung",
    "v_faktor",
    "v_audit",
    "v_benchmark",
)

# Facts (kecamatan, tahun, periode, ranah, kunci as in v_laporan_nilai) printed more than once, found on each value
# table's own key: only these can be printed with different values.
_FAKTA_GANDA = """
    WITH ind AS (SELECT indikator_id, kecamatan FROM indikator WHERE kecamatan IN (SELECT unnest($lingkup))),
    ganda AS (
        SELECT i.kecamatan, t.tahun, t.periode, 'indikator' AS ranah, t.indikator_id AS kunci
        FROM target t JOIN ind i USING (indikator_id)
        GROUP BY i.kecamatan, t.tahun, t.periode, t.indikator_id, t.jenis HAVING count(*) > 1
        UNION SELECT i.kecamatan, r.tahun, r.periode, 'indikator', r.indikator_id
        FROM realisasi r JOIN ind i USING (indikator_id) GROUP BY ALL HAVING count(*) > 1
        UNION SELECT i.kecamatan, c.tahun, c.periode, 'indikator', c.indikator_id
        FROM capaian_laporan c JOIN ind i USING (indikator_id)
        GROUP BY i.kecamatan, c.tahun, c.periode, c.indikator_id, c.terhadap HAVING count(*) > 1
        UNION SELECT kecamatan, tahun, periode, 'skm', jenis_layanan
        FROM skm WHERE kecamatan IN (SELECT unnest($lingkup)) GROUP BY ALL HAVING count(*) > 1
        UNION SELECT kecamatan, tahun, periode, 'skm', jenis_layanan || ' ' || unsur_kode
        FROM skm_unsur WHERE kecamatan IN (SELECT unnest($lingkup)) GROUP BY ALL HAVING count(*) > 1
        UNION SELECT kecamatan, tahun, 'Tahunan', 'anggaran', anggaran_id
        FROM anggaran WHERE kecamatan IN (SELECT unnest($lingkup)) GROUP BY ALL HAVING count(*) > 1
        UNION SELECT kecamatan, tahun_dinilai, 'Tahunan', 'evaluasi_sakip', komponen
        FROM evaluasi_sakip WHERE kecamatan IN (SELECT unnest($lingkup)) GROUP BY ALL HAVING count(*) > 1
"""

QUERIES: dict[str, str] = {
    # ---------------------------------------------------------------- public reads
    "kecamatan_list": """
        SELECT w.kecamatan, w.kab_kota, w.provinsi, w.sintetis,
               (w.kecamatan IN (SELECT kecamatan FROM indikator UNION SELECT kecamatan FROM anggaran
                                UNION SELECT kecamatan FROM skm)) AS ada_data,
               -- indicators from a published report (not only from imports): where a first visit may open
               (w.kecamatan IN (SELECT i.kecamatan FROM indikator i JOIN dokumen d ON d.dokumen_id = i.sumber_dokumen
                                WHERE d.jenis <> 'Impor')) AS dari_laporan
        FROM stg_wilayah w ORDER BY w.provinsi, w.kab_kota, w.kecamatan
    """,
    # the years of v_capaian, v_anggaran and v_skm (and whether the year has an annual realisation), read from the
    # tables under them (the views join names and
    # sources that a list of years does not need: 40 ms -> 5 ms on every filter change at 7.300 kecamatan);
    # tests/data/test_queries.py checks it equals the union of the views
    "tahun_list": """
        SELECT tahun, bool_or(tahunan) AS ada_tahunan FROM (
            SELECT tahun, periode = 'Tahunan' AND realisasi IS NOT NULL AS tahunan
            FROM hitung_capaian WHERE kecamatan = $kecamatan
            UNION ALL SELECT tahun, false FROM anggaran WHERE kecamatan = $kecamatan AND utama
            UNION ALL SELECT tahun, false FROM skm WHERE kecamatan = $kecamatan
            UNION ALL SELECT tahun, false FROM hitung_skm WHERE kecamatan = $kecamatan
        ) GROUP BY tahun ORDER BY tahun DESC
    """,
    "capaian": """
        SELECT * FROM v_capaian
        WHERE kecamatan = $kecamatan AND tahun = $tahun
        ORDER BY tingkat, indikator_id, periode
    """,
    "capaian_tahunan_dan_sebelumnya": """
        SELECT * FROM v_capaian
        WHERE kecamatan = $kecamatan AND tahun IN ($tahun, $tahun - 1) AND periode = 'Tahunan'
        ORDER BY tahun, tingkat, indikator_id
    """,
    "benchmark": """
        SELECT * FROM v_benchmark
        WHERE tema = $tema AND provinsi = coalesce($provinsi, provinsi) AND kab_kota = coalesce($kab_kota, kab_kota)
        ORDER BY kecamatan, tahun, keterangan
    """,
    # Perbandingan: the chosen kecamatan's values (a list), and the kab/kota around them for the medians
    "benchmark_daftar": """
        SELECT * FROM v_benchmark
        WHERE ($kecamatan IS NULL OR list_contains($kecamatan, kecamatan))
          AND ($kab_kota IS NULL OR list_contains($kab_kota, kab_kota))
        ORDER BY tema, kecamatan, tahun, keterangan
    """,
    "skm_tahunan_daftar": """
        SELECT * FROM v_skm WHERE list_contains($kecamatan, kecamatan) AND periode = 'Tahunan'
        ORDER BY kecamatan, tahun
    """,
    "evaluasi_sakip_daftar": """
        SELECT * FROM v_evaluasi_sakip WHERE list_contains($kecamatan, kecamatan) ORDER BY kecamatan, tahun_dinilai
    """,
    # per kecamatan (of a list, or of a list of kab/kota) its latest period (by year, then $urut) with all nine unsur
    "skm_unsur_terakhir_daftar": """
        WITH lengkap AS (
            SELECT u.kecamatan, u.tahun, u.periode
            FROM v_skm_unsur u JOIN stg_wilayah w USING (kecamatan)
            WHERE ($kecamatan IS NULL OR list_contains($kecamatan, u.kecamatan))
              AND ($kab_kota IS NULL OR list_contains($kab_kota, w.kab_kota))
            GROUP BY ALL HAVING count(DISTINCT u.unsur_kode) = 9
        ), terakhir AS (
            SELECT * FROM lengkap
            QUALIFY row_number() OVER (
                PARTITION BY kecamatan ORDER BY tahun DESC, list_position($urut, periode) DESC) = 1
        )
        SELECT u.*, w.kab_kota FROM v_skm_unsur u JOIN terakhir t USING (kecamatan, tahun, periode)
        JOIN stg_wilayah w USING (kecamatan)
        ORDER BY u.kecamatan, u.unsur_kode
    """,
    "skm": "SELECT * FROM v_skm WHERE kecamatan = $kecamatan ORDER BY tahun, periode",
    "skm_unsur": """
        SELECT * FROM v_skm_unsur WHERE kecamatan = $kecamatan AND tahun = $tahun
        ORDER BY periode, unsur_kode
    """,
    "anggaran": """
        SELECT * FROM v_anggaran WHERE kecamatan = $kecamatan AND tahun = $tahun
        ORDER BY CASE level WHEN 'total' THEN 0 WHEN 'jenis_belanja' THEN 1 WHEN 'sasaran' THEN 2
                 WHEN 'program' THEN 3 WHEN 'kegiatan' THEN 4 ELSE 5 END, anggaran_id
    """,
    "evaluasi_sakip": """
        SELECT * FROM v_evaluasi_sakip WHERE kecamatan = $kecamatan ORDER BY tahun_dinilai, komponen
    """,
    "temuan": """
        SELECT * FROM v_temuan WHERE $kecamatan IS NULL OR kecamatan = $kecamatan
        ORDER BY ALL  -- kecamatan, tahun, jenis, subjek, then every other column: one order whatever the filter
    """,
    "capaian_kecamatan": """
        SELECT * FROM v_capaian WHERE kecamatan = $kecamatan ORDER BY tingkat, indikator_id, tahun, periode
    """,
    # each indicator's annual target for a year in the plans, for a year under way that has no annual realisation
    # (so no v_capaian row): the target in force in the same order as stg_capaian_input (import, utama, then
    # PK Perubahan over PK over Renstra)
    "target_tahunan_berlaku": """
        SELECT indikator_id, target, jenis AS target_jenis FROM (
            SELECT t.*, row_number() OVER (
                PARTITION BY t.indikator_id
                ORDER BY (d.jenis = 'Impor') DESC, t.utama DESC,
                         CASE t.jenis WHEN 'PK Perubahan' THEN 1 WHEN 'PK' THEN 2 ELSE 3 END,
                         t.sumber_dokumen, t.sumber_tabel) AS rn
            FROM v_target t LEFT JOIN v_dokumen d ON d.dokumen_id = t.sumber_dokumen
            WHERE t.kecamatan = $kecamatan AND t.tahun = $tahun AND t.periode = 'Tahunan'
              AND t.jenis IN ('PK Perubahan', 'PK', 'Renstra') AND t.target IS NOT NULL
        ) WHERE rn = 1
    """,
    "target_kecamatan": "SELECT * FROM v_target WHERE kecamatan = $kecamatan ORDER BY indikator_id, tahun, jenis",
    "indikator_kecamatan": "SELECT * FROM v_indikator WHERE kecamatan = $kecamatan ORDER BY tingkat, indikator_id",
    # per kecamatan in the wilayah: its latest period (by year, then $urut) that has all nine unsur
    "skm_unsur_terakhir": """
        WITH lengkap AS (
            SELECT u.kecamatan, u.tahun, u.periode
            FROM v_skm_unsur u JOIN stg_wilayah w USING (kecamatan)
            WHERE w.provinsi = coalesce($provinsi, w.provinsi) AND w.kab_kota = coalesce($kab_kota, w.kab_kota)
            GROUP BY ALL HAVING count(DISTINCT u.unsur_kode) = 9
        ), terakhir AS (
            SELECT * FROM lengkap
            QUALIFY row_number() OVER (
                PARTITION BY kecamatan ORDER BY tahun DESC, list_position($urut, periode) DESC) = 1
        )
        SELECT u.* FROM v_skm_unsur u JOIN terakhir t USING (kecamatan, tahun, periode)
        ORDER BY u.kecamatan, u.unsur_kode
    """,
    "anggaran_kas": """
        SELECT * FROM v_anggaran_triwulan WHERE kecamatan = $kecamatan AND tahun = $tahun ORDER BY anggaran_id, triwulan
    """,
    "pembanding": "SELECT * FROM v_pembanding ORDER BY kecamatan, tahun, indikator, pembanding",
    "efisiensi_laporan": """
        SELECT e.*, a.nama AS anggaran_nama, a.level
        FROM v_efisiensi_laporan e LEFT JOIN v_anggaran a USING (kecamatan, tahun, anggaran_id)
        WHERE e.kecamatan = $kecamatan AND e.tahun = $tahun
    """,
    "data_pendukung": """
        SELECT * FROM v_data_pendukung WHERE kecamatan = $kecamatan AND topik LIKE $topik ORDER BY tahun, wilayah, ukuran
    """,
    "dokumen": "SELECT * FROM v_dokumen WHERE jenis <> 'Sintetis' ORDER BY kecamatan, tahun",
    "dokumen_sintetis": """
        SELECT count(*) AS dokumen, count(DISTINCT kecamatan) AS kecamatan, min(tahun) AS tahun_awal,
               max(tahun) AS tahun_akhir
        FROM v_dokumen WHERE jenis = 'Sintetis'
    """,
    "faktor": """
        SELECT * FROM v_faktor WHERE kecamatan = $kecamatan AND tahun = $tahun ORDER BY indikator_id, jenis
    """,
    # ---------------------------------------------------------------- derive step (internal)
    # Every one reads only the kecamatan in $lingkup (a list: derived values of a kecamatan depend on its own rows
    # only, so a write recomputes the kecamatan it touched and a national build goes chunk by chunk) and is ordered
    # (ORDER BY ALL): the findings must not depend on scan order.
    # one row per (indikator_id, tahun, periode): ordering by the key is deterministic and cheaper than ALL
    "_capaian_input": "SELECT * FROM stg_capaian_input($lingkup) ORDER BY indikator_id, tahun, periode",
    "_indikator": """
        SELECT i.kecamatan, i.indikator_id, i.nama, i.tingkat, i.satuan, i.arah, i.formula_capaian
        FROM indikator i WHERE i.kecamatan IN (SELECT unnest($lingkup))
        ORDER BY ALL
    """,
    "_skm_unsur_laporan": """
        SELECT kecamatan, tahun, periode, jenis_layanan, unsur_kode, nrr, sumber_dokumen, sumber_tabel
        FROM skm_unsur WHERE kecamatan IN (SELECT unnest($lingkup))
        -- a table's value over a value stated in the narrative
        QUALIFY row_number() OVER (PARTITION BY kecamatan, tahun, periode, jenis_layanan, unsur_kode
                                   ORDER BY sumber_tabel LIKE 'Narasi%', sumber_dokumen, sumber_tabel) = 1
        ORDER BY ALL
    """,
    "_skm_jawaban_nrr": """
        SELECT kecamatan, tahun, periode, jenis_layanan, count(*) AS responden,
               avg(u1) AS U1, avg(u2) AS U2, avg(u3) AS U3, avg(u4) AS U4, avg(u5) AS U5,
               avg(u6) AS U6, avg(u7) AS U7, avg(u8) AS U8, avg(u9) AS U9,
               min(sumber_dokumen) AS sumber_dokumen, min(sumber_tabel) AS sumber_tabel
        FROM skm_jawaban WHERE kecamatan IN (SELECT unnest($lingkup)) GROUP BY ALL
        ORDER BY ALL
    """,
    "_skm_laporan": "SELECT * FROM skm WHERE kecamatan IN (SELECT unnest($lingkup)) ORDER BY ALL",
    "_skm_unsur_semua": "SELECT * FROM skm_unsur WHERE kecamatan IN (SELECT unnest($lingkup)) ORDER BY ALL",
    "_hitung_skm": """
        SELECT kecamatan, tahun, periode, jenis_layanan, ikm_dihitung FROM hitung_skm
        WHERE kecamatan IN (SELECT unnest($lingkup)) ORDER BY ALL
    """,
    "_anggaran_kas": "SELECT * FROM anggaran_kas WHERE kecamatan IN (SELECT unnest($lingkup)) ORDER BY ALL",
    "_pembanding": "SELECT * FROM pembanding WHERE kecamatan IN (SELECT unnest($lingkup)) ORDER BY ALL",
    "_data_pendukung": "SELECT * FROM data_pendukung WHERE kecamatan IN (SELECT unnest($lingkup)) ORDER BY ALL",
    "_anggaran": "SELECT * FROM anggaran WHERE kecamatan IN (SELECT unnest($lingkup)) ORDER BY ALL",
    "_anggaran_dipilih": """
        SELECT anggaran_id, kecamatan, sumber_dokumen, sumber_tabel, pagu_murni, pagu_perubahan, realisasi
        FROM stg_anggaran WHERE kecamatan IN (SELECT unnest($lingkup)) ORDER BY ALL
    """,
    "_evaluasi_sakip": "SELECT * FROM evaluasi_sakip WHERE kecamatan IN (SELECT unnest($lingkup)) ORDER BY ALL",
    "_capaian_laporan": """
        SELECT c.*, i.kecamatan, i.nama AS indikator FROM capaian_laporan c JOIN indikator i USING (indikator_id)
        WHERE i.kecamatan IN (SELECT unnest($lingkup))
        ORDER BY ALL
    """,
    # Only the rows a check can use (the checks apply their own rules to them): values of indicators whose capaian a
    # report states, repaired values, and realisations of a year other than the document's. At national scale this
    # is thousands of rows out of millions.
    "_realisasi_diperiksa": """
        SELECT r.*, i.kecamatan, i.nama AS indikator FROM realisasi r JOIN indikator i USING (indikator_id)
        WHERE i.kecamatan IN (SELECT unnest($lingkup))
          AND (r.indikator_id IN (SELECT indikator_id FROM capaian_laporan) OR r.perbaikan IS NOT NULL
               OR r.tahun <> (SELECT d.tahun FROM dokumen d WHERE d.dokumen_id = r.sumber_dokumen))
        ORDER BY ALL
    """,
    "_target_diperiksa": """
        SELECT t.*, i.kecamatan, i.nama AS indikator, i.arah FROM target t JOIN indikator i USING (indikator_id)
        WHERE i.kecamatan IN (SELECT unnest($lingkup))
          AND (t.indikator_id IN (SELECT indikator_id FROM capaian_laporan) OR t.perbaikan IS NOT NULL)
        ORDER BY ALL
    """,
    "_capaian_efisiensi": """
        SELECT indikator_id, tahun, periode, capaian_persen FROM hitung_capaian
        WHERE kecamatan IN (SELECT unnest($lingkup)) AND periode = 'Tahunan'
          AND indikator_id IN (SELECT indikator_id FROM efisiensi_laporan)
        ORDER BY ALL
    """,
    # facts printed with values further apart than rounding (cek_beda_tabel's first condition). Only a fact printed
    # more than once can differ: those are found first on each table's own key (ganda), so the view's text keys are
    # grouped for them only (1,1-1,3 s -> 0,4 s per 500 synthetic kecamatan); tests/data/test_queries.py checks
    # the result equals grouping the whole view.
    "_laporan_nilai_beda": _FAKTA_GANDA
    + """), v AS (
        SELECT * FROM v_laporan_nilai WHERE nilai IS NOT NULL AND kecamatan IN (SELECT unnest($lingkup))
          AND (kecamatan, tahun, periode, ranah, kunci) IN (SELECT (kecamatan, tahun, periode, ranah, kunci) FROM ganda)
    ), beda AS (
        SELECT kecamatan, tahun, periode, ranah, kunci, besaran FROM v
        GROUP BY ALL HAVING max(nilai) - min(nilai) > 0.011
    )
    SELECT v.* FROM v SEMI JOIN beda USING (kecamatan, tahun, periode, ranah, kunci, besaran)
    ORDER BY ALL
""",
    "_fakta_ganda": _FAKTA_GANDA + ") SELECT * FROM ganda ORDER BY ALL",
    "_efisiensi_laporan": """
        SELECT * FROM efisiensi_laporan WHERE kecamatan IN (SELECT unnest($lingkup)) ORDER BY ALL
    """,
    "_dokumen": "SELECT * FROM dokumen ORDER BY ALL",
    "_indikator_kecamatan": "SELECT indikator_id, kecamatan FROM indikator",
    "_semua_kecamatan": """
        SELECT nama AS kecamatan FROM kecamatan
        UNION SELECT kecamatan FROM indikator UNION SELECT kecamatan FROM skm UNION SELECT kecamatan FROM skm_unsur
        UNION SELECT kecamatan FROM skm_jawaban UNION SELECT kecamatan FROM anggaran
        UNION SELECT kecamatan FROM evaluasi_sakip UNION SELECT kecamatan FROM pembanding
        UNION SELECT kecamatan FROM data_pendukung UNION SELECT kecamatan FROM efisiensi_laporan
        ORDER BY 1
    """,
    # rows entered by imports (dokumen.jenis = 'Impor'), compared with a new import
    "_indikator_disebut": """
        SELECT * FROM v_indikator
        WHERE kecamatan IN (SELECT unnest($sebutan)) OR indikator_id IN (SELECT unnest($sebutan))
    """,
    "_impor_realisasi": """
        SELECT r.* FROM realisasi r JOIN dokumen d ON d.dokumen_id = r.sumber_dokumen WHERE d.jenis = 'Impor'
    """,
    "_impor_target": """
        SELECT t.* FROM target t JOIN dokumen d ON d.dokumen_id = t.sumber_dokumen WHERE d.jenis = 'Impor'
    """,
    "_impor_skm_jawaban": """
        SELECT j.kecamatan, j.tahun, j.periode, j.jenis_layanan, count(*) AS responden, any_value(d.sha256) AS sha256
        FROM skm_jawaban j JOIN dokumen d ON d.dokumen_id = j.sumber_dokumen
        GROUP BY j.kecamatan, j.tahun, j.periode, j.jenis_layanan
    """,
    "_impor_skm_unsur": """
        SELECT s.* FROM skm_unsur s JOIN dokumen d ON d.dokumen_id = s.sumber_dokumen WHERE d.jenis = 'Impor'
    """,
    "_impor_anggaran": """
        SELECT a.* FROM anggaran a JOIN dokumen d ON d.dokumen_id = a.sumber_dokumen WHERE d.jenis = 'Impor'
    """,
    "_impor_anggaran_kas": """
        SELECT k.* FROM anggaran_kas k JOIN dokumen d ON d.dokumen_id = k.sumber_dokumen WHERE d.jenis = 'Impor'
    """,
    "_anggaran_laporan": """
        SELECT DISTINCT a.kecamatan, a.tahun, a.sumber_dokumen
        FROM anggaran a JOIN dokumen d ON d.dokumen_id = a.sumber_dokumen WHERE d.jenis <> 'Impor'
    """,
    "_impor_evaluasi_sakip": """
        SELECT e.* FROM evaluasi_sakip e JOIN dokumen d ON d.dokumen_id = e.sumber_dokumen WHERE d.jenis = 'Impor'
    """,
    "_evaluasi_sakip_laporan": """
        SELECT DISTINCT e.kecamatan, e.tahun_dinilai, e.sumber_dokumen
        FROM evaluasi_sakip e JOIN dokumen d ON d.dokumen_id = e.sumber_dokumen WHERE d.jenis <> 'Impor'
    """,
    "audit": "SELECT * FROM v_audit ORDER BY waktu DESC, tabel, kunci",
    # ------------------------------------------------------------ users and the approval workflow (lkjip.akses)
    "pengguna_email": "SELECT * FROM pengguna WHERE email = lower(trim($email))",
    "pengguna_semua": "SELECT * FROM pengguna ORDER BY peran, lingkup, email",
    "_ada_tabel_pengguna": "SELECT count(*) AS n FROM duckdb_tables() WHERE table_name = 'pengguna'",
    "nama_wilayah": """
        SELECT 'kecamatan' AS jenis, kecamatan AS nama FROM stg_wilayah
        UNION SELECT 'kab_kota', kab_kota FROM stg_wilayah
        UNION SELECT 'provinsi', provinsi FROM stg_wilayah
    """,
    "status_periode": """
        SELECT * FROM status_periode
        WHERE kecamatan = $kecamatan AND tahun = $tahun AND periode = $periode AND jenis = $jenis
    """,
    "status_periode_semua": """
        SELECT s.*, w.kab_kota, w.provinsi FROM status_periode s LEFT JOIN stg_wilayah w USING (kecamatan)
        ORDER BY w.provinsi, w.kab_kota, s.kecamatan, s.tahun, s.jenis, s.periode
    """,
    "status_tahun_kecamatan": """
        SELECT * FROM status_periode WHERE kecamatan = $kecamatan AND tahun = $tahun ORDER BY jenis, periode
    """,
    # every workflow step of one period (lkjip.db.status writes its change-log row with kunci = nama_periode)
    "riwayat_status": """
        SELECT waktu, nilai_lama, nilai_baru, sumber, pengguna, peran, alasan FROM audit_log
        WHERE tabel = 'status_periode' AND kunci = $kunci ORDER BY waktu
    """,
    # (the tables here are those lkjip.db.statements' hapus_belum_disetujui_* leave out of the rapat materials: a test
    # holds the two lists equal)
    # periods of a kecamatan whose imported or entered values (dokumen.jenis 'Impor'; a published report's values are
    # the report's) are not approved yet: the marks on the pages and what the rapat deck leaves out by default
    "belum_disetujui": """
        WITH impor AS (
            SELECT i.kecamatan, r.tahun, r.periode, 'realisasi' AS jenis FROM realisasi r
            JOIN indikator i USING (indikator_id) JOIN dokumen d ON d.dokumen_id = r.sumber_dokumen
            WHERE d.jenis = 'Impor' AND ($kecamatan IS NULL OR i.kecamatan = $kecamatan)
            UNION ALL
            SELECT i.kecamatan, t.tahun, t.periode, 'realisasi' FROM target t
            JOIN indikator i USING (indikator_id) JOIN dokumen d ON d.dokumen_id = t.sumber_dokumen
            WHERE d.jenis = 'Impor' AND ($kecamatan IS NULL OR i.kecamatan = $kecamatan)
            UNION ALL
            SELECT s.kecamatan, s.tahun, 'Tahunan', 'skm' FROM skm_unsur s
            JOIN dokumen d ON d.dokumen_id = s.sumber_dokumen
            WHERE d.jenis = 'Impor' AND ($kecamatan IS NULL OR s.kecamatan = $kecamatan)
            UNION ALL
            SELECT j.kecamatan, j.tahun, 'Tahunan', 'skm' FROM skm_jawaban j
            JOIN dokumen d ON d.dokumen_id = j.sumber_dokumen
            WHERE d.jenis = 'Impor' AND ($kecamatan IS NULL OR j.kecamatan = $kecamatan)
            UNION ALL
            SELECT a.kecamatan, a.tahun, 'Tahunan', 'anggaran' FROM anggaran a
            JOIN dokumen d ON d.dokumen_id = a.sumber_dokumen
            WHERE d.jenis = 'Impor' AND ($kecamatan IS NULL OR a.kecamatan = $kecamatan)
            UNION ALL
            SELECT k.kecamatan, k.tahun, 'Tahunan', 'anggaran' FROM anggaran_kas k
            JOIN dokumen d ON d.dokumen_id = k.sumber_dokumen
            WHERE d.jenis = 'Impor' AND ($kecamatan IS NULL OR k.kecamatan = $kecamatan)
            UNION ALL
            SELECT e.kecamatan, e.tahun_dinilai, 'Tahunan', 'sakip' FROM evaluasi_sakip e
            JOIN dokumen d ON d.dokumen_id = e.sumber_dokumen
            WHERE d.jenis = 'Impor' AND ($kecamatan IS NULL OR e.kecamatan = $kecamatan)
        )
        SELECT i.kecamatan, i.tahun, i.periode, i.jenis, coalesce(s.status, 'draf') AS status, count(*) AS nilai
        FROM impor i LEFT JOIN status_periode s USING (kecamatan, tahun, periode, jenis)
        WHERE coalesce(s.status, 'draf') NOT IN ('disetujui', 'terkunci')
        GROUP BY ALL ORDER BY i.kecamatan, i.tahun, i.jenis, i.periode
    """,
}


# The keys of the large value tables, which the schema does not index (see schema.sql): one row per key, checked for
# the kecamatan of every write before it is committed (lkjip.db.derive.periksa_kunci).
KUNCI_MENTAH = {
    "target": ("indikator_id", "tahun", "periode", "jenis", "sumber_dokumen", "sumber_tabel"),
    "realisasi": ("indikator_id", "tahun", "periode", "sumber_dokumen", "sumber_tabel"),
    "skm": ("kecamatan", "tahun", "periode", "jenis_layanan", "sumber_dokumen", "sumber_tabel"),
    "skm_unsur": ("kecamatan", "tahun", "periode", "jenis_layanan", "unsur_kode", "sumber_dokumen", "sumber_tabel"),
    "anggaran": ("anggaran_id", "sumber_dokumen", "sumber_tabel"),
    "anggaran_kas": ("kecamatan", "tahun", "anggaran_id", "triwulan", "sumber_dokumen", "sumber_tabel"),
}
for _table, _key in KUNCI_MENTAH.items():
    _milik = (  # rows of an indikator belong to its kecamatan
        "indikator_id IN (SELECT indikator_id FROM indikator WHERE kecamatan IN (SELECT unnest($lingkup)))"
        if _table in ("target", "realisasi")
        else "kecamatan IN (SELECT unnest($lingkup))"
    )
    QUERIES[f"_kunci_ganda_{_table}"] = (
        f"SELECT {', '.join(_key)}, count(*) AS n FROM {_table} WHERE {_milik} GROUP BY ALL HAVING count(*) > 1 "
        "ORDER BY ALL LIMIT 5"
    )

# ---------------------------------------------------------------- plausibility (lkjip.calc.checks, rules "tidak_wajar")
# Realisations of cumulative indicators, the row a capaian uses per key (as stg_capaian_input ranks them).
QUERIES["_realisasi_kumulatif"] = """
    SELECT r.indikator_id, i.kecamatan, i.nama AS indikator, r.tahun, r.periode, r.nilai, r.sumber_dokumen,
           r.sumber_tabel
    FROM realisasi r JOIN indikator i USING (indikator_id) LEFT JOIN dokumen d ON d.dokumen_id = r.sumber_dokumen
    WHERE i.kecamatan IN (SELECT unnest($lingkup)) AND i.agregasi = 'kumulatif' AND r.nilai IS NOT NULL
    QUALIFY row_number() OVER (PARTITION BY r.indikator_id, r.tahun, r.periode
                               ORDER BY (d.jenis = 'Impor') DESC, r.utama DESC, r.sumber_dokumen, r.sumber_tabel) = 1
    ORDER BY ALL
"""
# Targets and realisations beyond any value a kecamatan reports (or not finite), and realisations of a year that
# cannot have been measured yet.
QUERIES["_nilai_tidak_wajar"] = """
    SELECT 'target' AS tabel, t.indikator_id, i.kecamatan, i.nama AS indikator, t.tahun, t.periode, t.nilai,
           t.sumber_dokumen, t.sumber_tabel
    FROM target t JOIN indikator i USING (indikator_id)
    WHERE i.kecamatan IN (SELECT unnest($lingkup)) AND (NOT isfinite(t.nilai) OR abs(t.nilai) > $batas)
    UNION ALL
    SELECT 'realisasi', r.indikator_id, i.kecamatan, i.nama, r.tahun, r.periode, r.nilai, r.sumber_dokumen,
           r.sumber_tabel
    FROM realisasi r JOIN indikator i USING (indikator_id)
    WHERE i.kecamatan IN (SELECT unnest($lingkup))
      AND (NOT isfinite(r.nilai) OR abs(r.nilai) > $batas OR r.tahun > $tahun_maks)
    ORDER BY ALL
"""
# Every SKM survey (reported or from answers) with its respondents, and how many answers have an impossible age or
# a date after today.
QUERIES["_skm_responden"] = """
    WITH jawaban AS (
        SELECT kecamatan, tahun, periode, jenis_layanan,
               count(*) FILTER (WHERE usia < 0 OR usia > $usia_maks) AS usia_salah,
               min(usia) FILTER (WHERE usia < 0 OR usia > $usia_maks) AS usia_contoh,
               count(*) FILTER (WHERE tanggal > $hari_ini) AS tanggal_salah,
               max(tanggal) AS tanggal_akhir,
               min(sumber_dokumen) AS dokumen_jawaban
        FROM skm_jawaban WHERE kecamatan IN (SELECT unnest($lingkup)) GROUP BY ALL
    )
    SELECT v.kecamatan, v.tahun, v.periode, v.jenis_layanan, v.responden, v.sumber_dokumen, v.sumber_tabel,
           coalesce(j.usia_salah, 0) AS usia_salah, j.usia_contoh, coalesce(j.tanggal_salah, 0) AS tanggal_salah,
           j.tanggal_akhir, j.dokumen_jawaban
    FROM v_skm v LEFT JOIN jawaban j USING (kecamatan, tahun, periode, jenis_layanan)
    WHERE v.kecamatan IN (SELECT unnest($lingkup))
    ORDER BY ALL
"""
# The realisations stored for some indicators (the row a capaian uses per key): an import's file is checked with them.
QUERIES["_realisasi_tersimpan"] = """
    SELECT r.indikator_id, r.tahun, r.periode, r.nilai
    FROM realisasi r LEFT JOIN dokumen d ON d.dokumen_id = r.sumber_dokumen
    WHERE r.indikator_id IN (SELECT unnest($ids)) AND r.nilai IS NOT NULL
    QUALIFY row_number() OVER (PARTITION BY r.indikator_id, r.tahun, r.periode
                               ORDER BY (d.jenis = 'Impor') DESC, r.utama DESC, r.sumber_dokumen, r.sumber_tabel) = 1
    ORDER BY ALL
"""

QUERIES["_kecamatan_nyata"] = "SELECT count(*) AS n FROM kecamatan WHERE NOT sintetis"
QUERIES["_skema_mentah"] = r"""
    SELECT t.table_name, c.column_name, c.data_type FROM duckdb_tables() t
    JOIN duckdb_columns() c ON c.table_oid = t.table_oid
    WHERE t.table_name NOT LIKE 'hitung\_%' ESCAPE '\' ORDER BY t.table_oid, c.column_index
"""
# lkjip.db.skema: the catalogue of a file, to compare with today's schema
QUERIES["_skema_kolom"] = """
    SELECT t.table_name, c.column_name, c.data_type FROM duckdb_tables() t
    JOIN duckdb_columns() c ON c.table_oid = t.table_oid
    WHERE NOT t.internal AND t.schema_name = 'main' AND NOT t.temporary ORDER BY t.table_oid, c.column_index
"""
QUERIES["_skema_bawaan"] = """
    SELECT t.table_name, c.column_name, c.column_default FROM duckdb_tables() t
    JOIN duckdb_columns() c ON c.table_oid = t.table_oid
    WHERE NOT t.internal AND t.schema_name = 'main' AND NOT t.temporary AND c.column_default IS NOT NULL
"""
QUERIES["_skema_tabel"] = """
    SELECT table_name, sql FROM duckdb_tables() WHERE NOT internal AND schema_name = 'main' AND NOT temporary
    ORDER BY table_oid
"""
QUERIES["_skema_view"] = """
    SELECT view_name AS nama, sql AS definisi FROM duckdb_views() WHERE NOT internal AND schema_name = 'main'
        AND NOT temporary
    UNION ALL
    SELECT function_name, macro_definition FROM duckdb_functions()
    WHERE NOT internal AND schema_name = 'main' AND function_type IN ('macro', 'table_macro')
"""
QUERIES["_skema_macro"] = """
    SELECT function_name AS nama FROM duckdb_functions()
    WHERE NOT internal AND schema_name = 'main' AND function_type IN ('macro', 'table_macro')
"""

# ---------------------------------------------------------------- Status Pengisian (lkjip.db.pengisian)
# One row per kecamatan of the area × period of $daftar_periode in one year: the recorded workflow state, else draf
# when the period holds data, else belum_diisi. {ada} lists (kecamatan, periode) with data of one kind; the annual
# kinds (SKM, budget, SAKIP) are under the workflow per year, as period 'Tahunan' (lkjip.io.impor.tulis._periode).
_MATRIKS_STATUS = """
    WITH wil AS (
        SELECT kecamatan, kab_kota, provinsi FROM stg_wilayah
        WHERE ($provinsi IS NULL OR provinsi = $provinsi) AND ($kab_kota IS NULL OR kab_kota = $kab_kota)
    ), ada AS ({ada}),
    tercatat AS (SELECT kecamatan, periode, status FROM status_periode WHERE tahun = $tahun AND jenis = '{jenis}')
    SELECT w.provinsi, w.kab_kota, w.kecamatan, p.periode,
           coalesce(s.status, CASE WHEN a.kecamatan IS NULL THEN 'belum_diisi' ELSE 'draf' END) AS status
    FROM wil w CROSS JOIN (SELECT unnest($daftar_periode) AS periode) p
    LEFT JOIN ada a ON a.kecamatan = w.kecamatan AND a.periode = p.periode
    LEFT JOIN tercatat s ON s.kecamatan = w.kecamatan AND s.periode = p.periode
    ORDER BY w.provinsi, w.kab_kota, w.kecamatan
"""
# a value entered (a number or a printed text), not an empty cell; only of the area's kecamatan (a kab/kota's matrix
# reads its own rows: 40 ms instead of 300 ms for realisasi at 7.300 kecamatan)
_DI_WILAYAH = "kecamatan IN (SELECT kecamatan FROM wil)"
_ADA_STATUS = {
    "realisasi": f"""
        SELECT DISTINCT i.kecamatan, r.periode FROM realisasi r JOIN indikator i USING (indikator_id)
        WHERE r.tahun = $tahun AND i.{_DI_WILAYAH}
          AND (r.nilai IS NOT NULL OR nullif(trim(r.nilai_teks), '') IS NOT NULL)
    """,
    "skm": f"""
        SELECT kecamatan, 'Tahunan' AS periode FROM skm WHERE tahun = $tahun AND {_DI_WILAYAH}
        UNION SELECT kecamatan, 'Tahunan' FROM skm_unsur WHERE tahun = $tahun AND {_DI_WILAYAH}
        UNION SELECT kecamatan, 'Tahunan' FROM skm_jawaban WHERE tahun = $tahun AND {_DI_WILAYAH}
    """,
    "anggaran": f"""
        SELECT kecamatan, 'Tahunan' AS periode FROM anggaran WHERE tahun = $tahun AND {_DI_WILAYAH}
        UNION SELECT kecamatan, 'Tahunan' FROM anggaran_kas WHERE tahun = $tahun AND {_DI_WILAYAH}
    """,
    "sakip": f"""
        SELECT DISTINCT kecamatan, 'Tahunan' AS periode FROM evaluasi_sakip
        WHERE tahun_dinilai = $tahun AND {_DI_WILAYAH}
    """,
}
for _jenis, _ada in _ADA_STATUS.items():
    QUERIES[f"status_matriks_{_jenis}"] = _MATRIKS_STATUS.format(ada=_ada, jenis=_jenis)
# the years the Status Pengisian page offers: every year with data of any kind or a recorded state
QUERIES["status_tahun"] = """
    SELECT DISTINCT tahun FROM realisasi UNION SELECT tahun FROM skm UNION SELECT tahun FROM anggaran
    UNION SELECT tahun_dinilai FROM evaluasi_sakip UNION SELECT tahun FROM status_periode
    ORDER BY tahun DESC
"""

# ---------------------------------------------------------------- catatan verifikasi (lkjip.db.catatan)
QUERIES["_catatan_id_berikut"] = "SELECT coalesce(max(id), 0) + 1 AS id FROM catatan_verifikasi"
# The thread of one kecamatan and year (one period, or all when $periode is NULL), oldest first: the writer by the
# name the pengguna table knows now (the email when none), the indicator by its name.
QUERIES["catatan_verifikasi"] = """
    SELECT c.id, c.kecamatan, c.tahun, c.periode, c.jenis, c.indikator_id, i.nama AS indikator, c.teks,
           c.pengguna, p.nama AS nama_pengguna, c.peran, c.waktu
    FROM catatan_verifikasi c
    LEFT JOIN indikator i ON i.indikator_id = c.indikator_id
    LEFT JOIN pengguna p ON p.email = c.pengguna
    WHERE c.kecamatan = $kecamatan AND c.tahun = $tahun AND c.jenis = $jenis
      AND ($periode IS NULL OR c.periode = $periode)
    ORDER BY c.waktu, c.id
"""

# A read model's position in PostgreSQL's change sequence (lkjip.pg.ikuti); no row: built before there was one
QUERIES["model_posisi"] = "SELECT max(id) AS id FROM model_posisi"

# The documents the raw rows of a PostgreSQL write's scratch cite (lkjip.db.tulis_pg loads only those, not every
# document of the country)
_MENGUTIP = (
    "anggaran", "anggaran_kas", "capaian_laporan", "data_pendukung", "efisiensi_laporan", "evaluasi_sakip", "faktor",
    "indikator", "kelurahan", "pembanding", "realisasi", "sasaran", "skm", "skm_jawaban", "skm_unsur", "target",
)  # fmt: skip
QUERIES["_dokumen_dikutip"] = " UNION ".join(f"SELECT sumber_dokumen AS dokumen_id FROM {t}" for t in _MENGUTIP)
