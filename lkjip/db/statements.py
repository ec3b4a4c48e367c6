"""Write statements, named like the queries (``lkjip.db.queries``) and run by ``Repository.run`` with bound values.

A name says what the statement changes; table names come from this module, never from input."""

from __future__ import annotations

# The computed tables, which refresh_derived alone writes (lkjip.db.derive).
TABEL_HITUNG = ("hitung_capaian", "hitung_skm", "hitung_skm_unsur", "hitung_anggaran", "hitung_sakip", "hitung_temuan")

# The import (lkjip.io.impor.tulis): a row it writes replaces the row an earlier import wrote with the same key, never
# a report's own; the parameters are the key's columns, those by which the plan looked the row up
# (lkjip.io.impor.rencana.KUNCI).
_DARI_IMPOR = "sumber_dokumen IN (SELECT dokumen_id FROM dokumen WHERE jenis = 'Impor')"
_IMPOR: dict[str, str] = {
    "hapus_dokumen": "DELETE FROM dokumen WHERE dokumen_id = $dokumen_id",
    "tambah_kab_kota_bila_belum_ada": """
        INSERT INTO kab_kota SELECT $nama, $jenis, $provinsi, false WHERE $nama NOT IN (SELECT nama FROM kab_kota)
    """,
    "hapus_indikator": "DELETE FROM indikator WHERE indikator_id = $indikator_id",
    "hapus_target_impor": f"""
        DELETE FROM target
        WHERE indikator_id = $indikator_id AND tahun = $tahun AND periode = $periode AND jenis = $jenis AND {_DARI_IMPOR}
    """,
    "hapus_realisasi_impor": f"""
        DELETE FROM realisasi WHERE indikator_id = $indikator_id AND tahun = $tahun AND periode = $periode AND {_DARI_IMPOR}
    """,
    # a survey's answers are replaced whole, whichever file gave them
    "hapus_skm_jawaban_survei": """
        DELETE FROM skm_jawaban
        WHERE kecamatan = $kecamatan AND tahun = $tahun AND periode = $periode AND jenis_layanan = $jenis_layanan
    """,
    "hapus_skm_unsur_impor": f"""
        DELETE FROM skm_unsur
        WHERE kecamatan = $kecamatan AND tahun = $tahun AND periode = $periode AND jenis_layanan = $jenis_layanan
          AND unsur_kode = $unsur_kode AND {_DARI_IMPOR}
    """,
    "hapus_anggaran_impor": f"DELETE FROM anggaran WHERE anggaran_id = $anggaran_id AND {_DARI_IMPOR}",
    "hapus_anggaran_kas_impor": f"""
        DELETE FROM anggaran_kas WHERE anggaran_id = $anggaran_id AND triwulan = $triwulan AND {_DARI_IMPOR}
    """,
    "hapus_evaluasi_sakip_impor": f"""
        DELETE FROM evaluasi_sakip
        WHERE kecamatan = $kecamatan AND tahun_dinilai = $tahun_dinilai AND komponen = $komponen AND {_DARI_IMPOR}
    """,
}

# Users (lkjip.db.pengguna) and the workflow's state (lkjip.db.alur).
_AKSES: dict[str, str] = {
    "tambah_pengguna": """
        INSERT INTO pengguna (email, subjek, nama, peran, jenis_lingkup, lingkup, aktif, dibuat)
        VALUES (lower(trim($email)), NULL, $nama, $peran, $jenis_lingkup, $lingkup, true, $dibuat)
    """,
    "hapus_pengguna": "DELETE FROM pengguna WHERE email = lower(trim($email))",
    "simpan_status_periode": """
        INSERT OR REPLACE INTO status_periode (kecamatan, tahun, periode, jenis, status, diubah, oleh, alasan)
        VALUES ($kecamatan, $tahun, $periode, $jenis, $status, $diubah, $oleh, $alasan)
    """,
    "simpan_subjek_pengguna": "UPDATE pengguna SET subjek = $subjek WHERE email = lower(trim($email))",
}

# The comment thread of a period (lkjip.db.catatan): a note is added, never edited or removed.
_CATATAN: dict[str, str] = {
    "tambah_catatan_verifikasi": """
        INSERT INTO catatan_verifikasi (id, kecamatan, tahun, periode, jenis, indikator_id, teks, pengguna, peran, waktu)
        VALUES ($id, $kecamatan, $tahun, $periode, $jenis, $indikator_id, $teks, $pengguna, $peran, $waktu)
    """,
}

# The rapat materials from approved values only (lkjip.report.disetujui), on a private copy of the database: the rows
# of imports and forms (dokumen.jenis 'Impor') whose period is not approved or locked are left out.
_IMPOR_DOK = "sumber_dokumen IN (SELECT dokumen_id FROM dokumen WHERE jenis = 'Impor')"
_DISETUJUI = "s.status IN ('disetujui', 'terkunci')"
_TANPA_PERSETUJUAN: dict[str, str] = {
    **{
        f"hapus_belum_disetujui_{tabel}": f"""
        DELETE FROM {tabel} WHERE {_IMPOR_DOK} AND NOT EXISTS (
            SELECT 1 FROM status_periode s JOIN indikator i ON i.kecamatan = s.kecamatan
            WHERE i.indikator_id = {tabel}.indikator_id AND s.tahun = {tabel}.tahun
              AND s.periode = {tabel}.periode AND s.jenis = 'realisasi' AND {_DISETUJUI})
        """
        for tabel in ("realisasi", "target")  # a period's targets are under its workflow too (lkjip.io.impor.tulis)
    },
    **{
        f"hapus_belum_disetujui_{tabel}": f"""
        DELETE FROM {tabel} WHERE {_IMPOR_DOK} AND NOT EXISTS (
            SELECT 1 FROM status_periode s WHERE s.kecamatan = {tabel}.kecamatan AND s.tahun = {tabel}.{tahun}
              AND s.periode = 'Tahunan' AND s.jenis = '{jenis}' AND {_DISETUJUI})
        """
        for tabel, tahun, jenis in (
            ("skm_unsur", "tahun", "skm"),
            ("skm_jawaban", "tahun", "skm"),
            ("anggaran_kas", "tahun", "anggaran"),
            ("anggaran", "tahun", "anggaran"),
            ("evaluasi_sakip", "tahun_dinilai", "sakip"),
        )
    },
}

# A read model following PostgreSQL (lkjip.pg.ikuti): the raw rows of some kecamatan replaced by PostgreSQL's, and
# the id of the last change applied. Indicator-owned tables first: their rows are found through indikator.
# how a raw table's rows belong to a kecamatan (also the PostgreSQL write path's and indexes' lists)
TABEL_PER_INDIKATOR = ("target", "realisasi", "capaian_laporan", "faktor")
TABEL_PER_KECAMATAN = (
    "indikator", "sasaran", "skm", "skm_unsur", "skm_jawaban", "anggaran", "anggaran_kas", "efisiensi_laporan",
    "evaluasi_sakip", "pembanding", "data_pendukung", "kelurahan", "status_periode",
)  # fmt: skip
_BERSAMA = ("kab_kota", "kecamatan", "pengguna", "dokumen", "catatan_verifikasi", "audit_log")
_MODEL: dict[str, str] = {
    **{
        f"model_hapus_{t}": f"""DELETE FROM {t} WHERE indikator_id IN
            (SELECT indikator_id FROM indikator WHERE kecamatan IN (SELECT unnest($kecamatan)))"""
        for t in TABEL_PER_INDIKATOR
    },
    **{
        f"model_hapus_{t}": f"DELETE FROM {t} WHERE kecamatan IN (SELECT unnest($kecamatan))"
        for t in TABEL_PER_KECAMATAN
    },
    **{f"model_kosongkan_{t}": f"DELETE FROM {t}" for t in _BERSAMA},
    "model_hapus_dokumen_id": "DELETE FROM dokumen WHERE dokumen_id IN (SELECT unnest($dokumen_id))",
    "model_buat_posisi": "CREATE TABLE IF NOT EXISTS model_posisi (id BIGINT NOT NULL)",
    "model_simpan_posisi": "DELETE FROM model_posisi; INSERT INTO model_posisi VALUES ($id)",
}

STATEMENTS: dict[str, str] = {
    "checkpoint": "CHECKPOINT",
    **{f"kosongkan_{t}": f"DELETE FROM {t}" for t in TABEL_HITUNG},
    **{f"hapus_{t}_kecamatan": f"DELETE FROM {t} WHERE kecamatan IN (SELECT unnest($kecamatan))" for t in TABEL_HITUNG},
    **_IMPOR,
    **_AKSES,
    **_CATATAN,
    **_TANPA_PERSETUJUAN,
    **_MODEL,
}
