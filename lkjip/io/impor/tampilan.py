"""The import's words for people: the sheets by name, columns in words, values in Indonesian format.

Used by the preview (``Rencana.ringkasan`` / ``perubahan``), the stale-plan message and the change log page
(``log_tampilan``); nothing here changes what is stored or compared (the machine text is ``rencana.teks_mesin``).
``DIPERLIHATKAN`` names, per table, the values a person checks in a preview."""

from __future__ import annotations

import pandas as pd

from lkjip.calc.alur import LABEL_STATUS
from lkjip.format import KOSONG, format_angka, format_rupiah, label_kolom
from lkjip.missing import is_missing

# The values a person checks in a preview, per table (a new row logs every column; these are the ones shown).
DIPERLIHATKAN: dict[str, tuple[str, ...]] = {
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
    # written by the app, not by an import: the change log names them too
    "pengguna": "Pengguna",
    "status_periode": "Status periode",
    "catatan_verifikasi": "Catatan verifikasi",
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
    "peran": "Peran",
    "alasan": "Alasan",
}
# The role a change-log row records, in words (lkjip.akses).
NAMA_PERAN = {
    "admin": "Admin",
    "verifikator": "Verifikator",
    "camat": "Camat",
    "operator": "Operator",
    "pembaca": "Pembaca",
    "lokal": "Mode lokal",
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


_LABEL_ISIAN_TABEL = {("catatan_verifikasi", "teks"): "Isi catatan"}


def nama_tabel(tabel: str) -> str:
    """A table of the change log as people call it; one without a name here (a table added later) in words, never
    its database name (``catatan_verifikasi`` -> ``Catatan verifikasi``)."""
    return NAMA_TABEL.get(tabel) or label_kolom(tabel)


def kolom_tampilan(tabel: str, kolom: str) -> str:
    """A written column (``pagu_murni``) in words (``Pagu murni``)."""
    return _LABEL_ISIAN_TABEL.get((tabel, kolom)) or _LABEL_ISIAN.get(kolom) or label_kolom(kolom)


def nilai_tampilan(tabel: str, kolom: str, nilai: object) -> str:
    """A value of ``tabel.kolom`` as a person reads it: a number (or the machine text the change log stores, "93.1")
    in Indonesian format (93,10; a rupiah column as Rp 1.000.000), yes/no in words, empty as a dash. Codes such as
    a kode rekening "5.01" are not numbers and stay as they are."""
    if is_missing(nilai) or (isinstance(nilai, str) and nilai.strip() == ""):
        return KOSONG
    if tabel == "status_periode" and kolom == "status":
        return LABEL_STATUS.get(str(nilai), str(nilai))
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


def angka_pesan(v: float) -> str:
    """A number in a message: Indonesian format, unrounded (15; 93,10; 94,755)."""
    return format_angka(v, 0) if float(v).is_integer() else format_angka(v, _desimal(float(v)))


def log_tampilan(log: pd.DataFrame, *, semua: bool = False) -> pd.DataFrame:
    """The change log (v_audit) for the screen: the sheet by its name, the column in words, the stored machine text
    formatted (93.1 -> 93,10; rupiah with Rp), empty as a dash, the file's SHA-256 shortened. Only the values a
    preview shows (a new row logs every column, its source and flags too) unless ``semua``. The stored log is not
    touched."""
    if not semua:
        log = log[[k in DIPERLIHATKAN.get(t, (k,)) for t, k in zip(log["tabel"], log["kolom"], strict=True)]]
    out = pd.DataFrame(
        {
            "waktu": [KOSONG if is_missing(w) else f"{w:%d-%m-%Y %H:%M:%S}" for w in log["waktu"]],
            "tabel": [nama_tabel(t) for t in log["tabel"]],
            "kunci": log["kunci"],
            "kolom": [kolom_tampilan(t, k) for t, k in zip(log["tabel"], log["kolom"], strict=True)],
            **{
                c: [nilai_tampilan(t, k, v) for t, k, v in zip(log["tabel"], log["kolom"], log[c], strict=True)]
                for c in ("nilai_lama", "nilai_baru")
            },
            **{c: [KOSONG if is_missing(v) or v == "" else str(v) for v in log[c]] for c in ("sumber", "pengguna")},
            "peran": [KOSONG if is_missing(v) else NAMA_PERAN.get(str(v), str(v)) for v in log["peran"]],
            "alasan": [KOSONG if is_missing(v) or v == "" else str(v) for v in log["alasan"]],
            "sha256": [KOSONG if is_missing(v) else f"{str(v)[:12]}…" for v in log["sha256"]],
        }
    )
    return out.reset_index(drop=True)
