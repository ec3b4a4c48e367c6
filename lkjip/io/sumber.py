"""Reading the curated source data in ``data/`` into table-shaped DataFrames.

Layout: ``data/wilayah.csv`` and ``data/dokumen.csv`` at the top, then one
folder per kecamatan holding the files named in ``SPECS``.  Every row cites
``sumber_dokumen`` (a file in dokumen.csv) and ``sumber_tabel``; the row's
kecamatan is the kecamatan of the document it cites.

Numbers are kept as printed and parsed here, explicitly per source: the
document's ``format_angka`` unless the row's ``format_angka`` says otherwise.
Where OCR damaged a number and the same table pins the true value down, the
row's ``perbaikan`` column gives ``kolom=nilai`` (canonical, dot decimal) and
the reason goes in ``catatan``; the printed text is kept in ``perbaikan`` of
the database row.  Every problem in every file is reported at once.

Each raw table is staged from its file(s) by one function, ``_stg_<table>`` (as a dbt project has one staging model
per source); ``_STAGING`` lists them in the order they run.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from lkjip.calc.ikm import unsur_dari_nama
from lkjip.calc.periode import LEVEL_ANGGARAN, PERIODE
from lkjip.errors import AngkaError, DataError
from lkjip.io.angka import parse_angka
from lkjip.io.validasi import Masalah, ValidasiGagal, pandera_masalah

_RANGE = re.compile(r"^\s*([\d.,]+)\s*[-–]\s*([\d.,]+)\s*%?\s*$")
_GRADE_THEN_NUMBER = re.compile(r"^[A-Za-zА-я]{1,2}\s*\(([\d.,]+)\)$")
_NUMBER_THEN_TEXT = re.compile(r"^([\d.,]+%?)\s+\(?[A-Za-z].*$")
YA = {"ya", "y", "true", "1"}
COMMON = ["sumber_dokumen", "sumber_tabel"]
OPTIONAL_COMMON = ["catatan", "format_angka", "perbaikan"]


@dataclass(frozen=True)
class FileSpec:
    required: list[str]
    optional: list[str] = field(default_factory=list)
    numbers: list[str] = field(default_factory=list)
    integers: list[str] = field(default_factory=list)
    enums: dict[str, list[str]] = field(default_factory=dict)
    # Cells that hold a number, a range ("60-70") or a text such as a grade ("B").
    values: list[str] = field(default_factory=list)


_KAS_ANGKA = ("pagu", "tw1", "tw2", "tw3", "tw4", "realisasi_tw1", "realisasi_tw2", "realisasi_tw3", "realisasi_tw4")

SPECS: dict[str, FileSpec] = {
    "kelurahan": FileSpec(
        ["nama", "jenis"], optional=["luas_ha"], numbers=["luas_ha"], enums={"jenis": ["kelurahan", "desa"]}
    ),
    "sasaran": FileSpec(
        ["sasaran_id", "tingkat", "nama"], enums={"tingkat": ["tujuan", "sasaran", "program", "kegiatan"]}
    ),
    "indikator": FileSpec(
        ["indikator_id", "tingkat", "nama", "satuan", "arah", "agregasi", "formula_capaian"],
        optional=["sasaran_id", "tema", "definisi", "sumber_data"],
        enums={
            "tingkat": ["tujuan", "iku", "sasaran", "program", "kegiatan"],
            "arah": ["naik", "turun"],
            "agregasi": ["kumulatif", "nilai_akhir", "rata_rata"],
            "formula_capaian": ["naik_rasio", "turun_selisih", "turun_rasio"],
        },
    ),
    "nilai_indikator": FileSpec(
        ["indikator_id", "tahun", "periode", "besaran"],
        optional=["jenis_target", "tercetak", "tafsiran", "kategori_tercetak", "utama"],
        integers=["tahun"],
        values=["tercetak"],
        enums={
            "periode": list(PERIODE),
            "besaran": ["target", "realisasi", "capaian", "capaian_target_akhir", "perubahan_tahunan"],
            "jenis_target": ["", "Renstra", "PK", "PK Perubahan", "Kondisi Awal", "Target Akhir Renstra"],
        },
    ),
    "skm": FileSpec(
        ["tahun", "periode"],
        optional=["jenis_layanan", "responden", "ikm", "mutu", "cara_bentuk", "utama"],
        numbers=["ikm"],
        integers=["tahun", "responden"],
        enums={"periode": list(PERIODE)},
    ),
    "skm_unsur": FileSpec(
        ["tahun", "periode", "unsur"],
        optional=["jenis_layanan", "nrr", "ikm_unsur", "mutu"],
        numbers=["nrr", "ikm_unsur"],
        integers=["tahun"],
        enums={"periode": list(PERIODE)},
    ),
    "anggaran": FileSpec(
        ["anggaran_id", "tahun", "level", "nama"],
        optional=["kode", "induk_id", "sasaran_id", "pagu_murni", "pagu_perubahan", "realisasi", "serapan", "utama"],
        numbers=["pagu_murni", "pagu_perubahan", "realisasi", "serapan"],
        integers=["tahun"],
        enums={"level": list(LEVEL_ANGGARAN)},
    ),
    # Wide, as the reports print it: one row per line item with its allocation and TW1–TW4.
    "anggaran_kas": FileSpec(
        ["anggaran_id", "tahun", "level", "nama"],
        optional=["induk_id", *_KAS_ANGKA],
        numbers=list(_KAS_ANGKA),
        integers=["tahun"],
        enums={"level": list(LEVEL_ANGGARAN)},
    ),
    "efisiensi": FileSpec(
        ["tahun", "metode"],
        optional=["sasaran_id", "indikator_id", "anggaran_id", "capaian", "nilai", "label"],
        numbers=["capaian", "nilai"],
        integers=["tahun"],
        enums={"metode": ["selisih_capaian_serapan", "efisien_bila_melebihi", "sisa_anggaran_bila_tercapai"]},
    ),
    "evaluasi_sakip": FileSpec(
        ["tahun_dinilai", "komponen"],
        optional=["bobot", "nilai", "predikat", "utama"],
        numbers=["bobot", "nilai"],
        integers=["tahun_dinilai"],
    ),
    "data_pendukung": FileSpec(
        ["tahun", "topik", "ukuran"],
        optional=["wilayah", "periode", "nilai", "satuan"],
        integers=["tahun"],
        values=["nilai"],  # a number, or a text such as a predikat
    ),
    "faktor": FileSpec(
        ["indikator_id", "tahun", "jenis", "teks"],
        integers=["tahun"],
        enums={"jenis": ["pendukung", "penghambat", "solusi"]},
    ),
    "pembanding": FileSpec(
        ["tahun", "pembanding", "indikator"],
        optional=["nilai", "target", "persen", "satuan"],
        numbers=["nilai", "target", "persen"],
        integers=["tahun"],
    ),
}


@dataclass
class SourceData:
    """Table name -> DataFrame with the raw table's columns."""

    tables: dict[str, pd.DataFrame]


def _read_csv(path: Path) -> pd.DataFrame:
    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except (UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise DataError(f"Berkas tidak dapat dibaca sebagai CSV UTF-8: {exc}", lokasi=str(path)) from exc


def _ragged_rows(path: Path, label: str) -> list[Masalah]:
    """Rows whose number of fields differs from the header (an unquoted comma, a missing field)."""
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    if not rows:
        return [Masalah(label, None, "-", "berkas kosong")]
    width = len(rows[0])
    return [
        Masalah(label, i, "-", f"{len(r)} kolom, seharusnya {width} (tanda koma tanpa tanda kutip?)")
        for i, r in enumerate(rows[1:], start=2)
        if r and len(r) != width
    ]


def _schema(spec: FileSpec) -> pa.DataFrameSchema:
    cols: dict[str, pa.Column] = {}
    for c in spec.required + COMMON:
        checks = [pa.Check.str_length(min_value=1)]
        if c in spec.enums:
            checks.append(pa.Check.isin(spec.enums[c]))
        cols[c] = pa.Column(str, checks=checks)
    for c in spec.optional + OPTIONAL_COMMON:
        checks = []
        if c in spec.enums:
            checks.append(pa.Check.isin(spec.enums[c]))
        if c == "format_angka":
            checks.append(pa.Check.str_matches(r"^(|id|en|(\w+=(id|en);?)+)$"))
        cols[c] = pa.Column(str, checks=checks, required=False)
    return pa.DataFrameSchema(cols, strict=True)


def _perbaikan(text: str) -> dict[str, str]:
    out = {}
    for part in filter(None, (p.strip() for p in text.split(";"))):
        key, _, value = part.partition("=")
        out[key.strip()] = value.strip()
    return out


def _format_for(spec: str, col: str) -> str:
    """``id``/``en`` for the whole row, or per column: ``pagu_murni=en;realisasi=en``."""
    if "=" not in spec:
        return spec
    return _perbaikan(spec).get(col, "")


class _Reader:
    """Parses one file's rows, collecting problems instead of stopping at the first."""

    def __init__(self, dokumen: pd.DataFrame) -> None:
        self.doc_format = dict(zip(dokumen["dokumen_id"], dokumen["format_angka"], strict=True))
        self.doc_kecamatan = dict(zip(dokumen["dokumen_id"], dokumen["kecamatan"], strict=True))
        self.masalah: list[Masalah] = []

    def number(self, berkas: str, baris: int, row: pd.Series, col: str) -> tuple[float | None, str | None]:
        """(value, repair note) of one numeric cell."""
        printed = row.get(col, "")
        fixes = _perbaikan(row.get("perbaikan", ""))
        if col in fixes:
            try:
                value = float(fixes[col])
            except ValueError:
                self.masalah.append(Masalah(berkas, baris, "perbaikan", f"nilai perbaikan '{fixes[col]}' bukan angka"))
                return None, None
            return value, f"{col}: tercetak '{printed}', diperbaiki menjadi {fixes[col]}"
        fmt = _format_for(row.get("format_angka", ""), col) or self.doc_format.get(row["sumber_dokumen"], "id")
        try:
            return parse_angka(printed, fmt), None
        except AngkaError as exc:
            self.masalah.append(Masalah(berkas, baris, col, exc.pesan))
            return None, None

    def value(self, berkas: str, baris: int, row: pd.Series, col: str) -> tuple[float | None, float | None, str | None]:
        """(low, high, repair note) of a cell that may be a number, a range or a text.

        ``tafsiran`` (interpretation) replaces the printed text for parsing where the print mixes a
        grade and a number ("Baik (B) 60-70" -> "60-70"); the printed text is kept as nilai_teks.
        """
        printed = (row.get("tafsiran", "") or row.get(col, "")).strip()
        grade_number = _GRADE_THEN_NUMBER.match(printed)
        if grade_number:  # "B (75)": the number in brackets
            printed = grade_number[1]
        row = pd.Series({**row, col: printed})
        range_parts = _RANGE.match(printed)
        if range_parts:
            lo = self.number(berkas, baris, pd.Series({**row, col: range_parts[1]}), col)[0]
            hi = self.number(berkas, baris, pd.Series({**row, col: range_parts[2]}), col)[0]
            return lo, hi, None
        if printed and not any(ch.isdigit() for ch in printed) and col not in _perbaikan(row.get("perbaikan", "")):
            return None, None, None  # a grade or text such as "B" or "Baik": kept as text only
        with_text = _NUMBER_THEN_TEXT.match(printed)
        if with_text:  # "74.15 (BB)", "82 (Baik)": the number, with the whole text kept as printed
            row = pd.Series({**row, col: with_text[1]})
        value, note = self.number(berkas, baris, row, col)
        return value, None, note

    def read(self, path: Path, spec: FileSpec, label: str) -> pd.DataFrame:
        ragged = _ragged_rows(path, label)
        if ragged:
            self.masalah.extend(ragged)
            return pd.DataFrame()
        df = _read_csv(path)
        problems = pandera_masalah(label, _schema(spec), df)
        self.masalah.extend(problems)
        if problems:
            return pd.DataFrame()
        for c in spec.optional + OPTIONAL_COMMON:
            if c not in df.columns:
                df[c] = ""
        out: dict[str, list[object]] = {}

        def put(col: str, value: object) -> None:
            out.setdefault(col, []).append(value)

        notes: list[str | None] = []
        for i, row in df.iterrows():
            baris = int(i) + 2  # type: ignore[call-overload]
            if row["sumber_dokumen"] not in self.doc_kecamatan:
                self.masalah.append(
                    Masalah(
                        label, baris, "sumber_dokumen", f"dokumen '{row['sumber_dokumen']}' tidak ada di dokumen.csv"
                    )
                )
            row_notes = []
            for col in spec.numbers:
                value, note = self.number(label, baris, row, col)
                put(col, value)
                put(f"{col}_teks", row[col] or None)
                if note:
                    row_notes.append(note)
            for col in spec.values:
                low, high, note = self.value(label, baris, row, col)
                put(f"{col}_nilai", low)
                put(f"{col}_atas", high)
                if note:
                    row_notes.append(note)
            for col in spec.integers:
                value = None
                if row[col] != "":
                    try:
                        value = int(row[col])
                    except ValueError:
                        self.masalah.append(Masalah(label, baris, col, f"'{row[col]}' bukan bilangan bulat"))
                put(col, value)
            notes.append("; ".join(row_notes) or None)
        parsed = df.copy()
        for col, values in out.items():
            parsed[col] = pd.Series(values, index=df.index, dtype=object)
        parsed["perbaikan"] = notes
        for col in spec.optional + ["catatan", "format_angka"]:
            if col in parsed.columns and col not in out and col != "utama":
                parsed[col] = parsed[col].replace("", None)
        parsed["kecamatan"] = parsed["sumber_dokumen"].map(self.doc_kecamatan)
        if "utama" in parsed.columns:
            parsed["utama"] = parsed["utama"].str.lower().isin(YA)
        parsed["catatan"] = parsed["catatan"].replace("", None)
        return parsed


def load_source(data_dir: Path) -> SourceData:
    """All curated data as raw-table DataFrames; ValidasiGagal lists every problem."""
    wilayah = _read_csv(data_dir / "wilayah.csv")
    dokumen = _read_csv(data_dir / "dokumen.csv")
    reader = _Reader(dokumen)
    collected: dict[str, list[pd.DataFrame]] = {name: [] for name in SPECS}
    for folder in sorted(p for p in data_dir.iterdir() if p.is_dir()):
        for name, spec in SPECS.items():
            path = folder / f"{name}.csv"
            if path.exists():
                df = reader.read(path, spec, f"{folder.name}/{name}.csv")
                if not df.empty:
                    collected[name].append(df)
    frames = {n: pd.concat(dfs, ignore_index=True) if dfs else None for n, dfs in collected.items()}
    tables = _to_tables(wilayah, dokumen, frames, reader.masalah)
    if reader.masalah:
        raise ValidasiGagal(reader.masalah)
    return SourceData(tables)


def _empty(columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})


@dataclass
class _Sources:
    """What the staging functions read (wilayah, dokumen, every file's parsed rows) and the problems they add to."""

    wilayah: pd.DataFrame
    dokumen: pd.DataFrame
    frames: dict[str, pd.DataFrame | None]
    masalah: list[Masalah]

    def file(self, name: str) -> pd.DataFrame:
        """The parsed rows of every ``<name>.csv``, or no rows with the columns they would have."""
        df = self.frames.get(name)
        spec = SPECS[name]
        cols = spec.required + spec.optional + COMMON + OPTIONAL_COMMON + ["kecamatan"]
        cols += [f"{c}_teks" for c in spec.numbers] + [f"{c}_{s}" for c in spec.values for s in ("nilai", "atas")]
        return df if df is not None else _empty(cols)


def _to_tables(
    wilayah: pd.DataFrame, dokumen: pd.DataFrame, frames: dict[str, pd.DataFrame | None], masalah: list[Masalah]
) -> dict[str, pd.DataFrame]:
    """Every raw table from its staging function, in ``_STAGING``'s order; their problems go to ``masalah``."""
    sources = _Sources(wilayah, dokumen, frames, masalah)
    return {table: stage(sources) for table, stage in _STAGING.items()}


def _stg_kab_kota(s: _Sources) -> pd.DataFrame:
    """kab_kota: one row per kabupaten/kota of wilayah.csv."""
    return (
        s.wilayah[["kab_kota", "jenis_kab_kota", "provinsi"]]
        .drop_duplicates()
        .rename(columns={"kab_kota": "nama", "jenis_kab_kota": "jenis"})
    )


def _stg_kecamatan(s: _Sources) -> pd.DataFrame:
    """kecamatan: each kecamatan of wilayah.csv with its kab_kota."""
    return s.wilayah[["kecamatan", "kab_kota"]].rename(columns={"kecamatan": "nama"})


def _stg_dokumen(s: _Sources) -> pd.DataFrame:
    """dokumen: dokumen.csv with tahun as a number, tanggal as a date and an empty catatan as None."""
    doc = s.dokumen.copy()
    doc["tahun"] = doc["tahun"].astype(int)
    doc["tanggal"] = pd.to_datetime(doc["tanggal"].replace("", None), format="%Y-%m-%d").dt.date
    doc["catatan"] = doc["catatan"].replace("", None)
    return doc[["dokumen_id", "kecamatan", "jenis", "tahun", "tanggal", "judul", "format_angka", "catatan"]]


def _stg_kelurahan(s: _Sources) -> pd.DataFrame:
    """kelurahan: kelurahan.csv's columns as they are."""
    return s.file("kelurahan")[["kecamatan", "nama", "jenis", "luas_ha", *COMMON]]


def _stg_sasaran(s: _Sources) -> pd.DataFrame:
    """sasaran: sasaran.csv's columns as they are."""
    return s.file("sasaran")[["sasaran_id", "kecamatan", "tingkat", "nama", *COMMON]]


def _stg_indikator(s: _Sources) -> pd.DataFrame:
    """indikator: indikator.csv with its empty optional texts as None."""
    ind = s.file("indikator")
    for c in ("sasaran_id", "tema", "definisi", "sumber_data"):
        ind[c] = ind[c].replace("", None)
    return ind[
        [
            "indikator_id",
            "kecamatan",
            "sasaran_id",
            "tingkat",
            "nama",
            "satuan",
            "arah",
            "agregasi",
            "formula_capaian",
            "tema",
            "definisi",
            "sumber_data",
            *COMMON,
            "catatan",
        ]
    ]


# nilai_indikator's besaran of a capaian -> what the printed capaian is measured against
_TERHADAP = {
    "capaian": "target",
    "capaian_target_akhir": "target_akhir_renstra",
    "perubahan_tahunan": "tahun_sebelumnya",
}


def _nilai_base(r: pd.Series) -> dict[str, object]:
    """The cells every table staged from nilai_indikator takes from a row as they are."""
    return {c: r[c] for c in ("indikator_id", "tahun", "periode", "sumber_dokumen", "sumber_tabel", "catatan")}


def _stg_target(s: _Sources) -> pd.DataFrame:
    """target: nilai_indikator's rows of besaran 'target'; a target without jenis_target is a problem."""
    df = s.file("nilai_indikator")
    rows = []
    for _, r in df[df["besaran"] == "target"].iterrows():
        if not r["jenis_target"]:
            s.masalah.append(
                Masalah(
                    "nilai_indikator.csv",
                    None,
                    "jenis_target",
                    f"target {r['indikator_id']} {r['tahun']} tanpa jenis_target",
                )
            )
        rows.append(
            {
                **_nilai_base(r),
                "jenis": r["jenis_target"],
                "nilai": r["tercetak_nilai"],
                "nilai_atas": r["tercetak_atas"],
                "nilai_teks": r["tercetak"],
                "utama": r["utama"],
                "perbaikan": r["perbaikan"],
            }
        )
    cols = [
        "indikator_id",
        "tahun",
        "periode",
        "jenis",
        "nilai",
        "nilai_atas",
        "nilai_teks",
        "utama",
        *COMMON,
        "perbaikan",
        "catatan",
    ]
    return pd.DataFrame(rows, columns=cols)


def _stg_realisasi(s: _Sources) -> pd.DataFrame:
    """realisasi: nilai_indikator's rows of besaran 'realisasi'."""
    df = s.file("nilai_indikator")
    rows = [
        {
            **_nilai_base(r),
            "nilai": r["tercetak_nilai"],
            "nilai_teks": r["tercetak"],
            "utama": r["utama"],
            "perbaikan": r["perbaikan"],
        }
        for _, r in df[df["besaran"] == "realisasi"].iterrows()
    ]
    cols = ["indikator_id", "tahun", "periode", "nilai", "nilai_teks", "utama", *COMMON, "perbaikan", "catatan"]
    return pd.DataFrame(rows, columns=cols)


def _stg_capaian_laporan(s: _Sources) -> pd.DataFrame:
    """capaian_laporan: nilai_indikator's other rows, the capaian the report prints, each with what it is against."""
    df = s.file("nilai_indikator")
    rows = [
        {
            **_nilai_base(r),
            "terhadap": _TERHADAP[r["besaran"]],
            "nilai": r["tercetak_nilai"],
            "nilai_teks": r["tercetak"],
            "kategori_teks": r["kategori_tercetak"] or None,
        }
        for _, r in df[~df["besaran"].isin(["target", "realisasi"])].iterrows()
    ]
    cols = ["indikator_id", "tahun", "periode", "terhadap", "nilai", "nilai_teks", "kategori_teks", *COMMON, "catatan"]
    return pd.DataFrame(rows, columns=cols)


def _stg_skm(s: _Sources) -> pd.DataFrame:
    """skm: skm.csv with an empty jenis_layanan as 'Semua layanan' and the printed mutu as mutu_teks."""
    skm = s.file("skm")
    skm["jenis_layanan"] = skm["jenis_layanan"].replace("", None).fillna("Semua layanan")
    skm = skm.rename(columns={"mutu": "mutu_teks"})
    return skm[
        [
            "kecamatan",
            "tahun",
            "periode",
            "jenis_layanan",
            "responden",
            "ikm",
            "ikm_teks",
            "mutu_teks",
            "cara_bentuk",
            "utama",
            *COMMON,
            "catatan",
        ]
    ]


def _stg_skm_unsur(s: _Sources) -> pd.DataFrame:
    """skm_unsur: skm_unsur.csv with each unsur's PermenPANRB code; a name that maps to no code is a problem."""
    su = s.file("skm_unsur")
    su["jenis_layanan"] = su["jenis_layanan"].replace("", None).fillna("Semua layanan")
    kode = []
    for nama in su["unsur"]:
        try:
            kode.append(unsur_dari_nama(nama).kode)
        except DataError as exc:
            s.masalah.append(Masalah("skm_unsur.csv", None, "unsur", exc.pesan))
            kode.append(None)
    su["unsur_kode"] = kode
    su = su.rename(columns={"unsur": "unsur_nama_laporan", "mutu": "mutu_teks"})
    return su[
        [
            "kecamatan",
            "tahun",
            "periode",
            "jenis_layanan",
            "unsur_kode",
            "unsur_nama_laporan",
            "nrr",
            "nrr_teks",
            "ikm_unsur",
            "mutu_teks",
            *COMMON,
            "catatan",
        ]
    ]


def _stg_anggaran(s: _Sources) -> pd.DataFrame:
    """anggaran: anggaran.csv's rows, then a row for each line item of anggaran_kas.csv."""
    ang = s.file("anggaran").rename(columns={"serapan": "serapan_dilaporkan"})
    for c in ("kode", "induk_id", "sasaran_id"):
        ang[c] = ang[c].replace("", None)
    ang = ang[
        [
            "anggaran_id",
            "kecamatan",
            "tahun",
            "level",
            "kode",
            "nama",
            "induk_id",
            "sasaran_id",
            "pagu_murni",
            "pagu_perubahan",
            "realisasi",
            "serapan_dilaporkan",
            "utama",
            *COMMON,
            "perbaikan",
            "catatan",
        ]
    ]
    kas_items = _kas_items(s.file("anggaran_kas"))
    return pd.concat([ang, kas_items], ignore_index=True) if not kas_items.empty else ang


def _kas_items(df: pd.DataFrame) -> pd.DataFrame:
    """anggaran rows for the line items of the wide cash-plan rows, their allocation as pagu_perubahan."""
    return pd.DataFrame(
        {
            "anggaran_id": df["anggaran_id"],
            "kecamatan": df["kecamatan"],
            "tahun": df["tahun"],
            "level": df["level"],
            "kode": None,
            "nama": df["nama"],
            "induk_id": df["induk_id"].replace("", None),
            "sasaran_id": None,
            "pagu_murni": None,
            "pagu_perubahan": df["pagu"],
            "realisasi": None,
            "serapan_dilaporkan": None,
            "utama": False,
            "sumber_dokumen": df["sumber_dokumen"],
            "sumber_tabel": df["sumber_tabel"],
            "perbaikan": df["perbaikan"],
            "catatan": df["catatan"],
        }
    )


def _stg_anggaran_kas(s: _Sources) -> pd.DataFrame:
    """anggaran_kas: the wide cash-plan rows of anggaran_kas.csv made long, a row per line item and triwulan."""
    rows = []
    for _, r in s.file("anggaran_kas").iterrows():
        for tw in (1, 2, 3, 4):
            rows.append(
                {
                    "kecamatan": r["kecamatan"],
                    "tahun": r["tahun"],
                    "anggaran_id": r["anggaran_id"],
                    "nama": r["nama"],
                    "triwulan": tw,
                    "rencana": r[f"tw{tw}"],
                    "realisasi": r[f"realisasi_tw{tw}"],
                    "sumber_dokumen": r["sumber_dokumen"],
                    "sumber_tabel": r["sumber_tabel"],
                    "perbaikan": r["perbaikan"],
                    "catatan": r["catatan"],
                }
            )
    cols = [
        "kecamatan",
        "tahun",
        "anggaran_id",
        "nama",
        "triwulan",
        "rencana",
        "realisasi",
        *COMMON,
        "perbaikan",
        "catatan",
    ]
    return pd.DataFrame(rows, columns=cols)


def _stg_efisiensi_laporan(s: _Sources) -> pd.DataFrame:
    """efisiensi_laporan: efisiensi.csv, empty keys and label as None, the printed capaian as capaian_dilaporkan."""
    ef = s.file("efisiensi")
    for c in ("sasaran_id", "indikator_id", "anggaran_id", "label"):
        ef[c] = ef[c].replace("", None)
    ef = ef.rename(columns={"capaian": "capaian_dilaporkan"})
    return ef[
        [
            "kecamatan",
            "tahun",
            "sasaran_id",
            "indikator_id",
            "anggaran_id",
            "metode",
            "capaian_dilaporkan",
            "nilai",
            "label",
            "nilai_teks",
            *COMMON,
            "catatan",
        ]
    ]


def _stg_evaluasi_sakip(s: _Sources) -> pd.DataFrame:
    """evaluasi_sakip: evaluasi_sakip.csv with the printed predikat as predikat_teks (None when empty)."""
    ev = s.file("evaluasi_sakip").rename(columns={"predikat": "predikat_teks"})
    ev["predikat_teks"] = ev["predikat_teks"].replace("", None)
    return ev[
        [
            "kecamatan",
            "tahun_dinilai",
            "komponen",
            "bobot",
            "nilai",
            "nilai_teks",
            "predikat_teks",
            "utama",
            *COMMON,
            "catatan",
        ]
    ]


def _stg_pembanding(s: _Sources) -> pd.DataFrame:
    """pembanding: pembanding.csv with an empty satuan as None and the printed persen as persen_dilaporkan."""
    pb = s.file("pembanding")
    pb["satuan"] = pb["satuan"].replace("", None)
    pb = pb.rename(columns={"persen": "persen_dilaporkan"})
    return pb[
        [
            "kecamatan",
            "tahun",
            "pembanding",
            "indikator",
            "nilai",
            "nilai_teks",
            "target",
            "persen_dilaporkan",
            "satuan",
            *COMMON,
            "catatan",
        ]
    ]


def _stg_data_pendukung(s: _Sources) -> pd.DataFrame:
    """data_pendukung: data_pendukung.csv, the printed cell as nilai_teks (None when empty), its number as nilai."""
    dp = s.file("data_pendukung").rename(columns={"nilai": "nilai_teks"}).rename(columns={"nilai_nilai": "nilai"})
    dp["nilai_teks"] = dp["nilai_teks"].replace("", None)
    return dp[
        [
            "kecamatan",
            "tahun",
            "topik",
            "wilayah",
            "periode",
            "ukuran",
            "nilai",
            "nilai_teks",
            "satuan",
            *COMMON,
            "catatan",
        ]
    ]


def _stg_faktor(s: _Sources) -> pd.DataFrame:
    """faktor: faktor.csv's columns as they are."""
    return s.file("faktor")[["indikator_id", "tahun", "jenis", "teks", *COMMON]]


# raw table -> its staging function; the order is the order the problems are found in
_STAGING: dict[str, Callable[[_Sources], pd.DataFrame]] = {
    "kab_kota": _stg_kab_kota,
    "kecamatan": _stg_kecamatan,
    "dokumen": _stg_dokumen,
    "kelurahan": _stg_kelurahan,
    "sasaran": _stg_sasaran,
    "indikator": _stg_indikator,
    "target": _stg_target,
    "realisasi": _stg_realisasi,
    "capaian_laporan": _stg_capaian_laporan,
    "skm": _stg_skm,
    "skm_unsur": _stg_skm_unsur,
    "anggaran": _stg_anggaran,
    "anggaran_kas": _stg_anggaran_kas,
    "efisiensi_laporan": _stg_efisiensi_laporan,
    "evaluasi_sakip": _stg_evaluasi_sakip,
    "pembanding": _stg_pembanding,
    "data_pendukung": _stg_data_pendukung,
    "faktor": _stg_faktor,
}
