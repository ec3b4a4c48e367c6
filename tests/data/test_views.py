"""The public views, built fresh from data/: contract (columns, types), keys, sources, headline numbers."""

from __future__ import annotations

import pandera.pandas as pa
import pytest

from lkjip.config import REPO_ROOT
from lkjip.db.queries import PUBLIC_VIEWS

SEEDS = REPO_ROOT.parent / "shared" / "seeds"
BB_2024 = "000_f32673b935728d82.txt"
PERIODE = ["Tahunan", "TW1", "TW2", "TW3", "TW4", "S1", "S2"]
SOURCE = {"sumber_dokumen": pa.Column(str), "sumber_tabel": pa.Column(str)}


@pytest.fixture
def repo(repo_dua_mesin):  # type: ignore[no-untyped-def]
    """Every test here on both back ends (issue 18): the embedded file, and the read model built from PostgreSQL."""
    return repo_dua_mesin


CONTRACT = {
    "v_capaian": pa.DataFrameSchema(
        {
            "kecamatan": pa.Column(str),
            "kab_kota": pa.Column(str),
            "provinsi": pa.Column(str),
            "tahun": pa.Column("int32"),
            "periode": pa.Column(str, pa.Check.isin(PERIODE)),
            "sasaran": pa.Column(str, nullable=True),
            "indikator": pa.Column(str),
            "satuan": pa.Column(str),
            "arah": pa.Column(str, pa.Check.isin(["naik", "turun"])),
            "target": pa.Column(float, nullable=True),
            "target_teks": pa.Column(str, nullable=True),
            "realisasi": pa.Column(float, nullable=True),
            "realisasi_teks": pa.Column(str, nullable=True),
            "capaian_persen": pa.Column(float, nullable=True),
            "capaian_dilaporkan": pa.Column(float, nullable=True),
            "kategori": pa.Column(str, nullable=True),
            **SOURCE,
        },
        unique=["kecamatan", "tahun", "periode", "indikator"],
    ),
    "v_laporan_nilai": pa.DataFrameSchema(
        {"kecamatan": pa.Column(str), "tahun": pa.Column("int32"), "nilai": pa.Column(float, nullable=True), **SOURCE}
    ),
    "v_skm": pa.DataFrameSchema(
        {
            "kecamatan": pa.Column(str),
            "tahun": pa.Column("int32"),
            "periode": pa.Column(str, pa.Check.isin(PERIODE)),
            "responden": pa.Column(nullable=True),
            "ikm_dilaporkan": pa.Column(float, nullable=True),
            "ikm_dihitung": pa.Column(float, nullable=True),
            "mutu": pa.Column(str, nullable=True),
            **SOURCE,
        }
    ),
    "v_skm_unsur": pa.DataFrameSchema(
        {
            "kecamatan": pa.Column(str),
            "tahun": pa.Column("int32"),
            "periode": pa.Column(str),
            "unsur_kode": pa.Column(str, pa.Check.isin([f"U{i}" for i in range(1, 10)])),
            "unsur_nama": pa.Column(str),
            "nrr": pa.Column(float, nullable=True),
            "ikm_unsur": pa.Column(float, nullable=True),
            "mutu": pa.Column(str, nullable=True),
            **SOURCE,
        }
    ),
    "v_anggaran": pa.DataFrameSchema(
        {
            "kecamatan": pa.Column(str),
            "tahun": pa.Column("int32"),
            "level": pa.Column(
                str, pa.Check.isin(["total", "jenis_belanja", "sasaran", "program", "kegiatan", "sub_kegiatan"])
            ),
            "nama": pa.Column(str),
            "induk": pa.Column(str, nullable=True),
            "pagu_murni": pa.Column(float, nullable=True),
            "pagu_perubahan": pa.Column(float, nullable=True),
            "realisasi": pa.Column(float, nullable=True),
            "serapan_persen": pa.Column(float, nullable=True),
            **SOURCE,
            # the table each value came from: null exactly where the value is
            "sumber_pagu_murni": pa.Column(str, nullable=True),
            "sumber_pagu_perubahan": pa.Column(str, nullable=True),
            "sumber_realisasi": pa.Column(str, nullable=True),
        },
        checks=[
            pa.Check(lambda d: d["pagu_murni"].isna() == d["sumber_pagu_murni"].isna()),
            pa.Check(lambda d: d["pagu_perubahan"].isna() == d["sumber_pagu_perubahan"].isna()),
            pa.Check(lambda d: d["realisasi"].isna() == d["sumber_realisasi"].isna()),
        ],
    ),
    "v_anggaran_triwulan": pa.DataFrameSchema(
        {
            "kecamatan": pa.Column(str),
            "tahun": pa.Column("int32"),
            "level": pa.Column(str, pa.Check.isin(["total", "program", "kegiatan", "sub_kegiatan"])),
            "induk_id": pa.Column(str, nullable=True),
            "nama": pa.Column(str),
            "triwulan": pa.Column("int32"),
            "rencana": pa.Column(float, nullable=True),
            "realisasi": pa.Column(float, nullable=True),
            **SOURCE,
        }
    ),
    "v_evaluasi_sakip": pa.DataFrameSchema(
        {
            "kecamatan": pa.Column(str),
            "tahun_dinilai": pa.Column("int32"),
            "komponen": pa.Column(str),
            "bobot": pa.Column(float, nullable=True),
            "nilai": pa.Column(float, nullable=True),
            "predikat": pa.Column(str, nullable=True),
            **SOURCE,
        }
    ),
    "v_pembanding": pa.DataFrameSchema(
        {
            "kecamatan": pa.Column(str),
            "tahun": pa.Column("int32"),
            "pembanding": pa.Column(str),
            "indikator": pa.Column(str),
            "nilai": pa.Column(float, nullable=True),
            **SOURCE,
        }
    ),
}


@pytest.mark.parametrize("view", sorted(CONTRACT))
def test_view_honours_its_contract(repo, view):
    df = repo.fetch_view(view)
    assert set(CONTRACT[view].columns) <= set(df.columns)
    if not df.empty:  # an empty result has no string dtype to check (filled by the data issue)
        CONTRACT[view].validate(df, lazy=True)


@pytest.mark.parametrize("view", PUBLIC_VIEWS)
def test_every_row_cites_its_source(repo, view):
    df = repo.fetch_view(view)
    if "sumber_dokumen" in df.columns:
        assert df["sumber_dokumen"].notna().all() and (df["sumber_dokumen"] != "").all()
        assert df["sumber_tabel"].notna().all() and (df["sumber_tabel"] != "").all()


def test_every_cited_document_is_registered(repo):
    known = set(repo.fetch_view("v_dokumen")["dokumen_id"])
    for view in PUBLIC_VIEWS:
        df = repo.fetch_view(view)
        if "sumber_dokumen" in df.columns:
            assert set(df["sumber_dokumen"]) <= known, view


def _row(df, **match):
    for k, v in match.items():
        df = df[df[k] == v]
    assert len(df) == 1, match
    return df.iloc[0]


def test_bontang_barat_2024_skm_as_printed(repo):
    cap = repo.fetch_view("v_capaian")
    r = _row(
        cap,
        kecamatan="Bontang Barat",
        tahun=2024,
        periode="Tahunan",
        indikator="Nilai Survey Kepuasan Masyarakat (SKM)",
    )
    assert (r["target"], r["realisasi"], r["capaian_dilaporkan"]) == (92.7, 94.75, 102.21)
    assert round(r["capaian_persen"], 2) == 102.21
    assert r["kategori"] == "Sangat Tinggi"
    assert r["sumber_dokumen"] == BB_2024 and r["sumber_tabel"].startswith("Tabel 11")


def test_bontang_barat_budget_and_repaired_ocr_total(repo):
    ang = repo.fetch_view("v_anggaran")
    total = _row(ang, kecamatan="Bontang Barat", tahun=2024, level="total")
    assert total["pagu_murni"] == 53_161_664_873
    # printed "Rp.1.743.309.547,00": repaired from pagu − sisa; the printed text is kept
    assert total["realisasi"] == 51_743_309_547
    assert "1.743.309.547" in total["perbaikan"]
    s1 = _row(
        ang,
        kecamatan="Bontang Barat",
        tahun=2024,
        level="sasaran",
        nama="Meningkatnya kualitas pelayanan masyarakat Kecamatan Bontang Barat",
    )
    assert round(s1["serapan_persen"], 2) == s1["serapan_dilaporkan"] == 96.47


def test_a_budget_value_the_row_in_use_leaves_empty_comes_from_the_table_that_prints_it(repo):
    """Kota Bangun 2023's total: Bab III (the row in use) prints the revised pagu and the realisation, not the pagu
    murni that Tabel 2.6, 2.7 and 2.8 print; each value is chosen on its own and says which table it came from."""
    total = _row(repo.fetch_view("v_anggaran"), kecamatan="Kota Bangun", tahun=2023, level="total")
    assert total["pagu_murni"] == 31_824_349_565
    assert total["sumber_pagu_murni"].startswith("Tabel 2.6.")
    assert total["pagu_perubahan"] == 54_401_966_922
    assert total["sumber_pagu_perubahan"] == total["sumber_tabel"] == "Narasi, Bab III B Realisasi Anggaran"


def test_the_cash_plan_says_the_level_of_each_line_so_a_quarter_is_not_counted_twice(repo):
    """Bantargebang 2024's cash plan (Tabel 2.4) holds its TOTAL row beside the sub kegiatan: summed over the sub
    kegiatan, each quarter is the total row's quarter."""
    kas = repo.fetch_view("v_anggaran_triwulan")
    kas = kas[(kas["kecamatan"] == "Bantargebang") & (kas["tahun"] == 2024)]
    assert set(kas["level"]) == {"total", "sub_kegiatan"}
    per_level = kas.groupby(["triwulan", "level"])["rencana"].sum().unstack()
    assert (per_level["total"] - per_level["sub_kegiatan"]).abs().max() < 1
    assert kas.loc[kas["level"] == "sub_kegiatan", "induk_id"].notna().all()


def test_bontang_barat_sakip_scores(repo):
    sakip = repo.fetch_view("v_evaluasi_sakip")
    total = sakip[(sakip["kecamatan"] == "Bontang Barat") & (sakip["komponen"] == "Total")].set_index("tahun_dinilai")
    assert total.loc[2022, "nilai"] == 77.83 and total.loc[2023, "nilai"] == 78.65
    assert set(total["predikat"]) == {"BB"}


def test_empty_quarters_are_explicit(repo):
    cap = repo.fetch_view("v_capaian")
    tw1 = _row(
        cap, kecamatan="Bontang Barat", tahun=2024, periode="TW1", indikator="Nilai Survey Kepuasan Masyarakat (SKM)"
    )
    assert tw1["realisasi"] != tw1["realisasi"]  # NaN
    assert "sel kosong" in tw1["alasan"]


def test_unreadable_renstra_target_is_explained(repo):
    cap = repo.fetch_view("v_capaian")
    r = _row(
        cap,
        kecamatan="Bontang Barat",
        tahun=2023,
        periode="Tahunan",
        indikator="Nilai Survey Kepuasan Masyarakat (SKM)",
    )
    assert r["realisasi"] == 92.60 and r["capaian_persen"] != r["capaian_persen"]
    assert "tidak terbaca" in r["alasan"]


def test_laporan_nilai_keeps_both_values_of_a_contradiction(repo):
    df = repo.fetch_view("v_laporan_nilai")
    sakip_2022 = df[
        (df["ranah"] == "evaluasi_sakip") & (df["tahun"] == 2022) & (df["subjek"] == "Evaluasi SAKIP: Total")
    ]
    assert sorted(sakip_2022["nilai"]) == [77.83, 78.65]


@pytest.mark.skipif(not SEEDS.exists(), reason="shared/seeds tidak ada di samping repo")
@pytest.mark.parametrize(
    "printed",
    [
        "Nilai 92,7 94,75 102,21",  # Tabel 11
        "86,28 92,60 94,75 2,32%",  # Tabel 13
        "Nilai 94,75 92,90 101,99",  # Tabel 14
        "29,431,660,181 28,392,221,833 96,47 5,74",  # Tabel 15
        "Nilai hasil evaluasi 100 77,83 78,65",  # Tabel 9
        "Rp.1.743.309.547,00",  # the damaged total realisation
        "53.161.664.873,00",
    ],
)
def test_headline_numbers_are_in_the_document(printed):
    assert printed in (SEEDS / BB_2024).read_text(encoding="utf-8")


def test_check_finds_the_known_sakip_contradiction(repo):
    from lkjip.db.derive import temuan

    df = temuan(repo)
    hit = df[(df["jenis"].str.startswith("Fakta sama")) & (df["tahun"] == 2022) & (df["kecamatan"] == "Bontang Barat")]
    assert set(hit["nilai_dilaporkan"]) == {"78,65"} and set(hit["nilai_dihitung"]) == {"77,83"}
    assert hit.iloc[0]["sumber_tabel"].startswith("Narasi")


# ---------------------------------------------------------------- Bantargebang 2024 (003_8f6a8a44a28734a9.txt)
BG = "003_8f6a8a44a28734a9.txt"


def test_bantargebang_ikm_2024_missed_its_target(repo):
    cap = repo.fetch_view("v_capaian")
    r = _row(
        cap,
        kecamatan="Bantargebang",
        tahun=2024,
        periode="Tahunan",
        indikator="Indeks Kepuasan Masyarakat Terhadap Layanan Publik",
    )
    assert (r["target"], r["realisasi"], r["capaian_dilaporkan"]) == (83, 81.18, 97.8)
    assert round(r["capaian_persen"], 1) == 97.8


def test_bantargebang_unsur_are_mapped_by_name_not_position(repo):
    unsur = repo.fetch_view("v_skm_unsur")
    s1 = unsur[(unsur["kecamatan"] == "Bantargebang") & (unsur["periode"] == "S1")].set_index("unsur_kode")
    assert len(s1) == 9
    # the report prints Sarana dan prasarana as its 'U8' (3,110) and Pengaduan as its 'U9' (3,082)
    assert s1.loc["U9", "nrr"] == 3.110 and s1.loc["U9", "unsur_nama"] == "Sarana dan prasarana"
    assert s1.loc["U8", "nrr"] == 3.082
    tw4 = unsur[(unsur["kecamatan"] == "Bantargebang") & (unsur["periode"] == "TW4")].set_index("unsur_kode")
    assert tw4["ikm_unsur"].idxmin() == "U2" and tw4.loc["U2", "mutu"] == "C"


def test_bantargebang_ikm_recomputed_from_nrr(repo):
    skm = repo.fetch_view("v_skm")
    bg = skm[(skm["kecamatan"] == "Bantargebang") & (skm["tahun"] == 2024)].set_index("periode")
    assert round(bg.loc["S1", "ikm_dihitung"], 2) == bg.loc["S1", "ikm_dilaporkan"] == 80.88
    assert round(bg.loc["TW3", "ikm_dihitung"], 2) == bg.loc["TW3", "ikm_dilaporkan"] == 80.96
    assert round(bg.loc["TW4", "ikm_dihitung"]) == bg.loc["TW4", "ikm_dilaporkan"] == 82
    assert "rata-rata" in bg.loc["Tahunan", "cara_bentuk"].lower()


def test_bantargebang_budget_and_cash_plan(repo):
    ang = repo.fetch_view("v_anggaran")
    total = _row(ang, kecamatan="Bantargebang", level="total")
    assert (total["pagu_murni"], total["pagu_perubahan"], total["realisasi"]) == (
        23_009_396_760,
        23_459_734_760,
        22_297_765_191,
    )
    assert round(total["serapan_persen"], 2) == 95.05
    kas = repo.fetch_view("v_anggaran_triwulan")
    kas = kas[(kas["kecamatan"] == "Bantargebang") & (kas["nama"] != "TOTAL")]
    assert kas["anggaran_id"].nunique() == 40
    assert kas.groupby("triwulan")["rencana"].sum().round(2).tolist() == [
        4_828_654_346,
        8_000_872_213,
        5_709_442_055,
        4_920_766_146,
    ]


@pytest.mark.skipif(not SEEDS.exists(), reason="shared/seeds tidak ada di samping repo")
@pytest.mark.parametrize(
    "printed",
    [
        "Nilai\t83\t81.18\t97.8%",  # Tabel 3.1
        "Nilai Rata-Rata (NRR)\t3,144\t3,150\t3,099\t4,000\t3,142\t3,169\t3,220\t3,110\t3,082",  # Tabel 3.3
        "8. **Sarana dan prasarana**",  # the report's own unsur order
        "pagu anggaran sebesar Rp. 5.654.327.020",
        "Total\t\t23,009,396,760\t23,459,734,760\t22,297,765,191\t95,05",  # Tabel 3.21 (pagu)
        "Realisasi\tPersen (%)\t40\t58",  # Tabel 3.21 (zona tertib)
    ],
)
def test_bantargebang_headline_numbers_are_in_the_document(printed):
    assert printed in (SEEDS / BG).read_text(encoding="utf-8")


def test_check_finds_bantargebang_contradictions(repo):
    from lkjip.db.derive import temuan

    df = temuan(repo)
    bg = df[df["kecamatan"] == "Bantargebang"]
    pairs = set(zip(bg["nilai_dilaporkan"], bg["nilai_dihitung"], strict=True))
    assert ("Rp 5.654.327.020", "Rp 5.824.015.200") in pairs  # narrative 'pagu' is the realisasi sum
    assert ("100,00%", "86,96%") in pairs  # "serapan ... 100 persen"
    assert ("103,09%", "103,91%") in pairs  # Bekasi Utara AKIP comparison
    assert ("75,00", "40,00") in pairs  # wilayah tertib 2023 / target 2024


# ---------------------------------------------------------------- Kota Bangun 2023 (001_4559f962de0788cc.txt)
KB = "001_4559f962de0788cc.txt"


def test_kota_bangun_stunting_is_lower_is_better(repo):
    cap = repo.fetch_view("v_capaian")
    r = _row(cap, kecamatan="Kota Bangun", tahun=2023, periode="Tahunan", indikator="Penurunan Prevalensi stunting")
    assert (r["target"], r["realisasi"], r["arah"]) == (16.5, 12.6, "turun")
    # the report prints 76,36 (realisasi / target); below the ceiling is better: (2×16,5 − 12,6) / 16,5
    assert r["capaian_dilaporkan"] == 76.36 and round(r["capaian_persen"], 2) == 123.64


def test_kota_bangun_ikm_and_unsur(repo):
    skm = repo.fetch_view("v_skm")
    r = _row(skm, kecamatan="Kota Bangun", tahun=2023, periode="Tahunan")
    assert r["ikm_dilaporkan"] == 83.514 and r["responden"] == 567
    assert round(r["ikm_dihitung"], 2) == 83.44  # from NRR printed with two decimals
    unsur = repo.fetch_view("v_skm_unsur")
    kb = unsur[(unsur["kecamatan"] == "Kota Bangun") & (unsur["tahun"] == 2023)].set_index("unsur_kode")
    assert (
        kb.loc["U8", "nrr"] == 3.21 and kb.loc["U9", "nrr"] == 3.45
    )  # 'Penanganan Pengaduan, sarana dan masukan' is U8
    assert kb["nrr"].idxmin() == "U3"


def test_kota_bangun_repaired_realisation_keeps_the_print(repo):
    ang = repo.fetch_view("v_anggaran")
    p2 = _row(
        ang,
        kecamatan="Kota Bangun",
        tahun=2023,
        level="program",
        nama="PROGRAM PENYELENGGARAAN PEMERINTAHAN DAN PELAYANAN PUBLIK",
    )
    assert p2["realisasi"] == 36_803_739_678 and "6,803,739,678" in p2["perbaikan"]
    assert round(p2["serapan_persen"], 2) == p2["serapan_dilaporkan"] == 96.19
    total = _row(ang, kecamatan="Kota Bangun", tahun=2023, level="total")
    assert (total["pagu_perubahan"], total["realisasi"]) == (54_401_966_922, 50_049_438_561)
    # the original pagu is printed only in other tables: the numbered tables' value, with the table named (Bab I
    # prints another, kept in v_laporan_nilai below and listed among the findings)
    assert total["pagu_murni"] == 31_824_349_565 and total["sumber_pagu_murni"].startswith("Tabel 2.6.")
    nilai = repo.fetch_view("v_laporan_nilai")
    kb = nilai[(nilai["kecamatan"] == "Kota Bangun") & (nilai["kunci"] == "KB-2023")]
    assert set(kb.loc[kb["besaran"] == "pagu_murni", "nilai"].dropna()) == {31_824_349_565, 31_404_151_565}


@pytest.mark.skipif(not SEEDS.exists(), reason="shared/seeds tidak ada di samping repo")
@pytest.mark.parametrize(
    "printed",
    [
        "| Penurunan Prevalensi stunting | Persen | 16.5 | 12.6 | 76.36 | Tinggi |",
        "| IKM per unsur | 3,21 | 3,25 | 3,20 | 3,97 | 3,23 | 3,28 | 3,24 | 3,21 | 3,45 |",
        "8. Penanganan Pengaduan, sarana dan masukan",
        "| 2 | PROGRAM PENYELENGGARAAN PEMERINTAHAN DAN PELAYANAN PUBLIK | 38,261,863,564 | 6,803,739,678 | 96.19 |",
        "| Jumlah Penduduk Tahun 2023 | 12.647 | 11.914 | 24.561 |",
        "tercatat sebanyak 37.554 orang",
    ],
)
def test_kota_bangun_headline_numbers_are_in_the_document(printed):
    assert printed in (SEEDS / KB).read_text(encoding="utf-8")


def test_check_finds_kota_bangun_contradictions(repo):
    from lkjip.db.derive import temuan

    kb = temuan(repo)
    kb = kb[kb["kecamatan"] == "Kota Bangun"]
    pairs = set(zip(kb["nilai_dilaporkan"], kb["nilai_dihitung"], strict=True))
    assert ("76,36%", "123,64%") in pairs  # stunting scored as higher-is-better
    assert ("142,86%", "105,26%") in pairs  # keluhan: 80 / 76
    assert ("3,14%", "3,91%") in pairs  # IKM change printed as points
    assert ("Tidak Efisien", "Efisien") in pairs  # the report's own efficiency rule
    assert ("24.561", "24.727") in pairs  # population table total
    assert ("B", "A") in pairs  # U4 NRR 3,97 printed as mutu B


# ---------------------------------------------------------------- Balikpapan Selatan 2021 (002_32bed7ee913a6f6b.txt)
BS = "002_32bed7ee913a6f6b.txt"


def test_balikpapan_selatan_ikm_history_and_swadaya(repo):
    cap = repo.fetch_view("v_capaian")
    bs = cap[(cap["kecamatan"] == "Balikpapan Selatan") & (cap["periode"] == "Tahunan")]
    ikm = bs[bs["indikator"] == "Indeks Kepuasan Masyarakat"].set_index("tahun")["realisasi"].to_dict()
    assert ikm == {2017: 82.25, 2018: 80.34, 2019: 77.76, 2020: 79.56, 2021: 79.79}
    sw = _row(bs, tahun=2021, indikator="Nilai Swadaya Masyarakat")
    assert (sw["target"], sw["realisasi"]) == (7_303_930_952, 16_098_130_150)
    assert round(sw["capaian_persen"], 2) == sw["capaian_dilaporkan"] == 220.40


def test_balikpapan_selatan_old_sakip_components(repo):
    sakip = repo.fetch_view("v_evaluasi_sakip")
    bs = sakip[(sakip["kecamatan"] == "Balikpapan Selatan") & (sakip["tahun_dinilai"] == 2020)].set_index("komponen")
    assert bs.loc["Capaian Kinerja", "bobot"] == 20 and bs.loc["Total", "nilai"] == 65.08
    assert bs.loc["Total", "predikat"] == bs.loc["Total", "predikat_dilaporkan"] == "B"


@pytest.mark.skipif(not SEEDS.exists(), reason="shared/seeds tidak ada di samping repo")
@pytest.mark.parametrize(
    "printed",
    [
        "Indeks Kepuasan Masyarakat\t83,16\t79,79\t95,95%\tTidak Tercapai",
        "Angka\t82,25\t80,34\t77,76\t79,56\t79,79\t0,29%",
        "Jumlah\t\t\t\t\t24.246.539.687,-\t20.644.862.642,-\t85.15%",
        "Kelurahan Sungainangka\t416.346.000,-\t81.037.253,-\t91.52",
        "<b>JUMLAH</b>\t<b>Rp 12.733.389.737</b>",
    ],
)
def test_balikpapan_selatan_headline_numbers_are_in_the_document(printed):
    assert printed in (SEEDS / BS).read_text(encoding="utf-8")


def test_check_finds_balikpapan_selatan_contradictions(repo):
    from lkjip.db.derive import temuan

    bs = temuan(repo)
    bs = bs[bs["kecamatan"] == "Balikpapan Selatan"]
    pairs = set(zip(bs["nilai_dilaporkan"], bs["nilai_dihitung"], strict=True))
    assert ("Rp 20.644.862.642", "Rp 20.644.862.632") in pairs  # Tabel 3.16 vs the rest
    assert ("Rp 18.277.290.812", "Rp 18.277.290.802") in pairs  # Tabel 3.8 total vs its programs
    assert ("Rp 5.338.939.052", "Rp 17.063.213.052") in pairs  # signed PK appendix vs Bab II C
    # the report's own scale (Tercapai / Melebihi target) is recognised, not flagged
    assert not bs["jenis"].str.startswith("Kategori").any()
