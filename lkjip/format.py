"""Indonesian display formats (babel, locale id_ID): Rp 53.161.664.873; 94,75; 102,21%."""

from __future__ import annotations

from datetime import date, datetime
from functools import cache

import pandas as pd
from babel import Locale
from babel.dates import format_date, format_datetime
from babel.numbers import NumberPattern, parse_pattern

from lkjip.missing import is_missing

LOCALE = "id_ID"
KOSONG = "–"
_LOCALE = Locale.parse(LOCALE)


@cache
def _pattern(desimal: int) -> NumberPattern:
    """Parsed once: babel's format_decimal parses locale and pattern on every call, half its time (a national
    league table formats some 15.000 cells per run); pattern.apply is what format_decimal then calls."""
    return parse_pattern("#,##0" + ("." + "0" * desimal if desimal > 0 else ""))


def format_angka(x: float | None, desimal: int = 2) -> str:
    if is_missing(x):
        return KOSONG
    return _pattern(desimal).apply(x, _LOCALE)


def format_persen(x: float | None, desimal: int = 2) -> str:
    return KOSONG if is_missing(x) else f"{format_angka(x, desimal)}%"


def format_nilai(x: float | None, satuan: str | None, desimal: int = 2) -> str:
    """A value with its unit: 80,00% (no space before a percent sign), 83,51 Nilai, 12 kasus."""
    if is_missing(x):
        return KOSONG
    if not satuan or is_missing(satuan):
        return format_angka(x, desimal)
    return f"{format_angka(x, desimal)}{'' if satuan.strip() == '%' else ' '}{satuan.strip()}"


def format_rupiah(x: float | None, desimal: int = 0) -> str:
    if is_missing(x):
        return KOSONG
    sign = "-" if x < 0 else ""  # type: ignore[operator]
    return f"{sign}Rp {format_angka(abs(x), desimal)}"  # type: ignore[arg-type]


def format_isian(x: float | None) -> str | None:
    """A number for an input field: comma decimal, no thousands separator and no trailing zeros (100; 95,1;
    1234567,5), so that it reads back as the same number; None when empty (the field stays blank)."""
    if is_missing(x):
        return None
    teks = repr(float(x))  # type: ignore[arg-type]
    if "e" in teks:
        teks = f"{float(x):.12f}"  # type: ignore[arg-type]
    bulat, _, pecahan = teks.partition(".")
    pecahan = pecahan.rstrip("0")
    return f"{bulat},{pecahan}" if pecahan else bulat


def format_teks(x: object, kosong: str = KOSONG) -> str:
    """A text cell for display: missing (None, or NaN in a partly filled text column) or empty shows as a dash."""
    return kosong if is_missing(x) or x == "" else str(x)


_FORMATTERS = {
    "angka": format_angka,
    "angka0": lambda x: format_angka(x, 0),
    "persen": format_persen,
    "rupiah": format_rupiah,
}


# columns that hold counts or years: whole numbers without thousands separators (2024, not 2.024)
KOLOM_BULAT = ("baris", "triwulan", "responden", "responden_dihitung", "peringkat", "urut", "bobot_ke")


def _bulat(kolom: str) -> bool:
    return str(kolom).lower().startswith("tahun") or str(kolom).lower() in KOLOM_BULAT


def format_tanggal(v: object) -> str:
    """A date as Indonesians write it (31 Desember 2024), a time stamp with its time (2 Des 2026 07.25)."""
    if is_missing(v):
        return KOSONG
    if isinstance(v, datetime):
        if (v.hour, v.minute, v.second, v.microsecond) == (0, 0, 0, 0):
            return format_date(v.date(), "d MMMM y", locale=LOCALE)
        return format_datetime(v, "d MMM y HH.mm", locale=LOCALE)
    if isinstance(v, date):
        return format_date(v, "d MMMM y", locale=LOCALE)
    return str(v)


def _sel(v: object, bulat: bool = False) -> object:
    """A cell without a declared format: yes/no in words, numbers in Indonesian format, dates in words, text as
    it is."""
    if isinstance(v, bool):
        return "ya" if v else "tidak"
    if isinstance(v, date):
        return format_tanggal(v)
    if isinstance(v, (int, float)):
        return _teks(v, bulat)
    return v


def _teks(v: object, bulat: bool = False) -> str:
    if isinstance(v, (int, float)) and bulat and float(v).is_integer():
        return str(int(v))
    if isinstance(v, int):
        return format_angka(v, 0)
    if isinstance(v, float):
        return format_angka(v, 0 if v.is_integer() else 2)
    return str(v)


# codes a column holds, in words (the database keeps the codes)
NILAI_KODE: dict[str, dict[str, str]] = {
    "tingkat": {"iku": "IKU", "tujuan": "Tujuan", "sasaran": "Sasaran", "program": "Program", "kegiatan": "Kegiatan"},
    "level": {
        "total": "Total",
        "jenis_belanja": "Jenis belanja",
        "sasaran": "Sasaran",
        "program": "Program",
        "kegiatan": "Kegiatan",
        "sub_kegiatan": "Sub kegiatan",
    },
    "arah": {"naik": "makin tinggi makin baik", "turun": "makin rendah makin baik"},
    "agregasi": {"kumulatif": "Kumulatif", "nilai_akhir": "Nilai akhir", "rata_rata": "Rata-rata"},
}


def tabel_tampilan(df, kolom: dict[str, str]):  # type: ignore[no-untyped-def]
    """A copy of ``df`` for the screen: the named columns as Indonesian text ({"target": "angka", "pagu": "rupiah"});
    every other number in Indonesian format too (years and counts as whole numbers), yes/no as words, and an empty
    cell as a dash, never None/nan/<NA>/True."""
    out = df.copy()
    for col, kind in kolom.items():
        if col in out.columns:  # a format for a column the frame does not have: nothing to format
            out[col] = [_FORMATTERS[kind](v) for v in out[col]]
    for col in out.columns:
        if col in kolom:
            continue
        if col in NILAI_KODE:
            kata = NILAI_KODE[col]
            out[col] = [KOSONG if is_missing(v) else kata.get(v, v) for v in out[col].astype(object)]
            continue
        bulat = _bulat(col)
        if pd.api.types.is_bool_dtype(out[col]):
            out[col] = [KOSONG if is_missing(v) else ("ya" if v else "tidak") for v in out[col].astype(object)]
        elif pd.api.types.is_datetime64_any_dtype(out[col]):
            out[col] = [format_tanggal(None if is_missing(v) else v.to_pydatetime()) for v in out[col]]
        elif pd.api.types.is_integer_dtype(out[col]) and bulat and not out[col].isna().any():
            continue  # years and counts: Streamlit shows them as they are
        elif (
            pd.api.types.is_numeric_dtype(out[col])
            or out[col].dtype == object
            or pd.api.types.is_string_dtype(out[col])
        ):
            out[col] = [KOSONG if is_missing(v) else _sel(v, bulat) for v in out[col].astype(object)]
    return out


# ---------------------------------------------------------------- column headers
# The words a table header shows for a column (st.dataframe column_config labels, the XLSX/CSV downloads, slides):
# the database name never reaches the screen. A column not listed reads as its name with spaces, capitalised.
LABEL_KOLOM: dict[str, str] = {
    # users and the approval workflow (lkjip.akses, lkjip.db.status)
    "email": "Email",
    "lingkup": "Wilayah",
    "jenis_lingkup": "Jenis wilayah",
    "aktif": "Aktif",
    "dibuat": "Didaftarkan",
    "oleh": "Oleh",
    "diubah": "Diubah",
    "agregasi": "Agregasi triwulan",
    "alasan": "Keterangan",
    "anggaran_id": "Kode pos",
    "arah": "Arah",
    "baris": "Baris",
    "baru": "Baru",
    "berkas": "Berkas / lembar",
    "besaran": "Besaran",
    "bobot": "Bobot",
    "capaian_dilaporkan": "Capaian (laporan)",
    "capaian_iku": "Capaian IKU rata-rata",
    "capaian_persen": "Capaian (dihitung)",
    "cara_bentuk": "Cara pembentukan",
    "catatan": "Catatan",
    "dasar": "Dasar perbandingan",
    "dasar_perhitungan": "Dasar perhitungan",
    "definisi": "Definisi",
    "dipakai": "Dipakai",
    "dokumen_id": "Berkas dokumen",
    "efisiensi_dihitung": "Efisiensi (dihitung, metode laporan)",
    "efisiensi_dilaporkan": "Efisiensi (laporan)",
    "efisiensi_seragam": "Efisiensi (metode seragam)",
    "formula": "Rumus",
    "formula_capaian": "Rumus capaian",
    "ikm_dihitung": "IKM (dihitung)",
    "ikm_dilaporkan": "IKM (laporan)",
    "ikm_unsur": "IKM unsur",
    "indikator": "Indikator",
    "indikator_id": "Kode indikator",
    "induk": "Induk",
    "induk_id": "Kode induk",
    "sumber_pagu_murni": "Sumber pagu murni",
    "sumber_pagu_perubahan": "Sumber pagu perubahan",
    "sumber_realisasi": "Sumber realisasi",
    "jenis": "Jenis",
    "jenis_layanan": "Jenis layanan",
    "judul": "Judul",
    "jumlah": "Jumlah",
    "kab_kota": "Kab/Kota",
    "kategori": "Kategori",
    "kategori_dilaporkan": "Kategori (laporan)",
    "kecamatan": "Kecamatan",
    "keterangan": "Keterangan",
    "kode": "Kode",
    "kolom": "Kolom",
    "komponen": "Komponen",
    "kunci": "Kunci",
    "label": "Label",
    "lama": "Lama",
    "level": "Tingkat",
    "masalah": "Masalah",
    "metode": "Metode",
    "metode_laporan": "Metode laporan",
    "mutu": "Mutu",
    "mutu_dilaporkan": "Mutu (laporan)",
    "nama": "Nama",
    "nilai": "Nilai",
    "nilai_baru": "Nilai baru",
    "nilai_dihitung": "Dihitung",
    "nilai_dilaporkan": "Dilaporkan",
    "nilai_lama": "Nilai lama",
    "nilai_sebelumnya": "Nilai sebelumnya",
    "nilai_teks": "Nilai tercetak",
    "nrr": "NRR",
    "pagu_murni": "Pagu murni",
    "pagu_perubahan": "Pagu perubahan",
    "pembanding": "Unit pembanding",
    "pengguna": "Petugas",
    "peran": "Peran",
    "perbaikan": "Perbaikan OCR",
    "peringkat": "Peringkat",
    "periode": "Periode",
    "persen_dilaporkan": "Persen (laporan)",
    "perubahan_persen": "Perubahan dari tahun lalu",
    "pesan": "Masalah",
    "pos": "Pos anggaran",
    "predikat": "Predikat",
    "predikat_dilaporkan": "Predikat (laporan)",
    "provinsi": "Provinsi",
    "ranah": "Ranah",
    "rasio_laju": "Rasio laju",
    "realisasi": "Realisasi",
    "realisasi_kumulatif": "Realisasi kumulatif",
    "realisasi_tahun_lalu": "Realisasi tahun lalu",
    "realisasi_teks": "Realisasi tercetak",
    "realisasi_terakhir": "Realisasi terakhir",
    "rencana": "Rencana kas",
    "responden": "Responden",
    "responden_dihitung": "Responden (dihitung)",
    "sasaran": "Sasaran",
    "sasaran_id": "Kode sasaran",
    "satuan": "Satuan",
    "serapan_dilaporkan": "Serapan (laporan)",
    "serapan_persen": "Serapan (dihitung)",
    "sha256": "SHA-256 berkas",
    "sintetis": "Sintetis",
    "status": "Status",
    "subjek": "Subjek",
    "sumber": "Sumber",
    "sumber_data": "Sumber data",
    "sumber_dokumen": "Dokumen sumber",
    "sumber_tabel": "Tabel sumber",
    "tabel": "Tabel",
    "tahun": "Tahun",
    "tahun_dinilai": "Tahun dinilai",
    "tahun_target_akhir": "Tahun target akhir",
    "tahun_terakhir": "Tahun data terakhir",
    "tanggal": "Tanggal",
    "target": "Target",
    "target_akhir": "Target akhir Renstra",
    "target_atas": "Target (batas atas)",
    "target_jenis": "Jenis target",
    "target_sumber_dokumen": "Dokumen sumber target",
    "target_sumber_tabel": "Tabel sumber target",
    "target_tahunan": "Target tahunan",
    "target_teks": "Target tercetak",
    "tema": "Tema",
    "teks": "Teks",
    "tingkat": "Tingkat",
    "topik": "Topik",
    "tren": "Tren",
    "triwulan": "Triwulan",
    "ukuran": "Ukuran",
    "unsur_kode": "Kode unsur",
    "unsur_nama": "Unsur",
    "utama": "Nilai utama",
    "waktu": "Waktu",
    "wilayah": "Wilayah",
}


def label_kolom(kolom: str) -> str:
    """The header a person reads for a column: LABEL_KOLOM, else the name with spaces, capitalised."""
    if kolom in LABEL_KOLOM:
        return LABEL_KOLOM[kolom]
    teks = str(kolom)
    # a database-style name becomes words; a header that already is words (a kecamatan's name) stays as it is
    return teks.replace("_", " ").capitalize() if teks.islower() or "_" in teks else teks
