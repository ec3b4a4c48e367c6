"""The sheets an import reads (and the Excel template writes, lkjip.io.templat): their names, columns and headers.

A column's ``jenis`` says how a cell is read (lkjip.io.impor.pemeriksaan), ``wajib`` whether it may be empty and
``pilihan`` the only values it may take; ``label`` is the header in the template (the column's ``nama`` is accepted
as well). A sheet as read (``Sheets``) is, per sheet name, its rows as (row number, {header: value}), the header row
itself first as row 1."""

from __future__ import annotations

from dataclasses import dataclass

from lkjip.calc.ikm import UNSUR
from lkjip.calc.periode import LEVEL_ANGGARAN_IMPOR, PERIODE
from lkjip.calc.sakip import KOMPONEN_2021

Sheets = dict[str, list[tuple[int, dict[str, object]]]]


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
