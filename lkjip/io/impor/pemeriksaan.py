"""Step 2 of an import: every cell of the sheets checked against the spec and the database, and the plan.

``periksa_lembar`` returns the plan (``rencana.Rencana``) or raises ValidasiGagal listing *every* problem at once as
sheet, row, column and message (a row with a problem is reported and left out of the plan); a file without any data
row is a DataError. Nothing is written here.

Each sheet has its checker (``PEMERIKSA``), run in the order of that dict: kecamatan and indicators first, since later
sheets may use them, and the budget lines before the cash plan that names them. A checker takes the sheet's rows
whose cells are valid (``_Pemeriksaan.baris``), checks what spans rows or the database, and adds the operations.

A new name (kecamatan, kabupaten/kota, an indicator's within its kecamatan) that looks like one already there or like
another new one of the file (``mirip``) is refused; values that cannot be true are refused and those that are only
doubtful are warnings (``Rencana.peringatan``), by the rules lkjip.calc.checks also applies to what is stored."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta, timezone
from functools import partial

from lkjip.calc import checks
from lkjip.calc.capaian import default_formula
from lkjip.calc.ikm import UNSUR, unsur_dari_nama
from lkjip.config import get_settings
from lkjip.db.repository import Repository
from lkjip.errors import DataError
from lkjip.format import format_rupiah
from lkjip.io.impor.berkas import baca
from lkjip.io.impor.mirip import IndeksNama, kerangka, pesan_mirip
from lkjip.io.impor.rencana import Operasi, Rencana, Tersimpan, lama_indikator, teks_mesin
from lkjip.io.impor.sel import bersihkan, nilai_sel, saran
from lkjip.io.impor.spec import LEMBAR, Kolom, Lembar, Sheets
from lkjip.io.impor.tampilan import DIPERLIHATKAN, angka_pesan
from lkjip.io.validasi import Masalah, ValidasiGagal

TAHUN_MIN, TAHUN_MAX = 2000, 2100

Baris = tuple[int, dict]  # (row number as the spreadsheet shows it, {column name: value})
SARAN_MAKS = 20  # distinct unknown kecamatan given the closest name (the rest: the same message without it)
_LABEL = {nama: {k.nama: k.label for k in lembar.kolom} for nama, lembar in LEMBAR.items()}  # column -> header
_TERUKUR = {"realisasi": "realisasi", "skm_jawaban": "hasil SKM", "skm_unsur": "hasil SKM"}  # measured, never ahead


def periksa(repo: Repository, nama: str, data: bytes) -> Rencana:
    """Validate a file and return the plan; ValidasiGagal lists every problem at once."""
    sheets, formulas = baca(nama, data)
    return periksa_lembar(repo, nama, sheets, hashlib.sha256(data).hexdigest(), formulas)


def periksa_lembar(
    repo: Repository,
    nama: str,
    sheets: Sheets,
    sha: str,
    formulas: list[Masalah] | None = None,
    *,
    tersimpan: Tersimpan | None = None,
) -> Rencana:
    """Validate parsed sheets (from a file or a form) and return the plan.

    The plan's old values (``Operasi.lama``) are the rows stored now, or those of ``tersimpan`` (a form's snapshot
    of the database as it was when opened): ``terapkan`` writes the plan only while they are still the stored ones."""
    p = _Pemeriksaan(repo, sheets, Rencana(nama, sha), tersimpan or Tersimpan(repo))
    p.masalah.extend(formulas or [])
    for lembar, periksa_satu in PEMERIKSA.items():
        periksa_satu(p, p.baris(LEMBAR[lembar], sheets.get(lembar, [])))
    if p.masalah:
        raise ValidasiGagal(p.masalah)
    if not p.rencana.operasi:
        raise DataError("Berkas tidak berisi baris data pada lembar yang dikenali.", lokasi=nama)
    return p.rencana


class _Pemeriksaan:
    """The checking of one file: the problems found so far, the plan being made, and what the database holds."""

    def __init__(self, repo: Repository, sheets: Sheets, rencana: Rencana, ada: Tersimpan) -> None:
        self.repo = repo
        self.rencana = rencana
        self.ada = ada
        self.masalah: list[Masalah] = []
        self._kunci: dict[tuple, int] = {}  # every row's key -> the row that gave it first
        self.tahun_maks = checks.tahun_maks_terukur()
        wil = repo.fetch("kecamatan_list")
        self.kecamatan = set(wil["kecamatan"])
        self.kecamatan_lama = frozenset(self.kecamatan)  # as stored: a new name may not look like one of these
        self.kab_kota = dict(zip(wil["kecamatan"], wil["kab_kota"], strict=True))
        self.kab_kota_lama = frozenset(wil["kab_kota"])
        self.provinsi_lama = frozenset(wil["provinsi"])
        self.indeks_lama = {
            "kecamatan": IndeksNama(self.kecamatan_lama),
            "kab_kota": IndeksNama(self.kab_kota_lama),
            "provinsi": IndeksNama(self.provinsi_lama),
        }
        self._indeks_kecamatan = (-1, IndeksNama())  # (size of self.kecamatan it was built for, index)
        self._tak_dikenal: dict[str, str] = {}  # unknown kecamatan -> its message (a sheet repeats it on every row)
        # only the indicators the file can mean: of the kecamatan it names, or with an id it contains (a national
        # database has hundreds of thousands; ids are unique across kecamatan, so every id it uses is checked)
        sebutan = sorted(
            {bersihkan(str(v))[0] for rows in sheets.values() for _, row in rows for v in row.values() if v}
        )
        ind = repo.fetch("_indikator_disebut", sebutan=sebutan)
        self.ind = ind.set_index("indikator_id")
        self.indikator = {(r.kecamatan, r.indikator_id): r.indikator for r in ind.itertuples()}
        self.nama_ke_id = {(r.kecamatan, r.indikator.lower()): r.indikator_id for r in ind.itertuples()}
        self.agregasi = dict(zip(ind["indikator_id"], ind["agregasi"], strict=True))  # this file's definitions win

    def salah(self, lembar: str, baris: int, kolom: str, pesan: str) -> None:
        self.masalah.append(Masalah(lembar, baris, kolom, pesan))

    def baris(self, lembar: Lembar, rows: list[tuple[int, dict[str, object]]]) -> Iterable[Baris]:
        """Checked rows of a sheet (a row with any problem is reported and skipped); an absent sheet has none."""
        if not rows:
            return
        header = self._kolom_header(lembar, rows[0][1])
        if header is None:
            return
        for n, raw in rows[1:]:
            before = len(self.masalah)
            row = {
                k.nama: self._sel(lembar.nama, n, k, raw.get(header[k.nama]) if header[k.nama] else None)
                for k in lembar.kolom
            }
            self._periksa_tahun_kecamatan(lembar.nama, n, row)
            if len(self.masalah) == before:
                yield n, row

    def _kolom_header(self, lembar: Lembar, header: dict[str, object]) -> dict[str, str | None] | None:
        """Column name -> the header that holds it (its label or its name); None when a required column is missing."""
        by_label = {}
        for k in lembar.kolom:
            found = next((h for h in header if h in (k.label, k.nama)), None)
            if found is None and k.wajib:
                self.salah(lembar.nama, 1, k.label, "kolom wajib tidak ada (gunakan templat terbaru)")
            by_label[k.nama] = found
        if any(by_label[k.nama] is None and k.wajib for k in lembar.kolom):
            return None
        return by_label

    def _sel(self, lembar: str, n: int, kolom: Kolom, mentah: object) -> object:
        nilai, pesan = nilai_sel(kolom, mentah)
        if pesan is not None:
            self.salah(lembar, n, kolom.label, pesan)
        return nilai

    def _periksa_tahun_kecamatan(self, lembar: str, n: int, row: dict) -> None:
        """A year in range; a kecamatan the database knows (or the kecamatan sheet adds)."""
        if "tahun" in row and row["tahun"] is not None and not TAHUN_MIN <= row["tahun"] <= TAHUN_MAX:
            self.salah(lembar, n, "Tahun", f"tahun {row['tahun']} di luar rentang {TAHUN_MIN}–{TAHUN_MAX}")
        elif lembar in _TERUKUR and row.get("tahun") is not None and row["tahun"] > self.tahun_maks:
            self.salah(
                lembar,
                n,
                "Tahun",
                f"{_TERUKUR[lembar]} tahun {row['tahun']} belum mungkin terukur (paling akhir tahun "
                f"{self.tahun_maks}); periksa tahunnya",
            )
        kecamatan = row.get("kecamatan")
        if kecamatan is not None and lembar != "kecamatan" and kecamatan not in self.kecamatan:
            self.salah(lembar, n, "Kecamatan", self._pesan_tak_dikenal(kecamatan))

    def _pesan_tak_dikenal(self, kecamatan: str) -> str:
        """Why a kecamatan is not known: it looks like one (exactly which), or it is new, with the closest name for
        the first SARAN_MAKS distinct names (difflib over 7.300 names takes milliseconds a row)."""
        if kecamatan in self._tak_dikenal:
            return self._tak_dikenal[kecamatan]
        if self._indeks_kecamatan[0] != len(self.kecamatan):  # the kecamatan sheet may have added names
            self._indeks_kecamatan = (len(self.kecamatan), IndeksNama(self.kecamatan))
        mirip = self._indeks_kecamatan[1].mirip(kecamatan)
        pesan = (
            f"kecamatan {pesan_mirip(kecamatan, mirip)}"
            if mirip
            else f"kecamatan '{kecamatan}' belum ada; tambahkan lewat lembar 'kecamatan' bila memang baru."
            + (saran(kecamatan, sorted(self.kecamatan)) if len(self._tak_dikenal) < SARAN_MAKS else "")
        )
        self._tak_dikenal[kecamatan] = pesan
        return pesan

    def unik(self, lembar: str, n: int, key: tuple) -> bool:
        """False (and a problem) for a row whose key an earlier row of the file already gave."""
        if key in self._kunci:
            self.salah(lembar, n, "-", f"baris ganda: kunci yang sama sudah ada di baris {self._kunci[key]}")
            return False
        self._kunci[key] = n
        return True

    def id_indikator(self, lembar: str, n: int, kecamatan: str, teks: str) -> str | None:
        """The indicator a cell means, by code or by name (any case), or None and a problem."""
        if (kecamatan, teks) in self.indikator:
            return teks
        if (kecamatan, teks.lower()) in self.nama_ke_id:
            return self.nama_ke_id[(kecamatan, teks.lower())]
        pilihan = [nama for (kec, _), nama in self.indikator.items() if kec == kecamatan]
        pilihan += [i for (kec, i) in self.indikator if kec == kecamatan]
        self.salah(
            lembar,
            n,
            "Indikator",
            f"indikator '{teks}' tidak ada untuk {kecamatan}; tambahkan lewat lembar "
            f"'indikator' bila memang baru.{saran(teks, pilihan)}",
        )
        return None

    def catat(self, tabel: str, kunci: str, baru: dict) -> None:
        """Add the operation for ``baru``: new, unchanged (every value a preview shows is as stored) or changed."""
        lama = self.ada.baris(tabel, baru)
        sama = lama is not None and all(teks_mesin(lama[k]) == teks_mesin(baru[k]) for k in DIPERLIHATKAN[tabel])
        status = "baru" if lama is None else ("tetap" if sama else "berubah")
        self.rencana.operasi.append(Operasi(tabel, kunci, baru, lama, status))

    def dari_laporan(self, query: str) -> dict[tuple, str]:
        """(kecamatan, year) -> the report that already gives that year's budget or SAKIP score."""
        return {(k, t): d for k, t, d in self.repo.fetch(query).itertuples(index=False)}


# ---------------------------------------------------------------- one checker per sheet
def _periksa_kecamatan(p: _Pemeriksaan, rows: Iterable[Baris]) -> None:
    """A new kecamatan, or one already recorded in the same kabupaten/kota (another is refused). A new kecamatan or
    kabupaten/kota may not look like one already there, nor like another new one of this file."""
    baru: dict[str, dict[str, tuple[str, int]]] = {
        "kecamatan": {},
        "kab_kota": {},
        "provinsi": {},
    }  # kerangka -> (name, row)
    for n, r in rows:
        if not _nama_wilayah_baru_sah(p, n, r, baru):
            continue
        kab_kota = p.kab_kota.get(r["kecamatan"])
        lama = None if kab_kota is None else {"kecamatan": r["kecamatan"], "kab_kota": kab_kota}
        status = "baru" if lama is None else ("tetap" if kab_kota == r["kab_kota"] else "berubah")
        if status == "berubah":
            p.salah("kecamatan", n, "Kabupaten/Kota", f"{r['kecamatan']} sudah tercatat di {kab_kota}")
        p.rencana.operasi.append(Operasi("kecamatan", r["kecamatan"], r, lama, status))
        p.kecamatan.add(r["kecamatan"])


def _nama_wilayah_baru_sah(p: _Pemeriksaan, n: int, r: dict, baru: dict[str, dict[str, tuple[str, int]]]) -> bool:
    """False (and the problem) for a new kecamatan or kabupaten/kota name that looks like one stored (``bontang
    barat``, a Cyrillic о) or like a different new name in an earlier row; a kecamatan named twice is a double row."""
    label = _LABEL["kecamatan"]
    for kolom, lama in (("kecamatan", p.kecamatan_lama), ("kab_kota", p.kab_kota_lama), ("provinsi", p.provinsi_lama)):
        nama = r[kolom]
        if nama in lama:
            continue
        mirip = p.indeks_lama[kolom].mirip(nama)
        if mirip is not None:
            p.salah("kecamatan", n, label[kolom], pesan_mirip(nama, mirip))
            return False
        sebelumnya = baru[kolom].get(kerangka(nama))
        if sebelumnya is not None and (sebelumnya[0] != nama or kolom == "kecamatan"):
            pesan = (
                pesan_mirip(nama, sebelumnya[0], sudah_ada=False) + f" (baris {sebelumnya[1]})"
                if sebelumnya[0] != nama
                else f"baris ganda: kecamatan '{nama}' sudah ada di baris {sebelumnya[1]}"
            )
            p.salah("kecamatan", n, label[kolom], pesan)
            return False
        baru[kolom].setdefault(kerangka(nama), (nama, n))
    return True


def _nama_indikator_sah(p: _Pemeriksaan, n: int, r: dict) -> bool:
    """False (and the problem) for an indicator named (new, or renamed) like another indicator of its kecamatan:
    stored, or given by an earlier row of the file. Name lookups (``id_indikator``) must find one indicator."""
    iid, nama, kec = r["indikator_id"], r["nama"], r["kecamatan"]
    if iid in p.ind.index and p.ind.at[iid, "indikator"] == nama:
        return True  # its name as stored
    k = kerangka(nama)
    lain = next(((i, x) for (kk, i), x in p.indikator.items() if kk == kec and i != iid and kerangka(x) == k), None)
    if lain is None:
        return True
    kode, nama_lain = lain
    if kode in p.ind.index and p.ind.at[kode, "kecamatan"] == kec:
        pesan = (
            f"'{nama}' mirip dengan '{nama_lain}' yang sudah ada (kode {kode}); gunakan nama itu persis dengan kode "
            f"{kode}, atau nama lain untuk indikator baru"
        )
    else:
        pesan = f"{pesan_mirip(nama, nama_lain, sudah_ada=False)} (kode {kode})"
    p.salah("indikator", n, _LABEL["indikator"]["nama"], pesan)
    return False


def _periksa_indikator(p: _Pemeriksaan, rows: Iterable[Baris]) -> None:
    """An indicator's definition; its code may not be another kecamatan's. Later sheets may name it."""
    for n, r in rows:
        iid = r["indikator_id"]
        if not p.unik("indikator", n, ("indikator", iid)):
            continue
        if iid in p.ind.index and p.ind.at[iid, "kecamatan"] != r["kecamatan"]:
            p.salah("indikator", n, "Kode indikator", f"kode {iid} sudah dipakai kecamatan lain")
            continue
        if not _nama_indikator_sah(p, n, r):
            continue
        baru = {
            "indikator_id": iid,
            "kecamatan": r["kecamatan"],
            "nama": r["nama"],
            "satuan": r["satuan"],
            "arah": r["arah"],
            "agregasi": r["agregasi"],
            "tingkat": r["tingkat"],
            "formula_capaian": default_formula(r["arah"], get_settings().formula_turun_default),
            "definisi": r["definisi"],
            "sumber_data": r["sumber_data"],
        }
        lama = None
        if iid in p.ind.index:
            lama = lama_indikator({**p.ind.loc[iid].to_dict(), "indikator_id": iid})
        sama = lama is not None and all(teks_mesin(lama[k]) == teks_mesin(v) for k, v in baru.items())
        status = "baru" if lama is None else ("tetap" if sama else "berubah")
        p.rencana.operasi.append(Operasi("indikator", iid, baru, lama, status))
        p.indikator[(r["kecamatan"], iid)] = r["nama"]
        p.nama_ke_id[(r["kecamatan"], r["nama"].lower())] = iid
        p.agregasi[iid] = r["agregasi"]


def _periksa_nilai_indikator(p: _Pemeriksaan, rows: Iterable[Baris], *, tabel: str) -> None:
    """A target or a realisasi of an indicator (by code or name) for a year and period; one per key. A cumulative
    indicator's realisasi whose total so far falls within a year (with the values stored) is a warning."""
    dalam_berkas: dict[tuple[str, int], dict[str, tuple[int, float]]] = {}  # (id, tahun) -> periode -> (row, value)
    for n, r in rows:
        iid = p.id_indikator(tabel, n, r["kecamatan"], r["indikator"])
        if iid is None:
            continue
        key = (iid, r["tahun"], r["periode"]) + ((r["jenis"],) if tabel == "target" else ())
        if not p.unik(tabel, n, (tabel, *key)):
            continue
        baru = {
            "indikator_id": iid,
            "tahun": r["tahun"],
            "periode": r["periode"],
            "nilai": r[tabel],
            "nilai_teks": teks_mesin(r[tabel]),
            "utama": True,
            "sumber_tabel": f"Lembar {tabel} baris {n}",
        }
        if tabel == "target":
            baru["jenis"] = r["jenis"]
        else:
            baru["catatan"] = r.get("catatan")
            dalam_berkas.setdefault((iid, r["tahun"]), {})[r["periode"]] = (n, r[tabel])
        p.catat(tabel, " ".join(map(str, key)), baru)
    _peringatan_kumulatif(p, dalam_berkas)


def _peringatan_kumulatif(p: _Pemeriksaan, dalam_berkas: dict[tuple[str, int], dict[str, tuple[int, float]]]) -> None:
    """A warning on the row that makes a cumulative indicator's total so far fall (checks.kumulatif_turun), over this
    file's realisations and, for the periods it does not give, those stored."""
    kumulatif = {k: v for k, v in dalam_berkas.items() if p.agregasi.get(k[0]) == "kumulatif"}
    if not kumulatif:
        return
    tersimpan = p.repo.fetch("_realisasi_tersimpan", ids=sorted({iid for iid, _ in kumulatif}))
    for (iid, tahun), berkas in kumulatif.items():
        lama = tersimpan[(tersimpan["indikator_id"] == iid) & (tersimpan["tahun"] == tahun)]
        nilai = dict(zip(lama["periode"], lama["nilai"], strict=True)) | {k: v for k, (_, v) in berkas.items()}
        turun = checks.kumulatif_turun(nilai)
        if turun is None:
            continue
        akhir, awal = turun[0].removeprefix("s.d. "), turun[2].removeprefix("s.d. ")
        n = (
            berkas[akhir][0]
            if akhir in berkas
            else berkas[awal][0]
            if awal in berkas
            else min(b for b, _ in berkas.values())
        )
        p.rencana.peringatan.append(
            Masalah("realisasi", n, _LABEL["realisasi"]["realisasi"], f"{iid} {tahun}: {checks.pesan_kumulatif(turun)}")
        )


def _periksa_skm_jawaban(p: _Pemeriksaan, rows: Iterable[Baris]) -> None:
    """Answers per respondent, one survey per kecamatan, year, period and service: a survey is replaced whole, and
    is unchanged when the same file gave it."""
    answers: dict[tuple, list[Baris]] = {}
    for n, r in rows:
        if not _responden_sah(p, n, r):
            continue
        key = (r["kecamatan"], r["tahun"], r["periode"], r["jenis_layanan"] or "Semua layanan")
        answers.setdefault(key, []).append((n, r))
    for key, survei in answers.items():
        if len(survei) < checks.RESPONDEN_MIN:
            p.rencana.peringatan.append(
                Masalah(
                    "skm_jawaban",
                    survei[-1][0],
                    "-",
                    f"survei {' '.join(map(str, key))} hanya {len(survei)} responden; di bawah "
                    f"{checks.RESPONDEN_MIN} responden IKM dan mutunya belum bermakna (PermenPANRB 14/2017 menentukan "
                    "jumlah sampel dari jumlah penerima layanan)",
                )
            )
        baru = {
            "kecamatan": key[0],
            "tahun": key[1],
            "periode": key[2],
            "jenis_layanan": key[3],
            "responden": len(survei),
            "jawaban": [r for _, r in survei],
        }
        old = p.ada.baris("skm_jawaban", baru)
        lama = None if old is None else {"responden": int(old["responden"]), "sha256": old["sha256"]}
        status = "baru" if lama is None else ("tetap" if lama["sha256"] == p.rencana.sha256 else "berubah")
        p.rencana.operasi.append(Operasi("skm_jawaban", " ".join(map(str, key)), baru, lama, status))


# a time after the date is allowed and dropped: a date cell reads '2025-03-31 00:00:00', a Google Forms export
# '31/03/2025 14:05:22'
_JAM = r"(?:[ T]\d{1,2}[:.]\d{2}(?:[:.]\d{2}(?:\.\d+)?)?)?"
_TANGGAL_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})" + _JAM)
_TANGGAL_ID = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})" + _JAM)  # 31/03/2025: day first, as Indonesia writes it
# "today" where it is latest in Indonesia (WIT, UTC+9): an answer given this morning in Jayapura is not in the future
# on a server that keeps UTC
_WIT = timezone(timedelta(hours=9))


def _tanggal(teks: str) -> date | None:
    m, urutan = _TANGGAL_ISO.fullmatch(teks), (1, 2, 3)
    if m is None:
        m, urutan = _TANGGAL_ID.fullmatch(teks), (3, 2, 1)
    if m is None:
        return None
    try:
        return date(*(int(m.group(i)) for i in urutan))
    except ValueError:  # 2025-02-30
        return None


def _responden_sah(p: _Pemeriksaan, n: int, r: dict) -> bool:
    """False (and the problem) for an answer whose date is not a date or lies after today, or whose age cannot be a
    person's; the date is kept as YYYY-MM-DD, so the write never guesses its order."""
    label, sah = _LABEL["skm_jawaban"], True
    if r["tanggal"] is not None:
        tanggal = _tanggal(r["tanggal"])
        if tanggal is None:
            p.salah(
                "skm_jawaban",
                n,
                label["tanggal"],
                f"'{r['tanggal']}' bukan tanggal; tulis YYYY-MM-DD (mis. 2025-03-31)",
            )
            sah = False
        elif tanggal > datetime.now(_WIT).date():
            p.salah("skm_jawaban", n, label["tanggal"], f"tanggal {tanggal:%Y-%m-%d} belum terjadi")
            sah = False
        else:
            r["tanggal"] = tanggal.isoformat()
    if r["usia"] is not None and not 0 <= r["usia"] <= checks.USIA_MAKS:
        p.salah("skm_jawaban", n, label["usia"], f"usia {r['usia']} tidak mungkin; isi 0–{checks.USIA_MAKS} tahun")
        sah = False
    return sah


def _periksa_skm_unsur(p: _Pemeriksaan, rows: Iterable[Baris]) -> None:
    """An NRR (1–4) per unsur, named by code (U1–U9) or by a name that maps to exactly one unsur."""
    for n, r in rows:
        teks = r["unsur"]
        kode = teks.upper() if teks.upper() in {u.kode for u in UNSUR} else None
        if kode is None:
            try:
                kode = unsur_dari_nama(teks).kode
            except DataError as exc:
                p.salah("skm_unsur", n, "Unsur", exc.pesan)
                continue
        if not 1 <= r["nrr"] <= 4:
            p.salah("skm_unsur", n, "NRR (1–4)", f"NRR {angka_pesan(r['nrr'])} di luar skala 1–4")
            continue
        layanan = r["jenis_layanan"] or "Semua layanan"
        key = (r["kecamatan"], r["tahun"], r["periode"], layanan, kode)
        if not p.unik("skm_unsur", n, ("skm_unsur", *key)):
            continue
        baru = {
            "kecamatan": key[0],
            "tahun": key[1],
            "periode": key[2],
            "jenis_layanan": layanan,
            "unsur_kode": kode,
            "unsur_nama_laporan": teks,
            "nrr": r["nrr"],
            "nrr_teks": teks_mesin(r["nrr"]),
            "sumber_tabel": f"Lembar skm_unsur baris {n}",
        }
        p.catat("skm_unsur", " ".join(map(str, key)), baru)


def _id_anggaran(kecamatan: str, tahun: int, kode: str | None, nama: str) -> str:
    return f"impor:{kecamatan}:{tahun}:{kode or nama}"


def _periksa_anggaran(p: _Pemeriksaan, rows: Iterable[Baris]) -> None:
    """Budget lines: amounts not negative, realisasi above pagu is a warning, a year a report already covers is
    refused (its numbers stay the report's; two sources for one budget would be summed twice)."""
    rows = list(rows)
    if not rows:
        return
    dari_laporan = p.dari_laporan("_anggaran_laporan")
    ids = {}  # (kecamatan, tahun, kode or nama) -> anggaran_id, for the parents named on this sheet
    for _, r in rows:
        ids[(r["kecamatan"], r["tahun"], r["kode"])] = _id_anggaran(r["kecamatan"], r["tahun"], r["kode"], r["nama"])
        ids[(r["kecamatan"], r["tahun"], r["nama"])] = ids[(r["kecamatan"], r["tahun"], r["kode"])]
    for n, r in rows:
        kt = (r["kecamatan"], r["tahun"])
        if kt in dari_laporan:
            p.salah(
                "anggaran",
                n,
                "Tahun",
                f"anggaran {r['kecamatan']} {r['tahun']} sudah ada dari dokumen {dari_laporan[kt]}; "
                "impor anggaran hanya untuk tahun yang belum ada",
            )
            continue
        aid = _id_anggaran(r["kecamatan"], r["tahun"], r["kode"], r["nama"])
        if not p.unik("anggaran", n, ("anggaran", aid)):
            continue
        induk = ids.get((r["kecamatan"], r["tahun"], r["induk"])) if r["induk"] else None
        if r["induk"] and induk is None:
            p.salah(
                "anggaran",
                n,
                "Induk (kode atau nama pos di atasnya, boleh kosong)",
                f"induk '{r['induk']}' tidak ada di lembar ini untuk tahun yang sama",
            )
            continue
        _peringatan_realisasi_anggaran(p, n, r)
        baru = {
            "anggaran_id": aid,
            "kecamatan": r["kecamatan"],
            "tahun": r["tahun"],
            "level": r["level"],
            "kode": r["kode"],
            "nama": r["nama"],
            "induk_id": induk,
            "pagu_murni": r["pagu_murni"],
            "pagu_perubahan": r["pagu_perubahan"],
            "realisasi": r["realisasi"],
            "utama": True,  # the import is the one table for this year (v_anggaran shows utama rows)
            "sumber_tabel": f"Lembar anggaran baris {n}",
        }
        p.catat("anggaran", f"{r['kecamatan']} {r['tahun']} {r['kode'] or r['nama']}", baru)


def _peringatan_realisasi_anggaran(p: _Pemeriksaan, n: int, r: dict) -> None:
    pagu = r["pagu_perubahan"] if r["pagu_perubahan"] is not None else r["pagu_murni"]
    if r["realisasi"] is not None and r["realisasi"] > pagu:
        p.rencana.peringatan.append(
            Masalah(
                "anggaran",
                n,
                "Realisasi",
                f"realisasi melebihi pagu yang berlaku ({format_rupiah(r['realisasi'])} > {format_rupiah(pagu)})",
            )
        )


def _periksa_kas(p: _Pemeriksaan, rows: Iterable[Baris]) -> None:
    """Cash plan per quarter: the line must be a budget line of this file or an imported one of the same year (a
    year a report covers is refused, as for anggaran); a plan whose quarters add up above the line's pagu is a
    warning."""
    rows = list(rows)
    if not rows:
        return
    dari_laporan = p.dari_laporan("_anggaran_laporan")
    pos = _pos_anggaran(p)
    label = _LABEL["anggaran_kas"]
    per_pos: dict[str, list[tuple[int, int, float]]] = {}  # anggaran_id -> (row, triwulan, rencana)
    lines: dict[str, dict] = {}
    for n, r in rows:
        kt = (r["kecamatan"], r["tahun"])
        if kt in dari_laporan:
            p.salah(
                "anggaran_kas",
                n,
                label["tahun"],
                f"anggaran {r['kecamatan']} {r['tahun']} sudah ada dari dokumen {dari_laporan[kt]}; "
                "impor rencana kas hanya untuk tahun yang anggarannya diimpor",
            )
            continue
        a = pos.get((r["kecamatan"], r["tahun"], r["pos"]))
        if a is None:
            pilihan = [k[2] for k in pos if k[:2] == kt]
            p.salah(
                "anggaran_kas",
                n,
                label["pos"],
                f"pos '{r['pos']}' tidak ada di lembar anggaran berkas ini atau anggaran impor {r['kecamatan']} "
                f"{r['tahun']}.{saran(r['pos'], pilihan)}",
            )
            continue
        if not p.unik("anggaran_kas", n, ("anggaran_kas", a["anggaran_id"], r["triwulan"])):
            continue
        per_pos.setdefault(a["anggaran_id"], []).append((n, r["triwulan"], r["rencana"]))
        lines[a["anggaran_id"]] = a
        baru = {
            "kecamatan": r["kecamatan"],
            "tahun": r["tahun"],
            "anggaran_id": a["anggaran_id"],
            "nama": a["nama"],
            "triwulan": r["triwulan"],
            "rencana": r["rencana"],
            "realisasi": r["realisasi"],
            "sumber_tabel": "Lembar anggaran_kas",
        }
        p.catat("anggaran_kas", f"{r['kecamatan']} {r['tahun']} {r['pos']} TW{r['triwulan']}", baru)
    for aid, entered in per_pos.items():
        _peringatan_kas_melebihi_pagu(p, lines[aid], entered, label["rencana"])


def _pos_anggaran(p: _Pemeriksaan) -> dict[tuple[object, object, object], dict]:
    """(kecamatan, tahun, kode or nama) -> the budget line: the imported ones, then this file's (which win)."""
    pos: dict[tuple[object, object, object], dict] = {}
    for a in p.repo.fetch("_impor_anggaran").to_dict("records"):
        for k in (a["kode"], a["nama"]):
            if k:
                pos[(a["kecamatan"], a["tahun"], str(k))] = a
    for o in p.rencana.operasi:
        if o.tabel == "anggaran":
            for k in (o.baru["kode"], o.baru["nama"]):
                if k:
                    pos[(o.baru["kecamatan"], o.baru["tahun"], str(k))] = o.baru
    return pos


def _peringatan_kas_melebihi_pagu(p: _Pemeriksaan, a: dict, entered: list[tuple[int, int, float]], kolom: str) -> None:
    """A warning on the line's last row when its quarters (this file's, and those imported before and not in it)
    add up above its pagu."""
    pagu = a["pagu_perubahan"] if not _kosong(a["pagu_perubahan"]) else a["pagu_murni"]
    quarters = {tw: v for _, tw, v in entered}
    for old in p.ada.semua("anggaran_kas"):  # quarters imported before and not in this file still count
        if old["anggaran_id"] == a["anggaran_id"] and old["triwulan"] not in quarters and not _kosong(old["rencana"]):
            quarters[old["triwulan"]] = old["rencana"]
    jumlah = sum(quarters.values())
    if not _kosong(pagu) and jumlah > pagu + 0.5:
        p.rencana.peringatan.append(
            Masalah(
                "anggaran_kas",
                entered[-1][0],
                kolom,
                f"rencana kas {a['nama']} TW1–TW4 berjumlah {format_rupiah(jumlah)}, melebihi pagu {format_rupiah(pagu)}",
            )
        )


def _kosong(v: object) -> bool:
    return v is None or (isinstance(v, float) and v != v)


def _periksa_sakip(p: _Pemeriksaan, rows: Iterable[Baris]) -> None:
    """SAKIP scores: 0–100, a component not above its weight; a year a report already gives is refused."""
    rows = list(rows)
    if not rows:
        return
    dari_laporan = p.dari_laporan("_evaluasi_sakip_laporan")
    for n, r in rows:
        key = (r["kecamatan"], r["tahun_dinilai"], r["komponen"])
        if not _nilai_sakip_sah(p, n, r, dari_laporan):
            continue
        if not p.unik("evaluasi_sakip", n, ("evaluasi_sakip", *key)):
            continue
        baru = {
            "kecamatan": key[0],
            "tahun_dinilai": key[1],
            "komponen": key[2],
            "bobot": r["bobot"],
            "nilai": r["nilai"],
            "nilai_teks": teks_mesin(r["nilai"]),
            "predikat_teks": r["predikat"],
            "utama": True,
            "sumber_tabel": f"Lembar evaluasi_sakip baris {n}",
        }
        p.catat("evaluasi_sakip", " ".join(map(str, key)), baru)


def _nilai_sakip_sah(p: _Pemeriksaan, n: int, r: dict, dari_laporan: dict[tuple, str]) -> bool:
    """False (and the problem) for a year out of range or one a report gives, a score outside 0–100 or above the
    component's weight."""
    label, kt = _LABEL["evaluasi_sakip"], (r["kecamatan"], r["tahun_dinilai"])
    if not TAHUN_MIN <= r["tahun_dinilai"] <= TAHUN_MAX:
        p.salah("evaluasi_sakip", n, label["tahun_dinilai"], f"tahun {r['tahun_dinilai']} di luar rentang")
    elif kt in dari_laporan:
        p.salah(
            "evaluasi_sakip",
            n,
            label["tahun_dinilai"],
            f"evaluasi SAKIP {kt[0]} {kt[1]} sudah ada dari dokumen {dari_laporan[kt]}; "
            "impor hanya untuk tahun yang belum ada",
        )
    elif not 0 <= r["nilai"] <= 100:
        p.salah("evaluasi_sakip", n, label["nilai"], f"nilai {angka_pesan(r['nilai'])} di luar 0–100")
    elif r["bobot"] is not None and r["komponen"] != "Total" and r["nilai"] > r["bobot"]:
        pesan = f"nilai {angka_pesan(r['nilai'])} melebihi bobot {angka_pesan(r['bobot'])}"
        p.salah("evaluasi_sakip", n, label["nilai"], pesan)
    else:
        return True
    return False


# Sheet name -> its checker, in the order they run (later sheets may use what earlier ones add).
PEMERIKSA: dict[str, Callable[[_Pemeriksaan, Iterable[Baris]], None]] = {
    "kecamatan": _periksa_kecamatan,
    "indikator": _periksa_indikator,
    "target": partial(_periksa_nilai_indikator, tabel="target"),
    "realisasi": partial(_periksa_nilai_indikator, tabel="realisasi"),
    "skm_jawaban": _periksa_skm_jawaban,
    "skm_unsur": _periksa_skm_unsur,
    "anggaran": _periksa_anggaran,
    "anggaran_kas": _periksa_kas,
    "evaluasi_sakip": _periksa_sakip,
}
