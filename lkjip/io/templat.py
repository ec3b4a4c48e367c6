"""The Excel template for staff: instructions, one sheet per kind of data, dropdowns from the database."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from lkjip.calc.periode import PERIODE
from lkjip.db.repository import Repository
from lkjip.io.batas import BATAS_BARIS, BATAS_ISI_TOTAL, BATAS_KOLOM, BATAS_TEKS, angka, mb
from lkjip.io.ekspor import sel_aman
from lkjip.io.impor.berkas import BATAS_UKURAN
from lkjip.io.impor.spec import LEMBAR

PETUNJUK = [
    "Petunjuk pengisian templat data kinerja kecamatan",
    "",
    "1. Isi satu baris per nilai. Jangan mengubah nama lembar atau judul kolom.",
    "2. Kecamatan dan indikator dipilih dari daftar (panah di sel). Kecamatan atau indikator baru hanya ditambahkan lewat "
    "lembar 'kecamatan' dan 'indikator'.",
    "3. Periode: Tahunan, TW1–TW4 (triwulan), S1–S2 (semester).",
    "4. Angka boleh ditulis 1.234.567,89 atau 1234567.89; tulisan yang bermakna ganda (mis. 1.234) akan ditolak.",
    "   Jangan memakai rumus: tempel sebagai nilai.",
    "5. Jawaban SKM per responden memakai skala 1–4 untuk setiap unsur U1–U9 (PermenPANRB 14/2017).",
    "6. Anggaran dalam rupiah per pos (total, program, kegiatan, sub kegiatan); 'Rp 1.000' berarti seribu. Induk diisi "
    "kode atau nama pos di atasnya pada lembar yang sama. Realisasi di atas pagu diberi peringatan.",
    "   Rencana kas per triwulan (lembar anggaran_kas): satu baris per pos dan triwulan 1–4; pos ditulis dengan kode atau "
    "nama seperti di lembar anggaran (berkas ini atau impor sebelumnya). Jumlah TW1–TW4 di atas pagu diberi peringatan.",
    "7. Evaluasi SAKIP: satu baris per komponen dan satu baris 'Total'; nilai komponen tidak boleh melebihi bobotnya.",
    "8. Unggah berkas di dasbor (halaman Impor Data) atau: python -m lkjip import berkas.xlsx",
    "   Semua kesalahan ditampilkan sekaligus (lembar, baris, kolom). Tidak ada yang ditulis sebelum Anda menyetujui "
    "pratinjau; mengimpor berkas yang sama dua kali tidak mengubah apa pun.",
    f"9. Batas satu berkas: paling besar {mb(BATAS_UKURAN)} ({mb(BATAS_ISI_TOTAL)} setelah dibuka); paling banyak "
    f"{angka(BATAS_BARIS)} baris data dan {BATAS_KOLOM} kolom per lembar; paling panjang {angka(BATAS_TEKS)} karakter "
    "per sel (batas Excel sendiri). Angka harus angka sungguhan (NaN atau INF ditolak).",
    f"   Data yang lebih besar (mis. SKM lebih dari {angka(BATAS_BARIS)} responden): pecah per kecamatan atau per periode, lalu unggah "
    "satu per satu. CSV boleh dipisah koma, titik koma (Excel berbahasa Indonesia) atau tab.",
]


def templat(repo: Repository) -> bytes:
    """The template as .xlsx bytes, with dropdowns filled from the database."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Petunjuk"
    for i, line in enumerate(PETUNJUK, start=1):
        ws.cell(row=i, column=1, value=line).font = Font(bold=i == 1, size=14 if i == 1 else 11)
    ws.column_dimensions["A"].width = 120
    daftar = wb.create_sheet("_daftar")
    kec = repo.fetch("kecamatan_list")["kecamatan"].tolist()
    ind = repo.fetch_view("v_indikator")["indikator_id"].tolist()
    for col, values in ((1, kec), (2, ind), (3, list(PERIODE))):
        for r, v in enumerate(values, start=1):
            daftar.cell(row=r, column=col, value=sel_aman(v))
    daftar.sheet_state = "hidden"
    ranges = {
        "kecamatan": f"_daftar!$A$1:$A${max(len(kec), 1)}",
        "indikator": f"_daftar!$B$1:$B${max(len(ind), 1)}",
        "periode": f"_daftar!$C$1:$C${len(PERIODE)}",
    }
    head = PatternFill("solid", fgColor="DDF4FF")
    for lembar in LEMBAR.values():
        sh = wb.create_sheet(lembar.nama)
        for j, k in enumerate(lembar.kolom, start=1):
            c = sh.cell(row=1, column=j, value=k.label)
            c.font, c.fill = Font(bold=True), head
            sh.column_dimensions[c.column_letter].width = max(14, min(len(k.label) + 2, 45))
            source = None
            if k.nama == "kecamatan" and lembar.nama != "kecamatan":
                source = ranges["kecamatan"]
            elif k.nama == "indikator":
                source = ranges["indikator"]
            elif k.nama == "periode":
                source = ranges["periode"]
            elif k.pilihan:
                source = '"' + ",".join(k.pilihan) + '"'
            if source:
                dv = DataValidation(
                    type="list",
                    formula1=source,
                    allow_blank=not k.wajib,
                    error="Pilih dari daftar",
                    errorTitle="Nilai tidak dikenal",
                )
                dv.add(f"{c.column_letter}2:{c.column_letter}5000")
                sh.add_data_validation(dv)
        sh.freeze_panes = "A2"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
