"""Import of staff-entered data (the Excel template, or one CSV per sheet).

Three steps, so that nothing is written by mistake:

1. ``baca`` reads the file and rejects what is not a readable spreadsheet (wrong type, corrupt,
   empty, too large, formulas, a CSV not in UTF-8);
2. ``periksa`` validates every cell against the database and returns a plan (new / changed /
   unchanged, old -> new) plus *every* problem as sheet, row, column and message;
3. ``terapkan`` writes the plan all-or-nothing: under a lock file it copies the database, applies the
   plan in one transaction (with the audit log and the computed tables), and swaps the copy in
   atomically. DuckDB allows one writing process per file; a running app holds read-only connections
   to the old file and reconnects when the file changes, so the two never fight and no write is lost.
"""

from __future__ import annotations

import csv
import difflib
import hashlib
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pandas as pd
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from lkjip.calc.capaian import default_formula
from lkjip.calc.ikm import UNSUR, unsur_dari_nama
from lkjip.calc.periode import LEVEL_ANGGARAN_IMPOR, PERIODE
from lkjip.calc.sakip import KOMPONEN_2021
from lkjip.config import get_settings
from lkjip.db.derive import refresh_derived
from lkjip.db.repository import Repository
from lkjip.db.tukar import tulis_lalu_tukar
from lkjip.errors import AngkaError, DataBerubahError, DataError
from lkjip.format import KOSONG, format_angka, format_rupiah, label_kolom
from lkjip.io.angka import parse_angka
from lkjip.io.validasi import Masalah, ValidasiGagal
from lkjip.missing import is_missing

BATAS_UKURAN = 20 * 1024 * 1024  # 20 MB: a year of a kecamatan's data is far below this
TAHUN_MIN, TAHUN_MAX = 2000, 2100


@dataclass(frozen=True)
class Kolom:
    nama: str
    label: str  # header in the template, with the unit
    jenis: str = "teks"  # teks | bulat | angka | rupiah | jawaban
    wajib: bool = True
    pilihan: tuple[str, ...] = ()


@dataclass(frozen=True)
class Lembar:
    nama: str
    keterangan: str
    kolom: tuple[Kolom, ...]


_KEC = Kolom("kecamatan", "Kecamatan")
_TAHUN = Kolom("tahun", "Tahun", "bulat")
_PERIODE = Kolom("periode", "Periode (Tahunan/TW1–TW4/S1/S2)", pilihan=PERIODE)
LEMBAR: dict[str, Lembar] = {
    "kecamatan": Lembar(
        "kecamatan",
        "Kecamatan baru (hanya bila memang belum ada di dasbor).",
        (
            Kolom("provinsi", "Provinsi"),
            Kolom("kab_kota", "Kabupaten/Kota (mis. Kota Bekasi)"),
            Kolom("jenis_kab_kota", "Jenis (Kota/Kabupaten)", pilihan=("Kota", "Kabupaten")),
            _KEC,
        ),
    ),
    "indikator": Lembar(
        "indikator",
        "Indikator baru atau perubahan definisinya.",
        (
            _KEC,
            Kolom("indikator_id", "Kode indikator (unik)"),
            Kolom("nama", "Nama indikator"),
            Kolom("satuan", "Satuan (%, Nilai, Rp, …)"),
            Kolom("arah", "Arah (naik = makin tinggi makin baik; turun)", pilihan=("naik", "turun")),
            Kolom(
                "agregasi",
                "Agregasi triwulan (kumulatif/nilai_akhir/rata_rata)",
                pilihan=("kumulatif", "nilai_akhir", "rata_rata"),
            ),
            Kolom("tingkat", "Tingkat (iku/sasaran/tujuan/program)", pilihan=("iku", "sasaran", "tujuan", "program")),
            Kolom("definisi", "Definisi/formula", wajib=False),
            Kolom("sumber_data", "Sumber data", wajib=False),
        ),
    ),
    "target": Lembar(
        "target",
        "Target per tahun atau per periode.",
        (
            _KEC,
            Kolom("indikator", "Indikator (kode atau nama)"),
            _TAHUN,
            _PERIODE,
            Kolom("jenis", "Jenis target (PK/PK Perubahan/Renstra)", pilihan=("PK", "PK Perubahan", "Renstra")),
            Kolom("target", "Target (angka, dalam satuan indikator)", "angka"),
        ),
    ),
    "realisasi": Lembar(
        "realisasi",
        "Realisasi per periode (isi setiap triwulan).",
        (
            _KEC,
            Kolom("indikator", "Indikator (kode atau nama)"),
            _TAHUN,
            _PERIODE,
            Kolom("realisasi", "Realisasi (angka, dalam satuan indikator)", "angka"),
            Kolom("catatan", "Catatan", wajib=False),
        ),
    ),
    "skm_jawaban": Lembar(
        "skm_jawaban",
        "Jawaban SKM per responden, skala 1–4 (PermenPANRB 14/2017).",
        (
            _KEC,
            _TAHUN,
            _PERIODE,
            Kolom("jenis_layanan", "Jenis layanan", wajib=False),
            Kolom("tanggal", "Tanggal (YYYY-MM-DD)", wajib=False),
            Kolom("jenis_kelamin", "Jenis kelamin", wajib=False),
            Kolom("usia", "Usia (tahun)", "bulat", wajib=False),
            Kolom("pendidikan", "Pendidikan", wajib=False),
            Kolom("pekerjaan", "Pekerjaan", wajib=False),
            *(Kolom(u.kode.lower(), f"{u.kode} {u.nama} (1–4)", "jawaban") for u in UNSUR),
        ),
    ),
    "skm_unsur": Lembar(
        "skm_unsur",
        "NRR per unsur, untuk unit yang hanya punya nilai rekap.",
        (
            _KEC,
            _TAHUN,
            _PERIODE,
            Kolom("jenis_layanan", "Jenis layanan", wajib=False),
            Kolom("unsur", "Unsur (kode U1–U9 atau nama)"),
            Kolom("nrr", "NRR (1–4)", "angka"),
        ),
    ),
    "anggaran": Lembar(
        "anggaran",
        "Pagu dan realisasi anggaran per pos (total, program, kegiatan, sub kegiatan), dalam rupiah.",
        (
            _KEC,
            _TAHUN,
            Kolom("level", "Tingkat (total/program/kegiatan/sub_kegiatan)", pilihan=LEVEL_ANGGARAN_IMPOR),
            Kolom("kode", "Kode rekening (boleh kosong)", wajib=False),
            Kolom("nama", "Nama pos"),
            Kolom("induk", "Induk (kode atau nama pos di atasnya, boleh kosong)", wajib=False),
            Kolom("pagu_murni", "Pagu murni (Rp)", "rupiah"),
            Kolom("pagu_perubahan", "Pagu perubahan (Rp, boleh kosong)", "rupiah", wajib=False),
            Kolom("realisasi", "Realisasi (Rp, boleh kosong)", "rupiah", wajib=False),
        ),
    ),
    "anggaran_kas": Lembar(
        "anggaran_kas",
        "Rencana dan realisasi kas per triwulan untuk pos di lembar anggaran (atau anggaran yang sudah diimpor).",
        (
            _KEC,
            _TAHUN,
            Kolom("pos", "Pos anggaran (kode atau nama, seperti di lembar anggaran)"),
            Kolom("triwulan", "Triwulan (1–4)", "bulat", pilihan=("1", "2", "3", "4")),
            Kolom("rencana", "Rencana kas (Rp)", "rupiah"),
            Kolom("realisasi", "Realisasi kas (Rp, boleh kosong)", "rupiah", wajib=False),
        ),
    ),
    "evaluasi_sakip": Lembar(
        "evaluasi_sakip",
        "Hasil evaluasi SAKIP/AKIP oleh Inspektorat per komponen (PermenPANRB 88/2021) dan nilai total.",
        (
            _KEC,
            Kolom("tahun_dinilai", "Tahun yang dinilai", "bulat"),
            Kolom("komponen", "Komponen (atau Total)", pilihan=(*KOMPONEN_2021, "Total")),
            Kolom("bobot", "Bobot (%, boleh kosong)", "angka", wajib=False),
            Kolom("nilai", "Nilai (0–100)", "angka"),
            Kolom("predikat", "Predikat tertulis (AA/A/BB/B/CC/C/D, boleh kosong)", wajib=False),
        ),
    ),
}


@dataclass
class Operasi:
    """One row to write: ``lama`` is the row it replaces (None for a new one)."""

    tabel: str
    kunci: str
    baru: dict
    lama: dict | None
    status: str  # baru | berubah | tetap


@dataclass
class Rencana:
    berkas: str
    sha256: str
    operasi: list[Operasi] = field(default_factory=list)
    peringatan: list[Masalah] = field(default_factory=list)  # saved anyway, shown in the preview

    def ringkasan(self) -> pd.DataFrame:
        """Rows per sheet: how many are new, changed and unchanged (headers: LABEL_PRATINJAU)."""
        hitung: dict[str, dict[str, int]] = {}
        for o in self.operasi:
            n = hitung.setdefault(o.tabel, {s: 0 for s in STATUS})
            n[o.status] += 1
        return pd.DataFrame(
            [{"tabel": NAMA_TABEL.get(t, t), **{f"jumlah_{s}": k for s, k in n.items()}} for t, n in hitung.items()],
            columns=["tabel", *(f"jumlah_{s}" for s in STATUS)],
        )

    def perubahan(self) -> pd.DataFrame:
        """New and changed rows, one line per value a person checks (old -> new), as a person reads them: the
        sheet by its name, the column in words, numbers in Indonesian format, empty as a dash."""
        rows = []
        for o in self.operasi:
            if o.status == "tetap":
                continue
            for k in _DIPERLIHATKAN[o.tabel]:
                v = len(o.baru["jawaban"]) if k == "responden" and o.tabel == "skm_jawaban" else o.baru.get(k)
                old = None if o.lama is None else o.lama.get(k)
                if o.lama is None or _teks(old) != _teks(v):
                    rows.append(
                        {
                            "tabel": NAMA_TABEL.get(o.tabel, o.tabel),
                            "kunci": o.kunci,
                            "kolom": kolom_tampilan(o.tabel, k),
                            "lama": nilai_tampilan(o.tabel, k, old),
                            "baru": nilai_tampilan(o.tabel, k, v),
                            "status": STATUS[o.status],
                        }
                    )
        return pd.DataFrame(rows, columns=["tabel", "kunci", "kolom", "lama", "baru", "status"])

    def peringatan_tabel(self) -> pd.DataFrame:
        return ValidasiGagal(self.peringatan).as_frame() if self.peringatan else pd.DataFrame()

    @property
    def ada_perubahan(self) -> bool:
        return any(o.status != "tetap" for o in self.operasi)


_DIPERLIHATKAN: dict[str, tuple[str, ...]] = {
    "kecamatan": ("kab_kota",),
    "indikator": ("nama", "satuan", "arah", "agregasi", "tingkat"),
    "target": ("nilai",),
    "realisasi": ("nilai",),
    "skm_jawaban": ("responden",),
    "skm_unsur": ("nrr",),
    "anggaran": ("pagu_murni", "pagu_perubahan", "realisasi"),
    "anggaran_kas": ("rencana", "realisasi"),
    "evaluasi_sakip": ("bobot", "nilai", "predikat_teks"),
}


def _teks(v: object) -> str | None:
    """The exact machine text of a value (95.1, 1000000): what the change log stores and what plans compare.
    Never for the screen: nilai_tampilan formats it."""
    if is_missing(v):
        return None
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


# ---------------------------------------------------------------- display (preview and change log)
# The sheets as people call them, and the row statuses in words.
NAMA_TABEL = {
    "kecamatan": "Kecamatan",
    "indikator": "Indikator",
    "target": "Target",
    "realisasi": "Realisasi",
    "skm_jawaban": "Jawaban SKM",
    "skm_unsur": "SKM per unsur",
    "anggaran": "Anggaran",
    "anggaran_kas": "Rencana kas",
    "evaluasi_sakip": "Evaluasi SAKIP",
}
STATUS = {"baru": "baru", "berubah": "berubah", "tetap": "tidak berubah"}
# The headers of ringkasan(), perubahan(), masalah_formulir() and log_tampilan(), for column_config labels (the others
# are lkjip.format.LABEL_KOLOM's).
LABEL_PRATINJAU = {
    "tabel": "Jenis data",
    "kunci": "Data",
    "kolom": "Isian",
    "lama": "Nilai lama",
    "baru": "Nilai baru",
    "status": "Status",
    "jumlah_baru": "Baris baru",
    "jumlah_berubah": "Baris berubah",
    "jumlah_tetap": "Baris tidak berubah",
    "diketik": "Yang diketik",
    "waktu": "Waktu",
    "nilai_lama": "Nilai lama",
    "nilai_baru": "Nilai baru",
    "sumber": "Berkas atau formulir",
    "sha256": "SHA-256 berkas",
    "pengguna": "Petugas",
}
_RUPIAH = {"anggaran": ("pagu_murni", "pagu_perubahan", "realisasi"), "anggaran_kas": ("rencana", "realisasi")}
_ANGKA = {
    "target": ("nilai", "nilai_teks"),
    "realisasi": ("nilai", "nilai_teks"),
    "skm_unsur": ("nrr", "nrr_teks"),
    "evaluasi_sakip": ("bobot", "nilai", "nilai_teks"),
}
_YA_TIDAK = ("utama", "sintetis")
_LABEL_ISIAN = {
    "nilai": "Nilai",
    "nrr_teks": "NRR tercetak",
    "predikat_teks": "Predikat tertulis",
    "unsur_nama_laporan": "Nama unsur (laporan)",
    "induk_id": "Induk",
    "jenis_kab_kota": "Jenis kab/kota",
}


def kolom_tampilan(tabel: str, kolom: str) -> str:
    """A written column (``pagu_murni``) in words (``Pagu murni``)."""
    return _LABEL_ISIAN.get(kolom) or label_kolom(kolom)


def nilai_tampilan(tabel: str, kolom: str, nilai: object) -> str:
    """A value of ``tabel.kolom`` as a person reads it: a number (or the machine text the change log stores, "93.1")
    in Indonesian format (93,10; a rupiah column as Rp 1.000.000), yes/no in words, empty as a dash. Codes such as
    a kode rekening "5.01" are not numbers and stay as they are."""
    if is_missing(nilai) or (isinstance(nilai, str) and nilai.strip() == ""):
        return KOSONG
    if kolom in _YA_TIDAK or isinstance(nilai, bool):
        return {"true": "ya", "false": "tidak"}.get(str(nilai).lower(), str(nilai))
    rupiah = kolom in _RUPIAH.get(tabel, ())
    if rupiah or kolom in _ANGKA.get(tabel, ()):
        try:
            v = float(nilai)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return str(nilai)  # a printed text that is not a number (a grade, a range)
        if rupiah:
            return format_rupiah(v, 0 if v.is_integer() else 2)
        return format_angka(v, _desimal(v))
    if kolom in ("anggaran_id", "induk_id") and str(nilai).startswith("impor:"):
        return str(nilai).split(":", 3)[-1]  # impor:<kecamatan>:<tahun>:<kode or nama> -> the line's kode or nama
    if isinstance(nilai, float) and nilai.is_integer():
        return str(int(nilai))
    return str(nilai)


def _desimal(v: float) -> int:
    """Two decimals (93,10), more when the value has more (94,755): the preview shows what is stored, unrounded."""
    teks = repr(v)
    if "e" in teks or "." not in teks:
        return 2
    return min(max(len(teks.split(".")[1].rstrip("0")), 2), 6)


def _angka(v: float) -> str:
    """A number in a message: Indonesian format, unrounded (15; 93,10; 94,755)."""
    return format_angka(v, 0) if float(v).is_integer() else format_angka(v, _desimal(float(v)))


def log_tampilan(log: pd.DataFrame, *, semua: bool = False) -> pd.DataFrame:
    """The change log (v_audit) for the screen: the sheet by its name, the column in words, the stored machine text
    formatted (93.1 -> 93,10; rupiah with Rp), empty as a dash, the file's SHA-256 shortened. Only the values a
    preview shows (a new row logs every column, its source and flags too) unless ``semua``. The stored log is not
    touched."""
    if not semua:
        log = log[[k in _DIPERLIHATKAN.get(t, (k,)) for t, k in zip(log["tabel"], log["kolom"], strict=True)]]
    out = pd.DataFrame(
        {
            "waktu": [KOSONG if is_missing(w) else f"{w:%d-%m-%Y %H:%M:%S}" for w in log["waktu"]],
            "tabel": [NAMA_TABEL.get(t, t) for t in log["tabel"]],
            "kunci": log["kunci"],
            "kolom": [kolom_tampilan(t, k) for t, k in zip(log["tabel"], log["kolom"], strict=True)],
            **{
                c: [nilai_tampilan(t, k, v) for t, k, v in zip(log["tabel"], log["kolom"], log[c], strict=True)]
                for c in ("nilai_lama", "nilai_baru")
            },
            **{c: [KOSONG if is_missing(v) or v == "" else str(v) for v in log[c]] for c in ("sumber", "pengguna")},
            "sha256": [KOSONG if is_missing(v) else f"{str(v)[:12]}…" for v in log["sha256"]],
        }
    )
    return out.reset_index(drop=True)


# ---------------------------------------------------------------- 1. reading
Sheets = dict[str, list[tuple[int, dict[str, object]]]]


def baca(nama: str, data: bytes) -> tuple[Sheets, list[Masalah]]:
    """Sheets of the file as (row number, {header: value}) and the cells holding formulas.

    DataError (in Indonesian) when the file cannot be read at all."""
    if not data:
        raise DataError("Berkas kosong.", lokasi=nama)
    if len(data) > BATAS_UKURAN:
        raise DataError(
            f"Berkas {len(data) / 1e6:.1f} MB melebihi batas {BATAS_UKURAN // 1_000_000} MB; "
            "pecah per kecamatan atau per tahun.",
            lokasi=nama,
        )
    lower = nama.lower()
    if lower.endswith(".csv"):
        lembar = Path(lower).stem
        if lembar not in LEMBAR:
            raise DataError(
                f"Nama berkas CSV harus nama lembar: {', '.join(LEMBAR)} (mis. realisasi.csv).", lokasi=nama
            )
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise DataError(
                "CSV bukan UTF-8. Simpan ulang dari Excel sebagai 'CSV UTF-8 (Comma delimited)'.", lokasi=nama
            ) from None
        rows = list(csv.reader(io.StringIO(text)))
        if not rows or not any(any(c.strip() for c in r) for r in rows):
            raise DataError("Berkas CSV tidak berisi baris.", lokasi=nama)
        return {lembar: _rows(rows)}, []
    if not lower.endswith((".xlsx", ".xlsm")):
        raise DataError("Jenis berkas tidak dikenal: unggah templat Excel (.xlsx) atau CSV per lembar.", lokasi=nama)
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise DataError(f"Berkas Excel rusak atau bukan .xlsx ({type(exc).__name__}).", lokasi=nama) from exc
    if "_cadangan" in wb.sheetnames:
        wb.close()
        raise DataError(
            "Ini berkas cadangan seluruh basis data, bukan templat. Pulihkan ke basis data baru (kosong) dengan: "
            "python -m lkjip import BERKAS.xlsx --db baru.duckdb --yes",
            lokasi=nama,
        )
    out: dict[str, list[tuple[int, dict[str, object]]]] = {}
    formulas: list[Masalah] = []
    for ws in wb.worksheets:
        if ws.title not in LEMBAR:
            continue
        rows = []
        for r_idx, row in enumerate(ws.iter_rows(), start=1):
            values = []
            for cell in row:
                if getattr(cell, "data_type", None) == "f":
                    col = getattr(cell, "column_letter", "?")
                    formulas.append(
                        Masalah(ws.title, r_idx, col, "berisi rumus; isi nilainya saja (tempel sebagai nilai)")
                    )
                values.append(cell.value)
            rows.append(values)
        out[ws.title] = _rows(rows)
    wb.close()
    if not out:
        raise DataError(f"Tidak ada lembar yang dikenali; lembar yang dapat diimpor: {', '.join(LEMBAR)}.", lokasi=nama)
    return out, formulas


def _rows(rows: list[list[object]]) -> list[tuple[int, dict[str, object]]]:
    if not rows:
        return []
    header = [str(h).strip() if h is not None else "" for h in rows[0]]
    out = []
    for i, r in enumerate(rows[1:], start=2):
        if all(v is None or str(v).strip() == "" for v in r):
            continue
        out.append((i, {h: (r[j] if j < len(r) else None) for j, h in enumerate(header) if h}))
    out.insert(0, (1, {h: h for h in header if h}))  # the header row itself, for column checks
    return out


# ---------------------------------------------------------------- 2. checking
# The stored row an operation replaces, per sheet: the query of the imported rows (a report's own rows are never
# replaced) and the columns naming one row, the same in that query and in Operasi.baru.
_KUNCI: dict[str, tuple[str, tuple[str, ...]]] = {
    "kecamatan": ("kecamatan_list", ("kecamatan",)),
    "target": ("_impor_target", ("indikator_id", "tahun", "periode", "jenis")),
    "realisasi": ("_impor_realisasi", ("indikator_id", "tahun", "periode")),
    "skm_jawaban": ("_impor_skm_jawaban", ("kecamatan", "tahun", "periode", "jenis_layanan")),
    "skm_unsur": ("_impor_skm_unsur", ("kecamatan", "tahun", "periode", "jenis_layanan", "unsur_kode")),
    "anggaran": ("_impor_anggaran", ("anggaran_id",)),
    "anggaran_kas": ("_impor_anggaran_kas", ("anggaran_id", "triwulan")),
    "evaluasi_sakip": ("_impor_evaluasi_sakip", ("kecamatan", "tahun_dinilai", "komponen")),
}
_DEFINISI_INDIKATOR = ("nama", "satuan", "arah", "agregasi", "tingkat", "formula_capaian", "definisi", "sumber_data")
# What must be as the plan saw it for the plan to be written: the values a person checks in the preview (and, for SKM
# answers, which file they came from; for an indicator, its whole definition).
_DIBANDINGKAN: dict[str, tuple[str, ...]] = {
    **_DIPERLIHATKAN,
    "skm_jawaban": ("responden", "sha256"),
    "indikator": _DEFINISI_INDIKATOR,
}


def _lama_indikator(x: dict) -> dict:
    """An indicator as v_indikator gives it, in the columns of the indikator table."""
    return {"indikator_id": x["indikator_id"], "kecamatan": x["kecamatan"], "nama": x["indikator"]} | {
        k: x[k] for k in _DEFINISI_INDIKATOR if k != "nama"
    }


class Tersimpan:
    """The rows already stored that a plan may replace, looked up by an operation's ``baru``.

    Read from the database when first needed; ``potret`` reads some sheets' rows at once and keeps them, so that a form
    can make its plan against the database as it was when the form was opened (then ``terapkan`` refuses the plan if
    someone else changed one of its rows since)."""

    def __init__(self, repo: Repository | None, baris: dict[str, dict[tuple, dict]] | None = None) -> None:
        self._repo = repo
        self._baris: dict[str, dict[tuple, dict]] = dict(baris or {})

    @classmethod
    def potret(cls, repo: Repository, tabel: tuple[str, ...]) -> Tersimpan:
        t = cls(repo)
        for nama in tabel:
            t._per_kunci(nama)
        t._repo = None
        return t

    def _per_kunci(self, tabel: str) -> dict[tuple, dict]:
        if tabel not in self._baris:
            if self._repo is None:
                raise KeyError(f"potret tanpa lembar {tabel}")
            query, kunci = _KUNCI[tabel]
            rows = self._repo.fetch(query).to_dict("records")
            per: dict[tuple, dict] = {}
            for r in rows:
                per.setdefault(tuple(_teks(r[k]) for k in kunci), r)
            self._baris[tabel] = per
        return self._baris[tabel]

    def semua(self, tabel: str) -> list[dict]:
        return list(self._per_kunci(tabel).values())

    def baris(self, tabel: str, baru: dict) -> dict | None:
        """The stored row ``baru`` replaces (None: a new row)."""
        if tabel == "indikator":
            if self._repo is None:
                raise KeyError("potret tanpa lembar indikator")
            ind = self._repo.fetch("_indikator_disebut", sebutan=[baru["indikator_id"]])
            ind = ind[ind["indikator_id"] == baru["indikator_id"]]
            return None if ind.empty else _lama_indikator(ind.iloc[0].to_dict())
        kunci = _KUNCI[tabel][1]
        return self._per_kunci(tabel).get(tuple(_teks(baru[k]) for k in kunci))


def _sama(tabel: str, a: dict | None, b: dict | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return all(_teks(a.get(k)) == _teks(b.get(k)) for k in _DIBANDINGKAN[tabel])


class _Pemeriksa:
    def __init__(self, repo: Repository, sheets: Sheets) -> None:
        self.repo = repo
        self.masalah: list[Masalah] = []
        wil = repo.fetch("kecamatan_list")
        self.kecamatan = set(wil["kecamatan"])
        # only the indicators the file can mean: of the kecamatan it names, or with an id it contains (a national
        # database has hundreds of thousands; ids are unique across kecamatan, so every id it uses is checked)
        sebutan = sorted({str(v).strip() for rows in sheets.values() for _, row in rows for v in row.values() if v})
        ind = repo.fetch("_indikator_disebut", sebutan=sebutan)
        self.ind = ind.set_index("indikator_id")
        self.indikator = {(r.kecamatan, r.indikator_id): r.indikator for r in ind.itertuples()}
        self.nama_ke_id = {(r.kecamatan, r.indikator.lower()): r.indikator_id for r in ind.itertuples()}

    def salah(self, lembar: str, baris: int, kolom: str, pesan: str) -> None:
        self.masalah.append(Masalah(lembar, baris, kolom, pesan))

    @staticmethod
    def saran(nilai: str, pilihan: list[str]) -> str:
        dekat = difflib.get_close_matches(nilai, pilihan, n=1, cutoff=0.6)
        return f" Maksud Anda '{dekat[0]}'?" if dekat else ""

    def nilai(self, lembar: str, baris: int, kolom: Kolom, mentah: object) -> object:
        teks = (_teks(mentah) or "").strip()  # 1.0 from a spreadsheet reads as "1"
        if teks == "":
            if kolom.wajib:
                self.salah(lembar, baris, kolom.label, "wajib diisi")
            return None
        if kolom.pilihan and teks not in kolom.pilihan:
            self.salah(
                lembar,
                baris,
                kolom.label,
                f"'{teks}' tidak dikenal; pilihan: {', '.join(kolom.pilihan)}.{self.saran(teks, list(kolom.pilihan))}",
            )
            return None
        if kolom.jenis == "teks":
            return teks
        if kolom.jenis in ("bulat", "jawaban"):
            try:
                v = float(mentah) if isinstance(mentah, (int, float)) else float(teks.replace(",", "."))
            except ValueError:
                self.salah(lembar, baris, kolom.label, f"'{teks}' bukan bilangan bulat")
                return None
            if not v.is_integer():
                self.salah(lembar, baris, kolom.label, f"'{teks}' bukan bilangan bulat")
                return None
            if kolom.jenis == "jawaban" and not 1 <= v <= 4:
                self.salah(lembar, baris, kolom.label, f"jawaban {int(v)} di luar skala 1–4")
                return None
            return int(v)
        try:
            v = parse_angka(mentah, "auto")
        except AngkaError as exc:
            if kolom.jenis != "rupiah":
                self.salah(lembar, baris, kolom.label, exc.pesan)
                return None
            # rupiah never has three decimals: 'Rp 1.000' and '1.000' are one thousand
            try:
                v = parse_angka(teks.replace("Rp", "").replace("rp", "").strip(), "id")
            except AngkaError as exc2:
                self.salah(lembar, baris, kolom.label, exc2.pesan)
                return None
        if kolom.jenis == "rupiah" and v is not None and v < 0:
            self.salah(
                lembar, baris, kolom.label, f"jumlah rupiah negatif ({teks}); pagu dan realisasi tidak boleh < 0"
            )
            return None
        return v

    def baris(self, lembar: Lembar, rows: list[tuple[int, dict[str, object]]]) -> Iterator[tuple[int, dict]]:
        """Checked rows of a sheet (a row with any problem is reported and skipped); an absent sheet has none."""
        if not rows:
            return
        header = rows[0][1]
        by_label = {}
        for k in lembar.kolom:
            found = next((h for h in header if h in (k.label, k.nama)), None)
            if found is None and k.wajib:
                self.salah(lembar.nama, 1, k.label, "kolom wajib tidak ada (gunakan templat terbaru)")
            by_label[k.nama] = found
        if any(by_label[k.nama] is None and k.wajib for k in lembar.kolom):
            return
        for n, raw in rows[1:]:
            before = len(self.masalah)
            row = {
                k.nama: self.nilai(lembar.nama, n, k, raw.get(by_label[k.nama]) if by_label[k.nama] else None)
                for k in lembar.kolom
            }
            if "tahun" in row and row["tahun"] is not None and not TAHUN_MIN <= row["tahun"] <= TAHUN_MAX:
                self.salah(lembar.nama, n, "Tahun", f"tahun {row['tahun']} di luar rentang {TAHUN_MIN}–{TAHUN_MAX}")
            if (
                "kecamatan" in row
                and row["kecamatan"] is not None
                and lembar.nama != "kecamatan"
                and row["kecamatan"] not in self.kecamatan
            ):
                self.salah(
                    lembar.nama,
                    n,
                    "Kecamatan",
                    f"kecamatan '{row['kecamatan']}' belum ada; tambahkan lewat lembar 'kecamatan' bila memang baru."
                    + self.saran(row["kecamatan"], sorted(self.kecamatan)),
                )
            if len(self.masalah) == before:
                yield n, row

    def id_indikator(self, lembar: str, n: int, kecamatan: str, teks: str) -> str | None:
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
            f"'indikator' bila memang baru.{self.saran(teks, pilihan)}",
        )
        return None


def periksa(repo: Repository, nama: str, data: bytes) -> Rencana:
    """Validate a file and return the plan; ValidasiGagal lists every problem at once."""
    sheets, formulas = baca(nama, data)
    return periksa_lembar(repo, nama, sheets, hashlib.sha256(data).hexdigest(), formulas)


def formulir_ke_lembar(lembar: str, rows: list[dict[str, object]]) -> Sheets:
    """Rows typed into a form (keyed by column name) as a sheet, so they go through the same checks."""
    spec = LEMBAR[lembar]
    header = {k.label: k.label for k in spec.kolom}
    return {
        lembar: [(1, header)] + [(i, {k.label: r.get(k.nama) for k in spec.kolom}) for i, r in enumerate(rows, start=2)]
    }


def isian_formulir(
    dibuka: pd.DataFrame, isi: pd.DataFrame, *, kecamatan: str, tahun: int, periode: str
) -> list[dict[str, object]]:
    """The realisations typed into the entry form (``dibuka``: the form as opened, ``isi``: as edited), as rows for
    formulir_ke_lembar.

    An empty cell (None, NaN, pd.NA or blanks: whatever the editor returns) means "not yet", and a cell left as the
    form showed it is no change: neither is sent, so saving one value leaves every other row as it was. Emptying a
    cell does not delete a stored value."""
    rows: list[dict[str, object]] = []
    for iid, awal, baru in zip(isi["indikator_id"], dibuka["realisasi"], isi["realisasi"], strict=True):
        teks = "" if is_missing(baru) else str(baru).strip()
        if teks == "" or (not is_missing(awal) and teks == str(awal).strip()):
            continue
        rows.append({"kecamatan": kecamatan, "indikator": iid, "tahun": tahun, "periode": periode, "realisasi": teks})
    return rows


def masalah_formulir(masalah: list[Masalah], rows: list[dict[str, object]], nama: dict[str, str]) -> pd.DataFrame:
    """The problems of a form by indicator (a form has no sheet rows): indicator, what was typed, what is wrong.
    ``rows`` are those given to formulir_ke_lembar (row 2 is the first), ``nama`` the indicator names by id."""
    out = []
    for m in masalah:
        r = rows[m.baris - 2] if m.baris is not None and 2 <= m.baris < len(rows) + 2 else None
        iid = str(r["indikator"]) if r else None
        out.append(
            {
                "indikator": f"{nama.get(iid, iid)} ({iid})" if iid else KOSONG,
                "diketik": str(r["realisasi"]) if r else KOSONG,
                "pesan": m.pesan,
            }
        )
    return pd.DataFrame(out, columns=["indikator", "diketik", "pesan"])


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
    p = _Pemeriksa(repo, sheets)
    ada = tersimpan or Tersimpan(repo)
    p.masalah.extend(formulas or [])
    rencana = Rencana(nama, sha)
    ops = rencana.operasi
    # kecamatan and indicators first: later sheets may use them
    wil = repo.fetch("kecamatan_list").set_index("kecamatan")
    for n, r in p.baris(LEMBAR["kecamatan"], sheets.get("kecamatan", [])):
        lama = (
            None
            if r["kecamatan"] not in wil.index
            else {"kecamatan": r["kecamatan"], "kab_kota": wil.at[r["kecamatan"], "kab_kota"]}
        )
        status = "baru" if lama is None else ("tetap" if lama["kab_kota"] == r["kab_kota"] else "berubah")
        if status == "berubah":
            p.salah("kecamatan", n, "Kabupaten/Kota", f"{r['kecamatan']} sudah tercatat di {lama['kab_kota']}")
        ops.append(Operasi("kecamatan", r["kecamatan"], r, lama, status))
        p.kecamatan.add(r["kecamatan"])
    ind = p.ind
    seen: dict[tuple, int] = {}

    def unik(lembar: str, n: int, key: tuple) -> bool:
        if key in seen:
            p.salah(lembar, n, "-", f"baris ganda: kunci yang sama sudah ada di baris {seen[key]}")
            return False
        seen[key] = n
        return True

    for n, r in p.baris(LEMBAR["indikator"], sheets.get("indikator", [])):
        if not unik("indikator", n, ("indikator", r["indikator_id"])):
            continue
        if r["indikator_id"] in ind.index and ind.at[r["indikator_id"], "kecamatan"] != r["kecamatan"]:
            p.salah("indikator", n, "Kode indikator", f"kode {r['indikator_id']} sudah dipakai kecamatan lain")
            continue
        baru = {
            "indikator_id": r["indikator_id"],
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
        if r["indikator_id"] in ind.index:
            lama = _lama_indikator({**ind.loc[r["indikator_id"]].to_dict(), "indikator_id": r["indikator_id"]})
        status = (
            "baru"
            if lama is None
            else ("tetap" if all(_teks(lama[k]) == _teks(v) for k, v in baru.items()) else "berubah")
        )
        ops.append(Operasi("indikator", r["indikator_id"], baru, lama, status))
        p.indikator[(r["kecamatan"], r["indikator_id"])] = r["nama"]
        p.nama_ke_id[(r["kecamatan"], r["nama"].lower())] = r["indikator_id"]

    for tabel in ("target", "realisasi"):
        for n, r in p.baris(LEMBAR[tabel], sheets.get(tabel, [])):
            iid = p.id_indikator(tabel, n, r["kecamatan"], r["indikator"])
            if iid is None:
                continue
            key = (iid, r["tahun"], r["periode"]) + ((r["jenis"],) if tabel == "target" else ())
            if not unik(tabel, n, (tabel, *key)):
                continue
            value = r[tabel]
            baru = {
                "indikator_id": iid,
                "tahun": r["tahun"],
                "periode": r["periode"],
                "nilai": value,
                "nilai_teks": _teks(value),
                "utama": True,
                "sumber_tabel": f"Lembar {tabel} baris {n}",
            }
            if tabel == "target":
                baru["jenis"] = r["jenis"]
            else:
                baru["catatan"] = r.get("catatan")
            lama = ada.baris(tabel, baru)
            status = "baru" if lama is None else ("tetap" if _teks(lama["nilai"]) == _teks(value) else "berubah")
            ops.append(Operasi(tabel, " ".join(map(str, key)), baru, lama, status))

    answers: dict[tuple, list[tuple[int, dict]]] = {}
    for n, r in p.baris(LEMBAR["skm_jawaban"], sheets.get("skm_jawaban", [])):
        key = (r["kecamatan"], r["tahun"], r["periode"], r["jenis_layanan"] or "Semua layanan")
        answers.setdefault(key, []).append((n, r))
    for key, rows in answers.items():
        baru = {
            "kecamatan": key[0],
            "tahun": key[1],
            "periode": key[2],
            "jenis_layanan": key[3],
            "responden": len(rows),
            "jawaban": [r for _, r in rows],
        }
        old = ada.baris("skm_jawaban", baru)
        lama = None if old is None else {"responden": int(old["responden"]), "sha256": old["sha256"]}
        status = "baru" if lama is None else ("tetap" if lama["sha256"] == sha else "berubah")
        ops.append(Operasi("skm_jawaban", " ".join(map(str, key)), baru, lama, status))

    for n, r in p.baris(LEMBAR["skm_unsur"], sheets.get("skm_unsur", [])):
        teks = r["unsur"]
        kode = teks.upper() if teks.upper() in {u.kode for u in UNSUR} else None
        if kode is None:
            try:
                kode = unsur_dari_nama(teks).kode
            except DataError as exc:
                p.salah("skm_unsur", n, "Unsur", exc.pesan)
                continue
        if not 1 <= r["nrr"] <= 4:
            p.salah("skm_unsur", n, "NRR (1–4)", f"NRR {_angka(r['nrr'])} di luar skala 1–4")
            continue
        layanan = r["jenis_layanan"] or "Semua layanan"
        key = (r["kecamatan"], r["tahun"], r["periode"], layanan, kode)
        if not unik("skm_unsur", n, ("skm_unsur", *key)):
            continue
        baru = {
            "kecamatan": key[0],
            "tahun": key[1],
            "periode": key[2],
            "jenis_layanan": layanan,
            "unsur_kode": kode,
            "unsur_nama_laporan": teks,
            "nrr": r["nrr"],
            "nrr_teks": _teks(r["nrr"]),
            "sumber_tabel": f"Lembar skm_unsur baris {n}",
        }
        lama = ada.baris("skm_unsur", baru)
        status = "baru" if lama is None else ("tetap" if _teks(lama["nrr"]) == _teks(r["nrr"]) else "berubah")
        ops.append(Operasi("skm_unsur", " ".join(map(str, key)), baru, lama, status))

    _periksa_anggaran(p, sheets, rencana, unik, ada)
    _periksa_kas(p, sheets, rencana, unik, ada)
    _periksa_sakip(p, sheets, rencana, unik, ada)

    if p.masalah:
        raise ValidasiGagal(p.masalah)
    if not ops:
        raise DataError("Berkas tidak berisi baris data pada lembar yang dikenali.", lokasi=nama)
    return rencana


def _id_anggaran(kecamatan: str, tahun: int, kode: str | None, nama: str) -> str:
    return f"impor:{kecamatan}:{tahun}:{kode or nama}"


def _periksa_anggaran(p: _Pemeriksa, sheets: Sheets, rencana: Rencana, unik, ada: Tersimpan) -> None:  # type: ignore[no-untyped-def]
    """Budget lines: amounts not negative, realisasi above pagu is a warning, a year a report already covers is
    refused (its numbers stay the report's; two sources for one budget would be summed twice)."""
    rows = list(p.baris(LEMBAR["anggaran"], sheets.get("anggaran", [])))
    if not rows:
        return
    laporan = p.repo.fetch("_anggaran_laporan")
    dari_laporan = {(k, t): d for k, t, d in laporan.itertuples(index=False)}
    ids = {}
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
        if not unik("anggaran", n, ("anggaran", aid)):
            continue
        induk = None
        if r["induk"]:
            induk = ids.get((r["kecamatan"], r["tahun"], r["induk"]))
            if induk is None:
                p.salah(
                    "anggaran",
                    n,
                    "Induk (kode atau nama pos di atasnya, boleh kosong)",
                    f"induk '{r['induk']}' tidak ada di lembar ini untuk tahun yang sama",
                )
                continue
        pagu = r["pagu_perubahan"] if r["pagu_perubahan"] is not None else r["pagu_murni"]
        if r["realisasi"] is not None and r["realisasi"] > pagu:
            rencana.peringatan.append(
                Masalah(
                    "anggaran",
                    n,
                    "Realisasi",
                    f"realisasi melebihi pagu yang berlaku ({format_rupiah(r['realisasi'])} > {format_rupiah(pagu)})",
                )
            )
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
        lama = ada.baris("anggaran", baru)
        sama = lama is not None and all(_teks(lama[k]) == _teks(baru[k]) for k in _DIPERLIHATKAN["anggaran"])
        status = "baru" if lama is None else ("tetap" if sama else "berubah")
        rencana.operasi.append(
            Operasi("anggaran", f"{r['kecamatan']} {r['tahun']} {r['kode'] or r['nama']}", baru, lama, status)
        )


def _periksa_kas(p: _Pemeriksa, sheets: Sheets, rencana: Rencana, unik, ada: Tersimpan) -> None:  # type: ignore[no-untyped-def]
    """Cash plan per quarter: the line must be a budget line of this file or an imported one of the same year (a
    year a report covers is refused, as for anggaran); a plan whose quarters add up above the line's pagu is a
    warning."""
    rows = list(p.baris(LEMBAR["anggaran_kas"], sheets.get("anggaran_kas", [])))
    if not rows:
        return
    laporan = p.repo.fetch("_anggaran_laporan")
    dari_laporan = {(k, t): d for k, t, d in laporan.itertuples(index=False)}
    pos: dict[tuple[object, object, object], dict] = {}  # (kecamatan, tahun, kode or nama) -> the budget line
    for a in p.repo.fetch("_impor_anggaran").to_dict("records"):
        for k in (a["kode"], a["nama"]):
            if k:
                pos[(a["kecamatan"], a["tahun"], str(k))] = a
    for o in rencana.operasi:  # lines of this file's anggaran sheet win over the database's
        if o.tabel == "anggaran":
            for k in (o.baru["kode"], o.baru["nama"]):
                if k:
                    pos[(o.baru["kecamatan"], o.baru["tahun"], str(k))] = o.baru
    label = {k.nama: k.label for k in LEMBAR["anggaran_kas"].kolom}
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
                f"{r['tahun']}.{p.saran(r['pos'], pilihan)}",
            )
            continue
        if not unik("anggaran_kas", n, ("anggaran_kas", a["anggaran_id"], r["triwulan"])):
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
        lama = ada.baris("anggaran_kas", baru)
        sama = lama is not None and all(_teks(lama[k]) == _teks(baru[k]) for k in _DIPERLIHATKAN["anggaran_kas"])
        status = "baru" if lama is None else ("tetap" if sama else "berubah")
        rencana.operasi.append(
            Operasi("anggaran_kas", f"{r['kecamatan']} {r['tahun']} {r['pos']} TW{r['triwulan']}", baru, lama, status)
        )
    for aid, entered in per_pos.items():
        a = lines[aid]
        pagu = a["pagu_perubahan"] if not _kosong(a["pagu_perubahan"]) else a["pagu_murni"]
        quarters = {tw: v for _, tw, v in entered}
        for old in ada.semua("anggaran_kas"):  # quarters imported before and not in this file still count
            if old["anggaran_id"] == aid and old["triwulan"] not in quarters and not _kosong(old["rencana"]):
                quarters[old["triwulan"]] = old["rencana"]
        jumlah = sum(quarters.values())
        if not _kosong(pagu) and jumlah > pagu + 0.5:
            rencana.peringatan.append(
                Masalah(
                    "anggaran_kas",
                    entered[-1][0],
                    label["rencana"],
                    f"rencana kas {a['nama']} TW1–TW4 berjumlah {format_rupiah(jumlah)}, melebihi pagu {format_rupiah(pagu)}",
                )
            )


def _kosong(v: object) -> bool:
    return v is None or (isinstance(v, float) and v != v)


def _periksa_sakip(p: _Pemeriksa, sheets: Sheets, rencana: Rencana, unik, ada: Tersimpan) -> None:  # type: ignore[no-untyped-def]
    """SAKIP scores: 0–100, a component not above its weight; a year a report already gives is refused."""
    rows = list(p.baris(LEMBAR["evaluasi_sakip"], sheets.get("evaluasi_sakip", [])))
    if not rows:
        return
    dari_laporan = {(k, t): d for k, t, d in p.repo.fetch("_evaluasi_sakip_laporan").itertuples(index=False)}
    label = {k.nama: k.label for k in LEMBAR["evaluasi_sakip"].kolom}
    for n, r in rows:
        key = (r["kecamatan"], r["tahun_dinilai"], r["komponen"])
        if not TAHUN_MIN <= r["tahun_dinilai"] <= TAHUN_MAX:
            p.salah("evaluasi_sakip", n, label["tahun_dinilai"], f"tahun {r['tahun_dinilai']} di luar rentang")
            continue
        if key[:2] in dari_laporan:
            p.salah(
                "evaluasi_sakip",
                n,
                label["tahun_dinilai"],
                f"evaluasi SAKIP {key[0]} {key[1]} sudah ada dari dokumen {dari_laporan[key[:2]]}; "
                "impor hanya untuk tahun yang belum ada",
            )
            continue
        if not 0 <= r["nilai"] <= 100:
            p.salah("evaluasi_sakip", n, label["nilai"], f"nilai {_angka(r['nilai'])} di luar 0–100")
            continue
        if r["bobot"] is not None and r["komponen"] != "Total" and r["nilai"] > r["bobot"]:
            p.salah(
                "evaluasi_sakip", n, label["nilai"], f"nilai {_angka(r['nilai'])} melebihi bobot {_angka(r['bobot'])}"
            )
            continue
        if not unik("evaluasi_sakip", n, ("evaluasi_sakip", *key)):
            continue
        baru = {
            "kecamatan": key[0],
            "tahun_dinilai": key[1],
            "komponen": key[2],
            "bobot": r["bobot"],
            "nilai": r["nilai"],
            "nilai_teks": _teks(r["nilai"]),
            "predikat_teks": r["predikat"],
            "utama": True,
            "sumber_tabel": f"Lembar evaluasi_sakip baris {n}",
        }
        lama = ada.baris("evaluasi_sakip", baru)
        sama = lama is not None and all(_teks(lama[k]) == _teks(baru[k]) for k in _DIPERLIHATKAN["evaluasi_sakip"])
        status = "baru" if lama is None else ("tetap" if sama else "berubah")
        rencana.operasi.append(Operasi("evaluasi_sakip", " ".join(map(str, key)), baru, lama, status))


# ---------------------------------------------------------------- 3. writing
def terapkan(db_path: Path, rencana: Rencana, *, pengguna: str | None = None) -> int:
    """Write the plan all-or-nothing (copy, write, swap; one writer at a time); returns the rows written.

    Under the write lock and before anything is written, every row the plan changes must still be stored as the plan
    saw it (``Operasi.lama``, or absent for a new row); otherwise someone saved in between, and DataBerubahError names
    the rows and the values stored now. A plan made on a stale database is refused, never merged over the newer data."""
    if not rencana.ada_perubahan:
        return 0

    def isi(repo: Repository) -> int:
        _belum_berubah(repo, rencana)  # repo: the copy, taken under the lock, of the database as it is now
        with repo.transaction():
            n = _tulis(repo, rencana, pengguna)
            refresh_derived(repo, _terdampak(repo, rencana))
        return n

    return tulis_lalu_tukar(db_path, isi, dari_awal=False)


def _belum_berubah(repo: Repository, rencana: Rencana) -> None:
    ada = Tersimpan(repo)
    berubah = []
    for o in rencana.operasi:
        if o.status == "tetap":
            continue
        sekarang = ada.baris(o.tabel, o.baru)
        if not _sama(o.tabel, sekarang, o.lama):
            berubah.append((o, sekarang))
    if not berubah:
        return
    ids = sorted({o.baru["indikator_id"] for o, _ in berubah if "indikator_id" in o.baru})
    nama = dict(repo.fetch("_indikator_disebut", sebutan=ids)[["indikator_id", "indikator"]].itertuples(index=False))
    rincian = [f"{_uraian_baris(o, nama)}: {_uraian_beda(o, sekarang)}" for o, sekarang in berubah[:5]]
    lain = f"; dan {len(berubah) - 5} baris lain" if len(berubah) > 5 else ""
    raise DataBerubahError(
        f"Data berubah sejak dibuka: {'; '.join(rincian)}{lain}. Orang lain (atau impor lain) menyimpannya lebih "
        "dulu; tidak ada yang ditulis. Periksa nilai yang kini tersimpan, lalu simpan lagi bila tetap ingin "
        "menggantinya."
    )


def _uraian_baris(o: Operasi, nama_indikator: dict[str, str]) -> str:
    """The row as a person names it: "Realisasi Nilai SKM (BB-IKU1) 2024 TW1"."""
    b = o.baru
    if o.tabel in ("target", "realisasi"):
        jenis = f" {b['jenis']}" if o.tabel == "target" else ""
        iid = b["indikator_id"]
        return f"{NAMA_TABEL[o.tabel]}{jenis} {nama_indikator.get(iid, iid)} ({iid}) {b['tahun']} {b['periode']}"
    return f"{NAMA_TABEL.get(o.tabel, o.tabel)} {o.kunci}"


def _uraian_beda(o: Operasi, sekarang: dict | None) -> str:
    """What is stored now against what the plan saw: "kini 95,10 (saat dibuka belum ada)"."""
    kolom = _DIPERLIHATKAN[o.tabel]

    def label(k: str) -> str:
        return "" if o.tabel in ("target", "realisasi") else f"{kolom_tampilan(o.tabel, k).lower()} "

    if sekarang is None:
        return "kini tidak tersimpan lagi"
    if o.lama is None:
        isi = ", ".join(f"{label(k)}{nilai_tampilan(o.tabel, k, sekarang.get(k))}" for k in kolom)
        return f"kini tersimpan {isi} (saat dibuka belum ada)"
    beda = [k for k in kolom if _teks(sekarang.get(k)) != _teks(o.lama.get(k))]
    if not beda:
        return "kini tersimpan dengan isi lain (dari berkas lain)"
    return ", ".join(
        f"{label(k)}kini {nilai_tampilan(o.tabel, k, sekarang.get(k))} "
        f"(saat dibuka {nilai_tampilan(o.tabel, k, o.lama.get(k))})"
        for k in beda
    )


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
                audit.append((o.tabel, o.kunci, "responden", _teks((o.lama or {}).get("responden")), str(len(v))))
                continue
            old = None if o.lama is None else o.lama.get(k if k != "nilai" else "nilai")
            if o.lama is None or _teks(old) != _teks(v):
                audit.append((o.tabel, o.kunci, k, _teks(old), _teks(v)))
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
