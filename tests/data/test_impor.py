"""Import of staff data: validation lists every problem, nothing is written before confirmation, writes are
all-or-nothing, re-importing changes nothing, and two writers at once lose nothing."""

from __future__ import annotations

import io
import multiprocessing
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from lkjip.db.repository import Repository
from lkjip.errors import DataBerubahError, DataError
from lkjip.io import impor
from lkjip.io.impor import berkas, periksa, terapkan, tulis
from lkjip.io.templat import templat
from lkjip.io.validasi import ValidasiGagal


@pytest.fixture
def db(tmp_path, built_db) -> Path:
    path = tmp_path / "lkjip.duckdb"
    shutil.copy(built_db, path)
    return path


def _template(db: Path) -> bytes:
    repo = Repository.open(db)
    try:
        return templat(repo)
    finally:
        repo.close()


def _workbook(db: Path, sheet: str, rows: list[list]) -> bytes:
    wb = load_workbook(io.BytesIO(_template(db)))
    for r in rows:
        wb[sheet].append(r)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _plan(db: Path, name: str, data: bytes):
    repo = Repository.open(db)
    try:
        return periksa(repo, name, data)
    finally:
        repo.close()


def _problems(db: Path, name: str, data: bytes) -> list[str]:
    before = db.read_bytes()
    with pytest.raises((ValidasiGagal, DataError)) as info:
        _plan(db, name, data)
    assert db.read_bytes() == before
    exc = info.value
    return [str(m) for m in exc.masalah] if isinstance(exc, ValidasiGagal) else [exc.pesan]


def test_template_has_instructions_sheets_and_dropdowns(db):
    wb = load_workbook(io.BytesIO(_template(db)))
    assert wb.sheetnames[0] == "Petunjuk" and {"realisasi", "target", "skm_jawaban"} <= set(wb.sheetnames)
    ws = wb["skm_jawaban"]
    headers = [c.value for c in ws[1]]
    assert "U8 Penanganan pengaduan, saran dan masukan (1–4)" in headers
    formulas = [dv.formula1 for dv in wb["realisasi"].data_validations.dataValidation]
    assert any("_daftar!$A$1" in f for f in formulas) and any("_daftar!$C$1" in f for f in formulas)


def test_import_writes_once_and_the_second_time_changes_nothing(db):
    data = _workbook(db, "realisasi", [["Bontang Barat", "BB-IKU1", 2025, "TW1", "95,10", "uji"]])
    plan = _plan(db, "tw1_2025.xlsx", data)
    assert plan.perubahan()[["kunci", "lama", "baru", "status"]].values.tolist() == [
        ["BB-IKU1 2025 TW1", "–", "95,10", "baru"]
    ]
    assert terapkan(db, plan, pengguna="uji") == 1
    repo = Repository.open(db)
    cap = repo.fetch_view("v_capaian")
    row = cap[(cap["indikator_id"] == "BB-IKU1") & (cap["tahun"] == 2025) & (cap["periode"] == "TW1")].iloc[0]
    assert row["realisasi"] == 95.1 and row["sumber_dokumen"] == "tw1_2025.xlsx"
    audit = repo.fetch_view("v_audit")
    assert (audit["nilai_baru"] == "95.1").any() and audit["sha256"].iloc[0] == plan.sha256
    repo.close()
    before = db.read_bytes()
    again = _plan(db, "tw1_2025.xlsx", data)
    assert not again.ada_perubahan and terapkan(db, again) == 0
    assert db.read_bytes() == before


def test_changed_value_shows_old_and_new(db):
    terapkan(db, _plan(db, "a.xlsx", _workbook(db, "realisasi", [["Bontang Barat", "BB-IKU1", 2025, "TW1", 95]])))
    plan = _plan(db, "b.xlsx", _workbook(db, "realisasi", [["Bontang Barat", "BB-IKU1", 2025, "TW1", 96]]))
    assert plan.perubahan()[["lama", "baru", "status"]].values.tolist() == [["95,00", "96,00", "berubah"]]


def test_raw_skm_answers_become_nrr_and_ikm(db):
    rows = [
        ["Bantargebang", 2025, "TW1", None, None, None, None, None, None, 4, 4, 3, 4, 3, 3, 4, 3, a]
        for a in (2, 3, 3, 4)
    ]
    terapkan(db, _plan(db, "skm.xlsx", _workbook(db, "skm_jawaban", rows)))
    repo = Repository.open(db)
    skm = repo.fetch_view("v_skm")
    r = skm[(skm["kecamatan"] == "Bantargebang") & (skm["tahun"] == 2025)].iloc[0]
    unsur = repo.fetch_view("v_skm_unsur")
    u9 = unsur[(unsur["kecamatan"] == "Bantargebang") & (unsur["tahun"] == 2025) & (unsur["unsur_kode"] == "U9")]
    repo.close()
    assert r["responden"] == 4 and u9["nrr"].iloc[0] == 3.0
    assert r["ikm_dihitung"] == pytest.approx((4 + 4 + 3 + 4 + 3 + 3 + 4 + 3 + 3) / 9 * 25)


@pytest.mark.parametrize(
    ("row", "fragment"),
    [
        (["Bontang Barat", "BB-IKU1", 2025, "TW1", "sembilan"], "bukan angka"),
        (["Bontang Barat", "BB-IKU1", 2025, "TW1", "1.234"], "bermakna ganda"),
        (["Bontang Bart", "BB-IKU1", 2025, "TW1", 9], "Maksud Anda 'Bontang Barat'?"),
        (["Bontang Barat", "BB-IKU9", 2025, "TW1", 9], "indikator 'BB-IKU9' tidak ada"),
        (["Bontang Barat", "BB-IKU1", 1899, "TW1", 9], "di luar rentang"),
        (["Bontang Barat", "BB-IKU1", 2025, "TW5", 9], "Maksud Anda 'TW4'?"),
        (["Bontang Barat", "BB-IKU1", 2025, "TW1", "=90+5"], "berisi rumus"),
        (["Bontang Barat", "BB-IKU1", 2025, "TW1", None], "wajib diisi"),
    ],
)
def test_bad_cells_are_reported_with_sheet_row_column(db, row, fragment):
    problems = _problems(db, "x.xlsx", _workbook(db, "realisasi", [row]))
    assert any(fragment in p and p.startswith("realisasi baris 2") for p in problems), problems


def test_every_problem_is_listed_at_once(db):
    rows = [
        ["Bontang Barat", "BB-IKU1", 2025, "TW1", "x"],
        ["Bontang Barat", "BB-IKU1", 2025, "TW9", 1],
        ["Bontang Barat", "BB-IKU1", 2025, "TW2", 1],
        ["Bontang Barat", "BB-IKU1", 2025, "TW2", 2],
    ]
    problems = _problems(db, "x.xlsx", _workbook(db, "realisasi", rows))
    assert len(problems) == 3 and any("baris ganda" in p and "baris 4" in p for p in problems)


def test_answers_outside_1_to_4_are_rejected(db):
    row = ["Bantargebang", 2025, "TW1", None, None, None, None, None, None, 4, 4, 3, 5, 3, 3, 4, 3, 0]
    problems = _problems(db, "x.xlsx", _workbook(db, "skm_jawaban", [row]))
    assert sum("di luar skala 1–4" in p for p in problems) == 2


@pytest.mark.parametrize(
    ("name", "data", "fragment"),
    [
        ("kosong.xlsx", b"", "Berkas kosong"),
        ("laporan.pdf", b"%PDF-1.4", "Jenis berkas tidak dikenal"),
        ("rusak.xlsx", b"PK\x03\x04 bukan zip", "rusak"),
        ("realisasi.csv", "kecamatan;indikator\nBontang Barat;é".encode("cp1252"), "bukan UTF-8"),
        ("lain.csv", b"a,b\n1,2\n", "Nama berkas CSV harus nama lembar"),
    ],
)
def test_unreadable_files_are_rejected(db, name, data, fragment):
    assert any(fragment in p for p in _problems(db, name, data))


def test_missing_column_and_too_large(db, monkeypatch):
    wb = load_workbook(io.BytesIO(_template(db)))
    wb["realisasi"].delete_cols(5)
    out = io.BytesIO()
    wb.save(out)
    wb["realisasi"].append(["Bontang Barat", "BB-IKU1", 2025, "TW1"])
    problems = _problems(db, "x.xlsx", out.getvalue())
    assert any("kolom wajib tidak ada" in p for p in problems)
    monkeypatch.setattr(berkas, "BATAS_UKURAN", 10)
    assert any("melebihi batas" in p for p in _problems(db, "besar.xlsx", out.getvalue()))


def test_csv_sheet_import(db):
    csv = "Kecamatan,Indikator (kode atau nama),Tahun,Periode (Tahunan/TW1–TW4/S1/S2),Realisasi (angka, dalam satuan indikator)\n"
    csv = csv.replace("Realisasi (angka, dalam satuan indikator)", '"Realisasi (angka, dalam satuan indikator)"')
    csv += 'Kota Bangun,KB-IKU3,2024,Tahunan,"12,5"\n'
    plan = _plan(db, "realisasi.csv", csv.encode("utf-8"))
    assert plan.perubahan()["baru"].tolist() == ["12,50"]


def test_a_failed_write_leaves_the_database_as_it_was(db, monkeypatch):
    plan = _plan(db, "a.xlsx", _workbook(db, "realisasi", [["Bontang Barat", "BB-IKU1", 2025, "TW1", 95]]))
    before = db.read_bytes()

    def boom(repo, kecamatan=None):
        raise RuntimeError("gagal di tengah")

    monkeypatch.setattr(tulis, "refresh_derived", boom)
    with pytest.raises(RuntimeError):
        terapkan(db, plan)
    assert db.read_bytes() == before
    assert not list(db.parent.glob("*.impor-*"))


def test_an_import_recomputes_its_kecamatan_exactly_as_a_full_refresh(db, tmp_path):
    from lkjip.db.derive import TABEL_HITUNG, refresh_derived

    rows = [["Bontang Barat", "BB-IKU1", 2024, "Tahunan", "90,00", "koreksi"]]  # changes a capaian and a finding
    terapkan(db, _plan(db, "koreksi.xlsx", _workbook(db, "realisasi", rows)))
    full = tmp_path / "penuh.duckdb"
    shutil.copy(db, full)
    repo = Repository.open(full, read_only=False)
    try:
        with repo.transaction():
            refresh_derived(repo)  # every kecamatan
        expected = {t: repo.con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in TABEL_HITUNG}
    finally:
        repo.close()
    repo = Repository.open(db)
    try:
        for t in TABEL_HITUNG:
            assert repo.con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() == expected[t], t
        cap = repo.fetch("capaian", kecamatan="Bontang Barat", tahun=2024)
        cap = cap[cap["periode"] == "Tahunan"].set_index("indikator_id")
    finally:
        repo.close()
    assert cap.at["BB-IKU1", "realisasi"] == 90.0 and cap.at["BB-IKU1", "sumber_dokumen"] == "koreksi.xlsx"


def _writer(db: str, data: bytes, name: str) -> None:
    path = Path(db)
    repo = Repository.open(path)
    plan = periksa(repo, name, data)
    repo.close()
    terapkan(path, plan)


def test_two_writers_at_once_lose_nothing(db):
    a = _workbook(db, "realisasi", [["Bontang Barat", "BB-IKU1", 2025, "TW1", 95]])
    b = _workbook(db, "realisasi", [["Kota Bangun", "KB-IKU3", 2025, "TW1", 10]])
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_writer, args=(str(db), data, name)) for data, name in ((a, "a.xlsx"), (b, "b.xlsx"))]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
        assert p.exitcode == 0
    repo = Repository.open(db)
    cap = repo.fetch_view("v_capaian")
    repo.close()
    new = cap[(cap["tahun"] == 2025) & (cap["periode"] == "TW1")]
    assert set(new["indikator_id"]) == {"BB-IKU1", "KB-IKU3"}


def test_text_that_looks_like_a_formula_is_written_out_as_text(db):
    import csv as csvmod

    import pandas as pd

    from lkjip import laporan
    from lkjip.io.ekspor import csv_bytes, xlsx_bytes
    from lkjip.io.impor import LEMBAR

    evil = '=HYPERLINK("http://contoh.invalid","klik")'
    spec = LEMBAR["indikator"]
    values = {
        "kecamatan": "Kota Bangun",
        "indikator_id": "KB-UJI",
        "nama": evil,
        "satuan": "%",
        "arah": "naik",
        "agregasi": "nilai_akhir",
        "tingkat": "iku",
    }
    buf = io.StringIO()
    w = csvmod.writer(buf)
    w.writerow([k.label for k in spec.kolom])
    w.writerow([values.get(k.nama, "") for k in spec.kolom])
    plan = _plan(db, "indikator.csv", buf.getvalue().encode("utf-8"))
    terapkan(db, plan)

    repo = Repository.open(db)
    try:
        df = laporan.indikator(repo, "Kota Bangun")
    finally:
        repo.close()
    assert evil in df["indikator"].tolist()  # stored exactly as typed

    wb = load_workbook(io.BytesIO(xlsx_bytes(df, "indikator")))
    cells = [
        c for row in wb["indikator"].iter_rows() for c in row if isinstance(c.value, str) and "HYPERLINK" in c.value
    ]
    assert cells and all(c.data_type != "f" and c.value.startswith("'=") for c in cells)
    back = pd.read_csv(io.BytesIO(csv_bytes(df)))
    assert ("'" + evil) in back["indikator"].tolist()
    assert back.select_dtypes("number").shape[1] == df.select_dtypes("number").shape[1]  # numbers untouched

    template = load_workbook(io.BytesIO(_template(db)))
    assert all(c.data_type != "f" for row in template["_daftar"].iter_rows() for c in row)


def test_budget_sheet_amounts_parent_warning_and_serapan(db):
    rows = [
        ["Bontang Barat", 2025, "total", "", "Total belanja", "", "Rp 1.000.000.000", "", "Rp 950.000.000"],
        ["Bontang Barat", 2025, "program", "5.01", "Program Penunjang", "Total belanja", "400.000.000", "", "1.000"],
        ["Bontang Barat", 2025, "kegiatan", "5.01.01", "Administrasi Umum", "5.01", 100000000, 90000000, 95000000],
    ]
    data = _workbook(db, "anggaran", rows)
    plan = _plan(db, "anggaran_2025.xlsx", data)
    assert [o.status for o in plan.operasi] == ["baru", "baru", "baru"]
    assert plan.operasi[1].baru["realisasi"] == 1000.0  # 'Rp'-less '1.000' in a rupiah column is one thousand
    warn = [str(m) for m in plan.peringatan]
    assert len(warn) == 1 and "baris 4" in warn[0] and "melebihi pagu" in warn[0]  # 95 jt > pagu perubahan 90 jt
    terapkan(db, plan)
    repo = Repository.open(db)
    try:
        ang = repo.fetch("anggaran", kecamatan="Bontang Barat", tahun=2025).set_index("nama")
    finally:
        repo.close()
    assert ang.at["Total belanja", "serapan_persen"] == pytest.approx(95.0)
    assert ang.at["Administrasi Umum", "induk"] == "Program Penunjang"
    assert ang.at["Administrasi Umum", "sumber_dokumen"] == "anggaran_2025.xlsx"
    assert _plan(db, "anggaran_2025.xlsx", data).ada_perubahan is False  # the same file twice changes nothing


def test_budget_sheet_rejects_negative_amounts_unknown_parent_and_years_a_report_covers(db):
    rows = [
        ["Bontang Barat", 2025, "total", "", "Total", "", "-5000000", "", ""],
        ["Bontang Barat", 2025, "program", "", "Program X", "Program Y", "1000", "", ""],
        ["Bontang Barat", 2024, "total", "", "Total", "", "1000", "", ""],
    ]
    problems = _problems(db, "anggaran.xlsx", _workbook(db, "anggaran", rows))
    text = "\n".join(problems)
    assert "baris 2" in text and "negatif" in text
    assert "baris 3" in text and "induk 'Program Y' tidak ada" in text
    assert "baris 4" in text and "sudah ada dari dokumen" in text


def _sheets(db: Path, sheets: dict[str, list[list]]) -> bytes:
    wb = load_workbook(io.BytesIO(_template(db)))
    for sheet, rows in sheets.items():
        for r in rows:
            wb[sheet].append(r)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_cash_plan_sheet_per_quarter_for_budget_lines_of_the_file_or_imported_before(db):
    budget = [
        ["Bontang Barat", 2025, "total", "", "Total belanja", "", "Rp 1.000.000.000", "", ""],
        ["Bontang Barat", 2025, "program", "5.01", "Program Penunjang", "Total belanja", "400.000.000", "", ""],
    ]
    kas = [["Bontang Barat", 2025, "5.01", tw, "100.000.000", "Rp 90.000.000" if tw == 1 else ""] for tw in (1, 2, 3)]
    plan = _plan(db, "kas_2025.xlsx", _sheets(db, {"anggaran": budget, "anggaran_kas": kas}))
    assert [o.kunci for o in plan.operasi if o.tabel == "anggaran_kas"] == [
        "Bontang Barat 2025 5.01 TW1",
        "Bontang Barat 2025 5.01 TW2",
        "Bontang Barat 2025 5.01 TW3",
    ]
    assert not plan.peringatan
    terapkan(db, plan)
    # a later file gives TW4 for a line imported before (by name); 300 jt before + 150 jt > pagu 400 jt
    later = [["Bontang Barat", 2025, "Program Penunjang", 4, "150.000.000", ""]]
    plan = _plan(db, "kas_tw4.xlsx", _sheets(db, {"anggaran_kas": later}))
    warn = [str(m) for m in plan.peringatan]
    assert len(warn) == 1 and "anggaran_kas baris 2" in warn[0] and "melebihi pagu Rp 400.000.000" in warn[0]
    terapkan(db, plan)
    repo = Repository.open(db)
    try:
        kas_db = repo.fetch("anggaran_kas", kecamatan="Bontang Barat", tahun=2025)
        temuan = repo.fetch("temuan", kecamatan=None)
    finally:
        repo.close()
    assert kas_db["triwulan"].tolist() == [1, 2, 3, 4]
    assert kas_db["rencana"].sum() == 450_000_000 and kas_db.loc[0, "realisasi"] == 90_000_000
    assert set(kas_db["nama"]) == {"Program Penunjang"}
    # the saved plan is checked like a report's: its quarters against the line's pagu
    assert any(t.startswith("Anggaran Rp 400.000.000, jumlah TW1–TW4 Rp 450.000.000") for t in temuan["pesan"])


def test_cash_plan_sheet_rejects_unknown_lines_quarters_and_years_a_report_covers(db):
    budget = [["Bontang Barat", 2025, "total", "", "Total belanja", "", "Rp 1.000.000.000", "", ""]]
    kas = [
        ["Bontang Barat", 2025, "Total belanj", 1, "100", ""],
        ["Bontang Barat", 2025, "Total belanja", 5, "100", ""],
        ["Bontang Barat", 2025, "Total belanja", 2, "-100", ""],
        ["Bontang Barat", 2024, "Total belanja", 1, "100", ""],
        ["Bontang Barat", 2025, "Total belanja", 3, "100", ""],
        ["Bontang Barat", 2025, "Total belanja", 3, "200", ""],
    ]
    text = "\n".join(_problems(db, "kas.xlsx", _sheets(db, {"anggaran": budget, "anggaran_kas": kas})))
    assert "anggaran_kas baris 2" in text and "pos 'Total belanj' tidak ada" in text and "'Total belanja'?" in text
    assert "anggaran_kas baris 3" in text and "'5' tidak dikenal; pilihan: 1, 2, 3, 4" in text
    assert "anggaran_kas baris 4" in text and "negatif" in text
    assert "anggaran_kas baris 5" in text and "sudah ada dari dokumen" in text
    assert "anggaran_kas baris 7" in text


def test_sakip_sheet_gives_the_predikat_and_rejects_bad_scores(db):
    ok = [
        ["Bantargebang", 2025, "Perencanaan Kinerja", "30", "24,10", ""],
        ["Bantargebang", 2025, "Total", "", "81,50", "A"],
    ]
    plan = _plan(db, "sakip_2025.xlsx", _workbook(db, "evaluasi_sakip", ok))
    terapkan(db, plan)
    repo = Repository.open(db)
    try:
        e = repo.fetch("evaluasi_sakip", kecamatan="Bantargebang")
    finally:
        repo.close()
    total = e[(e["tahun_dinilai"] == 2025) & (e["komponen"] == "Total")].iloc[0]
    assert total["nilai"] == pytest.approx(81.5) and total["predikat"] == "A"
    assert total["sumber_dokumen"] == "sakip_2025.xlsx"

    bad = [
        ["Bantargebang", 2026, "Pelaporan Kinerja", "15", "16", ""],
        ["Bantargebang", 2026, "Total", "", "101", ""],
        ["Bantargebang", 2024, "Total", "", "75", ""],
    ]
    text = "\n".join(_problems(db, "sakip.xlsx", _workbook(db, "evaluasi_sakip", bad)))
    assert "baris 2" in text and "melebihi bobot 15" in text
    assert "baris 3" in text and "di luar 0–100" in text
    assert "baris 4" in text and "sudah ada dari dokumen" in text


# ---------------------------------------------------------------- a plan made on a stale database
def _realisasi(db: Path, name: str, rows: list[list]):
    return _plan(db, name, _workbook(db, "realisasi", rows))


def test_a_plan_made_before_someone_else_saved_the_same_row_is_refused_and_nothing_is_written(db):
    first = _realisasi(db, "a.xlsx", [["Bontang Barat", "BB-IKU1", 2025, "TW1", "95,10"]])
    second = _realisasi(db, "b.xlsx", [["Bontang Barat", "BB-IKU1", 2025, "TW1", "96"]])  # made on the same database
    other_row = _realisasi(db, "c.xlsx", [["Bontang Barat", "BB-IKU2", 2025, "TW1", "80"]])
    assert terapkan(db, first, pengguna="Siti") == 1
    before = db.read_bytes()
    with pytest.raises(DataBerubahError) as info:
        terapkan(db, second, pengguna="Budi")
    assert db.read_bytes() == before  # byte for byte: nothing written, no second audit entry
    assert not list(db.parent.glob("*.tulis-*"))
    pesan = str(info.value)
    assert pesan.startswith("Tidak disimpan: Data berubah sejak dibuka: ")
    assert (
        "Realisasi Nilai Survey Kepuasan Masyarakat (SKM) (BB-IKU1) 2025 TW1: kini tersimpan 95,10 (saat dibuka belum ada)"
        in (pesan)
    )
    # a plan of the same age for a row nobody changed is written
    assert terapkan(db, other_row) == 1


def test_a_changed_row_is_refused_with_the_value_stored_now_and_the_value_the_plan_saw(db):
    terapkan(db, _realisasi(db, "a.xlsx", [["Bontang Barat", "BB-IKU1", 2025, "TW1", "95,10"]]))
    one = _realisasi(db, "b.xlsx", [["Bontang Barat", "BB-IKU1", 2025, "TW1", "97"]])
    two = _realisasi(db, "c.xlsx", [["Bontang Barat", "BB-IKU1", 2025, "TW1", "98,5"]])
    terapkan(db, one)
    before = db.read_bytes()
    with pytest.raises(DataBerubahError, match=r"BB-IKU1\) 2025 TW1: kini 97,00 \(saat dibuka 95,10\)"):
        terapkan(db, two)
    assert db.read_bytes() == before


def test_a_stale_budget_plan_names_the_line_and_the_rupiah_stored_now(db):
    line = ["Bontang Barat", 2025, "total", "", "Total belanja", "", "Rp 1.000.000.000", "", ""]
    first = _plan(db, "a.xlsx", _workbook(db, "anggaran", [line]))
    second = _plan(db, "b.xlsx", _workbook(db, "anggaran", [line[:6] + ["Rp 2.000.000.000", "", ""]]))
    terapkan(db, first)
    before = db.read_bytes()
    with pytest.raises(DataBerubahError) as info:
        terapkan(db, second)
    assert db.read_bytes() == before
    assert "Anggaran Bontang Barat 2025 Total belanja: kini tersimpan pagu murni Rp 1.000.000.000" in info.value.pesan


def test_the_command_line_refuses_a_stale_plan_with_exit_code_2(db, tmp_path, monkeypatch, capsys):
    from lkjip.__main__ import main

    data = _workbook(db, "realisasi", [["Bontang Barat", "BB-IKU1", 2025, "TW1", "96"]])
    stale = _plan(db, "b.xlsx", data)
    terapkan(db, _realisasi(db, "a.xlsx", [["Bontang Barat", "BB-IKU1", 2025, "TW1", "95,10"]]))
    path = tmp_path / "b.xlsx"
    path.write_bytes(data)
    # the plan was checked before the other import landed (between the check and the write)
    monkeypatch.setattr(impor, "periksa", lambda repo, nama, data: stale)
    before = db.read_bytes()
    assert main(["import", str(path), "--db", str(db), "--yes"]) == 2
    err = capsys.readouterr().err
    assert (
        "Tidak disimpan: Data berubah sejak dibuka: " in err
        and "kini tersimpan 95,10" in err
        and "Traceback" not in err
    )
    assert db.read_bytes() == before


def _form(db: Path, periode: str = "TW1"):
    from lkjip import laporan

    repo = Repository.open(db)
    try:
        return laporan.lembar_entri(repo, "Bontang Barat", 2024, periode), impor.Tersimpan.potret(repo, ("realisasi",))
    finally:
        repo.close()


def _capaian(db: Path):
    repo = Repository.open(db)
    try:
        cap = repo.fetch("capaian", kecamatan="Bontang Barat", tahun=2024)
    finally:
        repo.close()
    return cap[cap["periode"] == "TW1"].set_index("indikator_id")


def test_saving_one_value_of_a_partly_filled_period_leaves_every_other_row_as_it_was(db):
    import pandas as pd

    dibuka, tersimpan = _form(db)
    assert dibuka["realisasi"].isna().sum() >= 2 and dibuka["realisasi"].notna().any()  # partly filled
    before = _capaian(db)
    isi = dibuka.copy()
    # empty cells come back from the editor as None, NaN, pd.NA or blanks: all mean "not yet"
    empty = iter([None, float("nan"), pd.NA, "  "])
    isi["realisasi"] = [v if v is not None else next(empty) for v in dibuka["realisasi"]]
    assert impor.isian_formulir(dibuka, isi, kecamatan="Bontang Barat", tahun=2024, periode="TW1") == []
    isi.loc[0, "realisasi"] = "95,10"  # BB-IKU1, empty until now
    rows = impor.isian_formulir(dibuka, isi, kecamatan="Bontang Barat", tahun=2024, periode="TW1")
    assert rows == [
        {"kecamatan": "Bontang Barat", "indikator": "BB-IKU1", "tahun": 2024, "periode": "TW1", "realisasi": "95,10"}
    ]
    repo = Repository.open(db)
    try:
        plan = impor.periksa_lembar(
            repo,
            "Formulir Bontang Barat 2024 TW1",
            impor.formulir_ke_lembar("realisasi", rows),
            "x",
            tersimpan=tersimpan,
        )
    finally:
        repo.close()
    assert plan.perubahan()[["kunci", "lama", "baru", "status"]].values.tolist() == [
        ["BB-IKU1 2024 TW1", "–", "95,10", "baru"]
    ]
    assert terapkan(db, plan, pengguna="Siti") == 1
    after = _capaian(db)
    assert after.at["BB-IKU1", "realisasi"] == 95.1
    rest = [i for i in before.index if i != "BB-IKU1"]
    assert after.loc[rest, "realisasi"].equals(before.loc[rest, "realisasi"])  # nothing else changed or deleted
    assert _form(db)[0].set_index("indikator_id").at["BB-IKU1", "realisasi"] == "95,1"  # the form shows it now


def test_a_form_opened_before_another_save_is_refused_even_when_its_plan_is_made_after(db):
    dibuka, tersimpan = _form(db)  # the form is opened
    terapkan(db, _realisasi(db, "lain.xlsx", [["Bontang Barat", "BB-IKU1", 2024, "TW1", "90"]]))  # someone imports
    isi = dibuka.copy()
    isi.loc[0, "realisasi"] = "95,10"
    rows = impor.isian_formulir(dibuka, isi, kecamatan="Bontang Barat", tahun=2024, periode="TW1")
    repo = Repository.open(db)
    try:
        plan = impor.periksa_lembar(
            repo, "Formulir", impor.formulir_ke_lembar("realisasi", rows), "x", tersimpan=tersimpan
        )
    finally:
        repo.close()
    before = db.read_bytes()
    with pytest.raises(DataBerubahError, match=r"kini tersimpan 90,00 \(saat dibuka belum ada\)"):
        terapkan(db, plan)
    assert db.read_bytes() == before


# ---------------------------------------------------------------- what the preview and the change log show
def test_the_preview_shows_sheets_columns_and_numbers_as_a_person_reads_them(db):
    rows = [["Bontang Barat", 2025, "program", "5.01", "Program Penunjang", "", "400.000.000", "", "1.250.000,50"]]
    plan = _plan(db, "anggaran.xlsx", _workbook(db, "anggaran", rows))
    assert plan.ringkasan().values.tolist() == [["Anggaran", 1, 0, 0]]
    assert plan.perubahan()[["tabel", "kolom", "lama", "baru", "status"]].values.tolist() == [
        ["Anggaran", "Pagu murni", "–", "Rp 400.000.000", "baru"],
        ["Anggaran", "Pagu perubahan", "–", "–", "baru"],
        ["Anggaran", "Realisasi", "–", "Rp 1.250.000,50", "baru"],
    ]
    assert set(impor.LABEL_PRATINJAU) >= set(plan.ringkasan().columns) | set(plan.perubahan().columns)


def test_the_change_log_shows_the_stored_text_in_indonesian_format_and_keeps_it_exact(db):
    terapkan(db, _realisasi(db, "a.xlsx", [["Bontang Barat", "BB-IKU1", 2025, "TW1", "93,1"]]), pengguna=None)
    rows = [["Bontang Barat", 2025, "program", "5.01", "Program Penunjang", "", "1.000.000", "", ""]]
    terapkan(db, _plan(db, "anggaran.xlsx", _workbook(db, "anggaran", rows)), pengguna="Siti")
    repo = Repository.open(db)
    try:
        log = repo.fetch_view("v_audit")
    finally:
        repo.close()
    stored = dict(zip(log["kolom"] + "@" + log["tabel"], log["nilai_baru"], strict=True))
    assert stored["nilai@realisasi"] == "93.1" and stored["pagu_murni@anggaran"] == "1000000"  # machine-exact
    shown = impor.log_tampilan(log, semua=True)
    by = {(t, k): v for t, k, v in zip(shown["tabel"], shown["kolom"], shown["nilai_baru"], strict=True)}
    assert by[("Realisasi", "Nilai")] == "93,10" and by[("Realisasi", "Nilai tercetak")] == "93,10"
    assert by[("Anggaran", "Pagu murni")] == "Rp 1.000.000" and by[("Anggaran", "Kode")] == "5.01"
    assert by[("Realisasi", "Tahun")] == "2025" and by[("Realisasi", "Nilai utama")] == "ya"
    assert by[("Anggaran", "Kode pos")] == "5.01"  # not the internal id impor:Bontang Barat:2025:5.01
    # by default only the values a preview shows
    brief = impor.log_tampilan(log)
    assert sorted(brief[["tabel", "kolom", "nilai_baru"]].values.tolist()) == [
        ["Anggaran", "Pagu murni", "Rp 1.000.000"],
        ["Anggaran", "Pagu perubahan", "–"],
        ["Anggaran", "Realisasi", "–"],
        ["Realisasi", "Nilai", "93,10"],
    ]
    text = shown.to_string()
    assert not any(raw in text for raw in ("None", "nan", "<NA>", "pagu_murni", "indikator_id", "True"))
    assert set(shown.columns) <= set(impor.LABEL_PRATINJAU) | {"tabel", "kunci", "kolom"}
