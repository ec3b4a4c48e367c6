"""Step 3 of an import: a plan written all-or-nothing.

``terapkan`` takes the write lock, copies the database, checks that the plan is not stale
(``rencana.pastikan_belum_berubah``), writes every new or changed row with its source document and audit log and
recomputes the computed tables of the kecamatan concerned in one transaction, then swaps the copy in atomically
(lkjip.db.tukar). DuckDB allows one writing process per file; a running app holds read-only connections to the old
file and reconnects when the file changes, so the two never fight and no write is lost."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pandas as pd

from lkjip.calc.ikm import UNSUR
from lkjip.db.derive import refresh_derived
from lkjip.db.repository import Repository
from lkjip.db.tukar import tulis_lalu_tukar
from lkjip.io.impor.rencana import Rencana, pastikan_belum_berubah, teks_mesin


def terapkan(db_path: Path, rencana: Rencana, *, pengguna: str | None = None) -> int:
    """Write the plan all-or-nothing (copy, write, swap; one writer at a time); returns the rows written.

    Under the write lock and before anything is written, every row the plan changes must still be stored as the plan
    saw it (``Operasi.lama``, or absent for a new row); otherwise someone saved in between, and DataBerubahError names
    the rows and the values stored now. A plan made on a stale database is refused, never merged over the newer data."""
    if not rencana.ada_perubahan:
        return 0

    def isi(repo: Repository) -> int:
        pastikan_belum_berubah(repo, rencana)  # repo: the copy, taken under the lock, of the database as it is now
        with repo.transaction():
            n = _tulis(repo, rencana, pengguna)
            refresh_derived(repo, _terdampak(repo, rencana))
        return n

    return tulis_lalu_tukar(db_path, isi, dari_awal=False)


def _terdampak(repo: Repository, rencana: Rencana) -> list[str] | None:
    """The kecamatan whose derived values the plan changes (None: recompute all)."""
    milik = dict(repo.fetch("_indikator_kecamatan").itertuples(index=False))
    out = set()
    for o in rencana.operasi:
        if o.status == "tetap":
            continue
        kec = o.baru.get("kecamatan") or milik.get(o.baru.get("indikator_id"))
        if not kec:
            return None
        out.add(kec)
    return sorted(out)


def _tulis(repo: Repository, rencana: Rencana, pengguna: str | None) -> int:
    now = datetime.now()
    dok = rencana.berkas
    kecs = sorted({o.baru.get("kecamatan") for o in rencana.operasi if o.baru.get("kecamatan")})
    years = [o.baru["tahun"] for o in rencana.operasi if "tahun" in o.baru]
    repo.execute_params("DELETE FROM dokumen WHERE dokumen_id = $id", id=dok)
    repo.insert_df(
        "dokumen",
        pd.DataFrame(
            [
                {
                    "dokumen_id": dok,
                    "kecamatan": kecs[0] if kecs else "-",
                    "jenis": "Impor",
                    "tahun": max(years) if years else now.year,
                    "tanggal": now.date(),
                    "judul": f"Impor {dok}",
                    "format_angka": "id",
                    "sha256": rencana.sha256,
                    "catatan": f"Diimpor {now:%Y-%m-%d %H:%M}" + (f" oleh {pengguna}" if pengguna else ""),
                }
            ]
        ),
    )
    audit, n = [], 0
    for o in rencana.operasi:
        if o.status == "tetap":
            continue
        n += 1
        src = {"sumber_dokumen": dok}
        if o.tabel == "kecamatan":
            b = o.baru
            repo.execute_params(
                "INSERT INTO kab_kota SELECT $n, $j, $p, false WHERE $n NOT IN (SELECT nama FROM kab_kota)",
                n=b["kab_kota"],
                j=b["jenis_kab_kota"],
                p=b["provinsi"],
            )
            repo.insert_df(
                "kecamatan", pd.DataFrame([{"nama": b["kecamatan"], "kab_kota": b["kab_kota"], "sintetis": False}])
            )
        elif o.tabel == "indikator":
            repo.execute_params("DELETE FROM indikator WHERE indikator_id = $i", i=o.baru["indikator_id"])
            repo.insert_df("indikator", pd.DataFrame([{**o.baru, "sumber_tabel": "Lembar indikator", **src}]))
        elif o.tabel in ("target", "realisasi"):
            b = o.baru
            extra = "AND jenis = $j" if o.tabel == "target" else ""
            repo.execute_params(
                f"DELETE FROM {o.tabel} WHERE indikator_id = $i AND tahun = $t AND periode = $p {extra} "
                "AND sumber_dokumen IN (SELECT dokumen_id FROM dokumen WHERE jenis = 'Impor')",
                i=b["indikator_id"],
                t=b["tahun"],
                p=b["periode"],
                **({"j": b["jenis"]} if o.tabel == "target" else {}),
            )
            repo.insert_df(o.tabel, pd.DataFrame([{**b, **src}]))
        elif o.tabel == "skm_jawaban":
            b = o.baru
            repo.execute_params(
                "DELETE FROM skm_jawaban WHERE kecamatan = $k AND tahun = $t AND periode = $p AND jenis_layanan = $l",
                k=b["kecamatan"],
                t=b["tahun"],
                p=b["periode"],
                l=b["jenis_layanan"],
            )
            rows = [
                {
                    "kecamatan": b["kecamatan"],
                    "tahun": b["tahun"],
                    "periode": b["periode"],
                    "jenis_layanan": b["jenis_layanan"],
                    "responden_ke": i,
                    "tanggal": pd.to_datetime(r["tanggal"], errors="coerce"),
                    "jenis_kelamin": r["jenis_kelamin"],
                    "usia": r["usia"],
                    "pendidikan": r["pendidikan"],
                    "pekerjaan": r["pekerjaan"],
                    **{u.kode.lower(): r[u.kode.lower()] for u in UNSUR},
                    "sumber_tabel": "Lembar skm_jawaban",
                    **src,
                }
                for i, r in enumerate(b["jawaban"], start=1)
            ]
            repo.insert_df("skm_jawaban", pd.DataFrame(rows))
        elif o.tabel == "skm_unsur":
            b = o.baru
            repo.execute_params(
                "DELETE FROM skm_unsur WHERE kecamatan = $k AND tahun = $t AND periode = $p AND "
                "jenis_layanan = $l AND unsur_kode = $u AND sumber_dokumen IN "
                "(SELECT dokumen_id FROM dokumen WHERE jenis = 'Impor')",
                k=b["kecamatan"],
                t=b["tahun"],
                p=b["periode"],
                l=b["jenis_layanan"],
                u=b["unsur_kode"],
            )
            repo.insert_df("skm_unsur", pd.DataFrame([{**b, **src}]))
        elif o.tabel == "anggaran":
            repo.execute_params(
                "DELETE FROM anggaran WHERE anggaran_id = $i AND sumber_dokumen IN "
                "(SELECT dokumen_id FROM dokumen WHERE jenis = 'Impor')",
                i=o.baru["anggaran_id"],
            )
            repo.insert_df("anggaran", pd.DataFrame([{**o.baru, **src}]))
        elif o.tabel == "anggaran_kas":
            repo.execute_params(
                "DELETE FROM anggaran_kas WHERE anggaran_id = $i AND triwulan = $t AND sumber_dokumen IN "
                "(SELECT dokumen_id FROM dokumen WHERE jenis = 'Impor')",
                i=o.baru["anggaran_id"],
                t=o.baru["triwulan"],
            )
            repo.insert_df("anggaran_kas", pd.DataFrame([{**o.baru, **src}]))
        elif o.tabel == "evaluasi_sakip":
            repo.execute_params(
                "DELETE FROM evaluasi_sakip WHERE kecamatan = $k AND tahun_dinilai = $t AND komponen = $c AND "
                "sumber_dokumen IN (SELECT dokumen_id FROM dokumen WHERE jenis = 'Impor')",
                k=o.baru["kecamatan"],
                t=o.baru["tahun_dinilai"],
                c=o.baru["komponen"],
            )
            repo.insert_df("evaluasi_sakip", pd.DataFrame([{**o.baru, **src}]))
        for k, v in o.baru.items():
            if k == "jawaban":
                audit.append((o.tabel, o.kunci, "responden", teks_mesin((o.lama or {}).get("responden")), str(len(v))))
                continue
            old = None if o.lama is None else o.lama.get(k if k != "nilai" else "nilai")
            if o.lama is None or teks_mesin(old) != teks_mesin(v):
                audit.append((o.tabel, o.kunci, k, teks_mesin(old), teks_mesin(v)))
    repo.insert_df(
        "audit_log",
        pd.DataFrame(
            [
                {
                    "waktu": now,
                    "tabel": t,
                    "kunci": k,
                    "kolom": c,
                    "nilai_lama": a,
                    "nilai_baru": b,
                    "sumber": dok,
                    "sha256": rencana.sha256,
                    "pengguna": pengguna,
                }
                for t, k, c, a, b in audit
            ]
        ),
    )
    return n
