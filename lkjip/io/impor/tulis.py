"""Step 3 of an import: a plan written all-or-nothing.

``terapkan`` takes the write lock, copies the database, checks that the plan is not stale
(``rencana.pastikan_belum_berubah``), writes every new or changed row with its source document and audit log and
recomputes the computed tables of the kecamatan concerned in one transaction, then swaps the copy in atomically
(lkjip.db.tukar). DuckDB allows one writing process per file; a running app holds read-only connections to the old
file and reconnects when the file changes, so the two never fight and no write is lost."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import partial
from pathlib import Path

import pandas as pd

from lkjip.akses import Pengguna, izinkan, mencakup, sebagai_pengguna
from lkjip.calc.ikm import UNSUR
from lkjip.db.derive import refresh_derived
from lkjip.db.pengguna import letak_kecamatan
from lkjip.db.repository import Repository
from lkjip.db.status import Periode, ubah_periode
from lkjip.db.tukar import tulis_lalu_tukar
from lkjip.db.tulis_pg import Lingkup
from lkjip.errors import AksesDitolak
from lkjip.io.impor.rencana import KUNCI, Operasi, Rencana, pastikan_belum_berubah, teks_mesin
from lkjip.io.impor.tampilan import NAMA_TABEL

Audit = tuple[str, str, str, str | None, str | None]  # tabel, kunci, kolom, nilai_lama, nilai_baru


def terapkan(db_path: Path, rencana: Rencana, *, pengguna: Pengguna | str | None = None) -> int:
    """Write the plan all-or-nothing (copy, write, swap; one writer at a time); returns the rows written.

    ``pengguna`` is the acting user (a typed name or None: the local mode, lkjip.akses.sebagai_pengguna). Under the
    write lock and before anything is written:

    - every row the plan writes must be of a kecamatan the user may write (``tulis``); a file touching another
      kecamatan is refused whole (AksesDitolak listing those rows);
    - no row may fall in a locked period (PeriodeTerkunci naming it); a submitted or approved period it touches
      returns to draf (lkjip.db.status.ubah_periode);
    - every row the plan changes must still be stored as the plan saw it (``Operasi.lama``, or absent for a new
      row); otherwise someone saved in between, and DataBerubahError names the rows and the values stored now. A
      plan made on a stale database is refused, never merged over the newer data."""
    if not rencana.ada_perubahan:
        return 0
    siapa = sebagai_pengguna(pengguna)

    def isi(repo: Repository) -> int:
        # repo: the copy, taken under the lock, of the database as it is now
        milik = _pemilik(repo, rencana)
        pastikan_boleh_menulis(repo, rencana, siapa, milik)
        pastikan_belum_berubah(repo, rencana)
        now = datetime.now()
        with repo.transaction():
            ubah_periode(repo, _periode(rencana, milik), siapa, now, rencana.berkas)
            n = _tulis_rencana(repo, rencana, siapa, now)
            refresh_derived(repo, _terdampak(repo, rencana))
        return n

    lingkup = Lingkup.dari(
        {o.baru.get("kecamatan") for o in rencana.operasi},
        {o.baru.get("indikator_id") for o in rencana.operasi},
        [rencana.berkas],
    )
    return tulis_lalu_tukar(db_path, isi, dari_awal=False, lingkup=lingkup)


# ---------------------------------------------------------------- who may write it, and into which periods
def _pemilik(repo: Repository, rencana: Rencana) -> dict[str, str]:
    """indikator_id -> kecamatan, stored and of the plan's own new indicators."""
    milik = dict(repo.fetch("_indikator_kecamatan").itertuples(index=False))
    milik.update({o.baru["indikator_id"]: o.baru["kecamatan"] for o in rencana.operasi if o.tabel == "indikator"})
    return milik


def _kecamatan(o: Operasi, milik: dict[str, str]) -> str | None:
    return o.baru.get("kecamatan") or milik.get(o.baru.get("indikator_id"))


def pastikan_boleh_menulis(
    repo: Repository, rencana: Rencana, pengguna: Pengguna, milik: dict[str, str] | None = None
) -> None:
    """AksesDitolak, listing up to ten rows (sheet and row), when any row the plan writes is of a kecamatan the user
    may not write: the file is refused whole. A new kecamatan of the plan lies where its row says."""
    letak = letak_kecamatan(repo)
    letak.update(
        {
            o.baru["kecamatan"]: (o.baru["kab_kota"], o.baru["provinsi"])
            for o in rencana.operasi
            if o.tabel == "kecamatan"
        }
    )
    milik = _pemilik(repo, rencana) if milik is None else milik
    izinkan(pengguna, "tulis", None, letak)  # the role may write at all
    ditolak = []
    for o in rencana.operasi:
        if o.status == "tetap":
            continue
        kec = _kecamatan(o, milik)
        if kec is None or not mencakup(pengguna, kec, letak):
            ditolak.append((o, kec))
    if not ditolak:
        return
    kecs = sorted({k or "kecamatan tidak diketahui" for _, k in ditolak})
    rincian = "; ".join(f"lembar {NAMA_TABEL.get(o.tabel, o.tabel)}, {o.kunci} ({k or '?'})" for o, k in ditolak[:10])
    lain = f"; dan {len(ditolak) - 10} baris lain" if len(ditolak) > 10 else ""
    raise AksesDitolak(
        f"{pengguna.sebutan} tidak boleh mengubah data {', '.join(kecs)}: berkas {rencana.berkas} ditolak seluruhnya, "
        f"tidak ada yang ditulis. Baris di luar wilayahnya: {rincian}{lain}. Hapus baris itu dari berkas, lalu impor "
        "lagi."
    )


def _periode(rencana: Rencana, milik: dict[str, str]) -> set[Periode]:
    """The workflow periods the plan writes into: realisation and targets per period; SKM, budget and SAKIP per year.
    Indicator definitions and new kecamatan are not under the workflow."""
    out: set[Periode] = set()
    for o in rencana.operasi:
        if o.status == "tetap":
            continue
        b, kec = o.baru, _kecamatan(o, milik)
        if kec is None:
            continue
        if o.tabel in ("realisasi", "target"):
            out.add((kec, int(b["tahun"]), str(b["periode"]), "realisasi"))
        elif o.tabel in ("skm_jawaban", "skm_unsur"):
            out.add((kec, int(b["tahun"]), "Tahunan", "skm"))
        elif o.tabel in ("anggaran", "anggaran_kas"):
            out.add((kec, int(b["tahun"]), "Tahunan", "anggaran"))
        elif o.tabel == "evaluasi_sakip":
            out.add((kec, int(b["tahun_dinilai"]), "Tahunan", "sakip"))
    return out


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


def _tulis_rencana(repo: Repository, rencana: Rencana, pengguna: Pengguna, now: datetime) -> int:
    """The plan's source document, every new or changed row and the audit log of its values; returns the rows."""
    _tulis_dokumen(repo, rencana, pengguna, now)
    audit: list[Audit] = []
    ditulis = [o for o in rencana.operasi if o.status != "tetap"]
    for o in ditulis:
        PENULIS[o.tabel](repo, o, rencana.berkas)
        audit.extend(_audit_operasi(o))
    _tulis_audit(repo, rencana, pengguna, now, audit)
    return len(ditulis)


def _tulis_dokumen(repo: Repository, rencana: Rencana, pengguna: Pengguna, now: datetime) -> None:
    """The file (or form) as a document of kind Impor, replacing an earlier import of the same name."""
    dok = rencana.berkas
    kecs = sorted({o.baru.get("kecamatan") for o in rencana.operasi if o.baru.get("kecamatan")})
    years = [o.baru["tahun"] for o in rencana.operasi if "tahun" in o.baru]
    repo.run("hapus_dokumen", dokumen_id=dok)
    dokumen = {
        "dokumen_id": dok,
        "kecamatan": kecs[0] if kecs else "-",
        "jenis": "Impor",
        "tahun": max(years) if years else now.year,
        "tanggal": now.date(),
        "judul": f"Impor {dok}",
        "format_angka": "id",
        "sha256": rencana.sha256,
        "catatan": f"Diimpor {now:%Y-%m-%d %H:%M}"
        + (f" oleh {pengguna.pengguna_log}" if pengguna.pengguna_log else ""),
    }
    repo.insert_df("dokumen", pd.DataFrame([dokumen]))


# ---------------------------------------------------------------- one writer per sheet
def _tulis_kecamatan(repo: Repository, o: Operasi, dok: str) -> None:
    """A new kecamatan, and its kabupaten/kota when that is new too."""
    b = o.baru
    repo.run("tambah_kab_kota_bila_belum_ada", nama=b["kab_kota"], jenis=b["jenis_kab_kota"], provinsi=b["provinsi"])
    repo.insert_df("kecamatan", pd.DataFrame([{"nama": b["kecamatan"], "kab_kota": b["kab_kota"], "sintetis": False}]))


def _tulis_indikator(repo: Repository, o: Operasi, dok: str) -> None:
    repo.run("hapus_indikator", indikator_id=o.baru["indikator_id"])
    repo.insert_df("indikator", pd.DataFrame([{**o.baru, "sumber_tabel": "Lembar indikator", "sumber_dokumen": dok}]))


def _tulis_skm_jawaban(repo: Repository, o: Operasi, dok: str) -> None:
    """A survey replaced whole: one row per respondent, numbered in the order of the sheet."""
    b = o.baru
    repo.run("hapus_skm_jawaban_survei", **_kunci(o))
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
            "sumber_dokumen": dok,
        }
        for i, r in enumerate(b["jawaban"], start=1)
    ]
    repo.insert_df("skm_jawaban", pd.DataFrame(rows))


def _ganti_baris(repo: Repository, o: Operasi, dok: str, *, hapus: str) -> None:
    """The row of the operation's key that an earlier import wrote (``hapus``) replaced by the new one."""
    repo.run(hapus, **_kunci(o))
    repo.insert_df(o.tabel, pd.DataFrame([{**o.baru, "sumber_dokumen": dok}]))


def _kunci(o: Operasi) -> dict[str, object]:
    """The operation's key columns and values: the parameters of the statement that removes the row it replaces."""
    return {k: o.baru[k] for k in KUNCI[o.tabel][1]}


# Sheet name -> how an operation of it is written (statements: lkjip.db.statements).
PENULIS: dict[str, Callable[[Repository, Operasi, str], None]] = {
    "kecamatan": _tulis_kecamatan,
    "indikator": _tulis_indikator,
    "target": partial(_ganti_baris, hapus="hapus_target_impor"),
    "realisasi": partial(_ganti_baris, hapus="hapus_realisasi_impor"),
    "skm_jawaban": _tulis_skm_jawaban,
    "skm_unsur": partial(_ganti_baris, hapus="hapus_skm_unsur_impor"),
    "anggaran": partial(_ganti_baris, hapus="hapus_anggaran_impor"),
    "anggaran_kas": partial(_ganti_baris, hapus="hapus_anggaran_kas_impor"),
    "evaluasi_sakip": partial(_ganti_baris, hapus="hapus_evaluasi_sakip_impor"),
}


# ---------------------------------------------------------------- the audit log
def _audit_operasi(o: Operasi) -> list[Audit]:
    """Every value the operation writes that differs from the row it replaces (all of a new row's), as machine text;
    a survey logs its number of respondents."""
    out: list[Audit] = []
    for k, v in o.baru.items():
        if k == "jawaban":
            out.append((o.tabel, o.kunci, "responden", teks_mesin((o.lama or {}).get("responden")), str(len(v))))
            continue
        old = None if o.lama is None else o.lama.get(k)
        if o.lama is None or teks_mesin(old) != teks_mesin(v):
            out.append((o.tabel, o.kunci, k, teks_mesin(old), teks_mesin(v)))
    return out


def _tulis_audit(repo: Repository, rencana: Rencana, pengguna: Pengguna, now: datetime, audit: list[Audit]) -> None:
    rows = [
        {
            "waktu": now,
            "tabel": t,
            "kunci": k,
            "kolom": c,
            "nilai_lama": a,
            "nilai_baru": b,
            "sumber": rencana.berkas,
            "sha256": rencana.sha256,
            "pengguna": pengguna.pengguna_log,
            "peran": pengguna.peran_log,
        }
        for t, k, c, a, b in audit
    ]
    repo.insert_df("audit_log", pd.DataFrame(rows))
