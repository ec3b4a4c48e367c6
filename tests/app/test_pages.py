"""AppTest per page: runs without exception for every kecamatan and year, and the filter changes what is shown."""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from lkjip.config import REPO_ROOT, get_settings
from lkjip.db.repository import Repository
from lkjip.laporan import daftar_kecamatan, daftar_tahun

PAGES = [
    "pages/ringkasan.py",
    "pages/target_realisasi.py",
    "pages/triwulan.py",
    "pages/skm.py",
    "pages/anggaran.py",
    "pages/benchmark.py",
    "pages/banding.py",
    "pages/kualitas_data.py",
    "pages/sumber.py",
    "pages/bahan_rapat.py",
    "pages/entri.py",
    "pages/impor.py",
    "pages/audit.py",
    "pages/persetujuan.py",
    "pages/status.py",
    "pages/pengguna.py",
]
WITH_FILTER = [
    p
    for p in PAGES
    if p
    not in (
        "pages/benchmark.py",
        "pages/banding.py",
        "pages/sumber.py",
        "pages/impor.py",
        "pages/audit.py",
        "pages/status.py",
        "pages/pengguna.py",
    )
]


@pytest.fixture
def gunakan_db(monkeypatch):
    """Point the app at a database file through LKJIP_DB, as a deployment does (the settings are read afresh, and
    again after the test)."""

    def pakai(path):  # type: ignore[no-untyped-def]
        monkeypatch.setenv("LKJIP_DB", str(path))
        get_settings.cache_clear()
        return path

    yield pakai
    get_settings.cache_clear()


@pytest.fixture
def app_env(built_db, gunakan_db):
    return gunakan_db(built_db)


def _tampak(md: str) -> str:
    """Markdown as a person reads it: data-derived labels are escaped (pages/_tampilan.teks_md)."""
    return re.sub(r"\\(.)", r"\1", md)


def _app() -> AppTest:
    return AppTest.from_file(str(REPO_ROOT / "app.py"), default_timeout=60)


def _combinations(db):
    r = Repository.open(db)
    try:
        return [(k, t) for k in daftar_kecamatan(r)["kecamatan"] for t in (daftar_tahun(r, k) or [None])]
    finally:
        r.close()


@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_for_every_kecamatan_and_year(app_env, page):
    for kecamatan, tahun in _combinations(app_env):
        at = _app()
        at.query_params["kecamatan"] = kecamatan
        if tahun:
            at.query_params["tahun"] = str(tahun)
        at.switch_page(page).run()
        assert not at.exception, (page, kecamatan, tahun, at.exception)
        if page in WITH_FILTER:
            assert kecamatan in at.title[0].value
        # a missing value shows as a dash, never as pandas' 'nan' (text columns that are partly filled hold NaN)
        shown = [f"{m.value} {m.help or ''}" for m in at.metric] + [x.value for x in (*at.markdown, *at.caption)]
        assert not [x for x in shown if re.search(r"\bnan\b", x, re.IGNORECASE)], (page, kecamatan, tahun)


@pytest.fixture
def synthetic_env(synthetic_db, gunakan_db):
    return gunakan_db(synthetic_db)


@pytest.mark.parametrize("page", [*PAGES, "pages/presentasi.py"])
def test_every_page_runs_on_synthetic_data(synthetic_env, page):
    at = _app()
    at.query_params["kecamatan"] = "Sintetis 0007"
    at.query_params["tahun"] = "2025"
    at.switch_page(page).run()
    assert not at.exception, (page, at.exception)
    assert not at.error, (page, [e.value for e in at.error])
    if page in WITH_FILTER:
        assert "Sintetis 0007" in at.title[0].value
    if page in (*WITH_FILTER, "pages/sumber.py"):  # synthetic numbers are never shown without saying so
        assert any("SINTETIS" in w.value for w in at.warning), page


def test_many_kecamatan_are_chosen_by_provinsi_then_kab_kota(synthetic_env):
    at = _app()
    at.query_params["kecamatan"] = "Sintetis 0020"  # a deep link opens with its own provinsi and kab/kota
    at.switch_page("pages/ringkasan.py").run()
    chosen = {s.key: s.value for s in at.sidebar.selectbox}
    assert chosen["provinsi"] == "Provinsi Sintetis 02" and chosen["kab_kota"] == "Kota Sintetis 020"
    assert at.sidebar.selectbox(key="kecamatan").options == ["Sintetis 0020 (Kota Sintetis 020)"]
    at.sidebar.selectbox(key="provinsi").set_value("Provinsi Sintetis 01").run()
    assert not at.exception
    chosen = {s.key: s.value for s in at.sidebar.selectbox}
    assert chosen["kab_kota"] == "Kab. Sintetis 001" and chosen["kecamatan"] == "Sintetis 0001"
    assert "Sintetis 0001" in at.title[0].value and at.query_params["kecamatan"] in ("Sintetis 0001", ["Sintetis 0001"])


def test_ringkasan_shows_the_reported_numbers_and_follows_the_year(app_env):
    at = _app()
    at.query_params["kecamatan"] = "Bontang Barat"
    at.run()
    assert not at.exception
    values = {_tampak(m.label): m.value for m in at.metric}
    assert values["Nilai Survey Kepuasan Masyarakat (SKM)"] == "94,75 Nilai"
    assert at.query_params["tahun"] == ["2024"] or at.query_params["tahun"] == "2024"
    at.sidebar.selectbox(key="tahun").set_value(2023).run()
    assert not at.exception
    values = {_tampak(m.label): m.value for m in at.metric}
    assert values["Nilai Survey Kepuasan Masyarakat (SKM)"] == "92,60 Nilai"
    # the chart's data is the table "Semua indikator" under it, shown and downloadable once (not twice)
    (tabel,) = at.dataframe
    assert "Capaian (dihitung)" in headers(tabel) and "Capaian (laporan)" in headers(tabel)
    assert not [e for e in at.expander if e.label == "Data grafik"]


def headers(table) -> list[str]:  # type: ignore[no-untyped-def]
    """The header a person reads for each column of an st.dataframe: its column_config label, else its name."""
    config = json.loads(table.proto.columns or "{}")
    return [config.get(str(c), {}).get("label") or str(c) for c in table.value.columns]


RAW = re.compile(r"(?<![\w-])(None|nan|NaN|NaT|<NA>|True|False)(?![\w-])")


@pytest.mark.parametrize("page", PAGES)
def test_every_table_speaks_indonesian(app_env, page):
    """Headers are words, never database names (tahun_terakhir, ikm_dihitung, pagu_murni); no cell shows None, nan,
    <NA> or True; numbers as Indonesian text (94,75 — Streamlit would show a float column as 94.75)."""
    for kecamatan, tahun in _combinations(app_env):
        at = _app()
        at.query_params["kecamatan"] = kecamatan
        if tahun:
            at.query_params["tahun"] = str(tahun)
        at.switch_page(page).run()
        for table in at.dataframe:
            if table.proto.editing_mode:  # a data editor's empty cells are where staff type (Entri Triwulan)
                continue
            snake = [h for h in headers(table) if re.fullmatch(r"[a-z]+(_[a-z0-9]+)+", h)]
            assert not snake, (page, kecamatan, tahun, snake)
            df = table.value
            raw = [(c, v) for c in df.columns for v in map(str, df[c]) if RAW.fullmatch(v.strip())]
            assert not raw, (page, kecamatan, tahun, raw[:5])
            floats = [c for c in df.columns if pd.api.types.is_float_dtype(df[c])]
            assert not floats, (page, kecamatan, tahun, floats)


def test_kecamatan_without_data_says_so(tmp_path, gunakan_db):
    import shutil

    from lkjip.build import build
    from lkjip.config import DATA_DIR

    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data, ignore=shutil.ignore_patterns("*.duckdb*"))
    with (data / "wilayah.csv").open("a", encoding="utf-8") as f:  # test-only: a kecamatan with no document yet
        f.write("Kalimantan Timur,Kota Bontang,Kota,Kecamatan Uji Tanpa Data\n")
    db = tmp_path / "uji.duckdb"
    build(db, data)
    gunakan_db(db)
    at = _app()
    at.query_params["kecamatan"] = "Kecamatan Uji Tanpa Data"
    at.run()
    assert not at.exception
    assert any("Belum ada data" in i.value for i in at.info)


def test_kualitas_data_lists_the_sakip_contradiction(app_env):
    at = _app()
    at.query_params["kecamatan"] = "Bontang Barat"
    at.switch_page("pages/kualitas_data.py").run()
    assert not at.exception
    df = at.dataframe[0].value
    assert (df["nilai_dilaporkan"] == "78,65").any()


def test_missing_database_gives_an_indonesian_error(tmp_path, gunakan_db):
    gunakan_db(tmp_path / "tidak_ada.duckdb")
    at = _app().run()
    assert not at.exception
    assert "Basis data belum dibuat" in at.error[0].value


def _values(at) -> list[str]:
    return [m.value for m in at.metric]


@pytest.mark.parametrize("page", WITH_FILTER)
def test_changing_kecamatan_changes_what_is_shown(app_env, page):
    at = _app()
    at.query_params["kecamatan"] = "Bantargebang"
    at.switch_page(page).run()
    before = (at.title[0].value, [str(d.value) for d in at.dataframe])
    at.sidebar.selectbox(key="kecamatan").set_value("Kota Bangun").run()
    assert not at.exception
    after = (at.title[0].value, [str(d.value) for d in at.dataframe])
    assert "Kota Bangun" in after[0] and after != before


def test_skm_answers_the_new_user_question(app_env):
    """Did Bantargebang meet its IKM target in 2024, which unsur was weakest, how does Kota Bangun compare?"""
    at = _app()
    at.query_params.update({"kecamatan": "Bantargebang", "tahun": "2024"})
    at.switch_page("pages/skm.py").run()
    assert not at.exception
    assert "target belum tercapai" in at.warning[0].value and "81,18" in at.warning[0].value
    captions = " ".join(c.value for c in at.caption)
    assert "U8 Penanganan pengaduan, saran dan masukan" in captions  # weakest in S1
    assert "U2 Sistem, mekanisme dan prosedur" in captions  # weakest in TW4 (mutu C)
    # the kecamatan-by-unsur comparison holds both kecamatan (its data sits under the chart)
    banding = [d.value for d in at.dataframe if "label" in d.value.columns]
    assert banding and {"Bantargebang", "Kota Bangun"} <= set(banding[0]["kecamatan"])


def test_target_realisasi_shows_the_chosen_indicator(app_env):
    at = _app()
    at.query_params.update({"kecamatan": "Kota Bangun", "tahun": "2023"})
    at.switch_page("pages/target_realisasi.py").run()
    assert not at.exception
    at.selectbox(key="indikator").set_value("KB-PK21").run()
    assert not at.exception
    text = " ".join(e.value for e in at.markdown)
    assert "Penurunan Prevalensi stunting" in text and "makin rendah makin baik" in text
    at.selectbox(key="indikator").set_value("KB-PK16").run()
    text = " ".join(e.value for e in at.markdown)
    assert "*Penghambat*: SDM yang memahami masih kurang" in text  # Tabel 3.10, verbatim


def test_benchmark_theme_switch(app_env):
    at = _app().switch_page("pages/benchmark.py").run()
    assert not at.exception
    first = at.dataframe[0].value
    assert first.iloc[0]["kecamatan"] == "Bontang Barat"  # highest latest IKM (94,75)
    at.segmented_control(key="tema").set_value("akuntabilitas").run()
    assert not at.exception
    assert set(at.dataframe[0].value["kecamatan"]) == {
        "Bontang Barat",
        "Kota Bangun",
        "Bantargebang",
        "Balikpapan Selatan",
    }


def test_presentation_mode_steps_through_the_deck(app_env):
    at = _app()
    at.query_params.update({"kecamatan": "Bontang Barat", "tahun": "2024"})
    at.switch_page("pages/presentasi.py").run()
    assert not at.exception
    assert at.title[0].value == "Evaluasi Kinerja Kecamatan Bontang Barat Tahun 2024"
    at.button(key="berikutnya").click().run()
    assert not at.exception
    assert at.title[0].value == "Ringkasan capaian indikator utama"
    assert at.query_params["slide"] in (["2"], "2")
    at.button(key="sebelumnya").click().run()
    assert "Evaluasi Kinerja" in at.title[0].value
    at.button(key="berikutnya-pgdn").click().run()  # the PageDown button (hidden; its shortcut is the point)
    assert at.title[0].value == "Ringkasan capaian indikator utama"


def test_presentation_mode_compares_the_peers_in_the_url_and_shows_no_raw_cells(app_env):
    at = _app()
    at.query_params.update({"kecamatan": "Kota Bangun", "tahun": "2023", "banding": ["Bantargebang", "Bontang Barat"]})
    at.switch_page("pages/presentasi.py").run()
    assert not at.exception
    pilih = at.sidebar.multiselect(key="banding-presentasi")
    assert pilih.value == ["Bantargebang", "Bontang Barat"] and pilih.placeholder == "Pilih kecamatan"
    judul = []
    for _ in range(40):
        judul.append(at.title[0].value)
        for df in at.dataframe:
            cells = df.value.astype(str).to_numpy().ravel().tolist() + [str(c) for c in df.value.columns]
            assert not [c for c in cells if c in ("None", "nan", "NaN", "<NA>")], judul[-1]
        if at.button(key="berikutnya").disabled:
            break
        at.button(key="berikutnya").click().run()
        assert not at.exception, judul[-1]
    assert any(j.startswith("Perbandingan Kota Bangun, Bantargebang dan Bontang Barat") for j in judul), judul
    pilih = at.sidebar.multiselect(key="banding-presentasi")
    pilih.set_value(["Bontang Barat"]).run()
    assert at.query_params["banding"] in (["Bontang Barat"], "Bontang Barat")


def test_bahan_rapat_offers_the_same_peer_choice(app_env):
    at = _app()
    at.query_params.update({"kecamatan": "Bantargebang", "tahun": "2024", "banding": ["Kota Bangun"]})
    at.switch_page("pages/bahan_rapat.py").run()
    assert not at.exception
    pilih = at.multiselect(key="banding-deck")
    assert pilih.value == ["Kota Bangun"] and pilih.max_selections == 5
    pilih.set_value(["Kota Bangun", "Bontang Barat"]).run()
    assert at.query_params["banding"] == ["Kota Bangun", "Bontang Barat"]


@pytest.fixture
def writable_app(tmp_path, built_db, gunakan_db):
    import shutil

    db = tmp_path / "lkjip.duckdb"
    shutil.copy(built_db, db)
    return gunakan_db(db)


def _workbook_with(db, sheet: str, rows: list[list]) -> bytes:
    import io

    from openpyxl import load_workbook

    from lkjip.io.templat import templat

    r = Repository.open(db)
    try:
        wb = load_workbook(io.BytesIO(templat(r)))
    finally:
        r.close()
    for row in rows:
        wb[sheet].append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_upload_lists_every_problem_and_saves_nothing(writable_app):
    data = _workbook_with(
        writable_app,
        "realisasi",
        [["Bontang Barat", "BB-IKU1", 2025, "TW5", "95,10", ""], ["Bontang Bart", "BB-IKU1", 2025, "TW1", "x", ""]],
    )
    before = writable_app.read_bytes()
    at = _app()
    at.switch_page("pages/impor.py").run()
    at.file_uploader(key="berkas").upload("salah.xlsx", data, XLSX)
    at.run()
    assert not at.exception
    assert "masalah ditemukan; tidak ada yang disimpan" in at.error[0].value
    problems = at.dataframe[0].value
    assert len(problems) >= 3  # bad period, unknown kecamatan (with a suggestion), bad number
    text = problems.to_string()
    assert "TW5" in text and "Bontang Barat" in text
    assert "simpan-impor" not in [b.key for b in at.button]
    assert writable_app.read_bytes() == before


def test_upload_preview_confirm_then_the_log_shows_it(writable_app):
    data = _workbook_with(writable_app, "realisasi", [["Bontang Barat", "BB-IKU1", 2025, "TW1", "95,10", "uji"]])
    at = _app()
    at.switch_page("pages/impor.py").run()
    at.file_uploader(key="berkas").upload("tw1.xlsx", data, XLSX)
    at.run()
    assert not at.exception
    change = at.dataframe[1].value  # [0] is the summary per sheet
    assert change[["tabel", "kunci", "lama", "baru", "status"]].values.tolist() == [
        ["Realisasi", "BB-IKU1 2025 TW1", "–", "95,10", "baru"]
    ]
    assert at.dataframe[0].value.values.tolist() == [["Realisasi", 1, 0, 0]]
    at.button(key="simpan-impor").click().run()
    assert not at.exception
    assert "1 baris disimpan" in at.success[0].value

    # a new run in the same process: the cached connection must see the swapped file, not the old one
    log = _app()
    log.switch_page("pages/audit.py").run()
    assert not log.exception
    shown = log.dataframe[0].value
    assert "BB-IKU1 2025 TW1" in shown.to_string() and "tw1.xlsx" in shown.to_string()
    nilai = shown[(shown["tabel"] == "Realisasi") & (shown["kolom"] == "Nilai")]
    assert nilai[["nilai_lama", "nilai_baru"]].values.tolist() == [["–", "95,10"]]  # stored as 95.1

    again = _app()
    again.switch_page("pages/impor.py").run()
    again.file_uploader(key="berkas").upload("tw1.xlsx", data, XLSX)
    again.run()
    assert any("Tidak ada perubahan" in i.value for i in again.info)


def test_an_upload_previewed_before_another_save_of_the_same_row_is_refused(writable_app):
    pages = []
    for name, value in (("siti.xlsx", "95,10"), ("budi.xlsx", "96")):
        data = _workbook_with(writable_app, "realisasi", [["Bontang Barat", "BB-IKU1", 2025, "TW1", value, ""]])
        at = _app()
        at.switch_page("pages/impor.py").run()
        at.file_uploader(key="berkas").upload(name, data, XLSX)
        pages.append(at.run())
    siti, budi = pages
    siti.button(key="simpan-impor").click().run()
    assert "1 baris disimpan" in siti.success[0].value
    before = writable_app.read_bytes()
    budi.button(key="simpan-impor").click().run()  # Budi approved a preview saying the row was empty
    assert not budi.exception and not budi.success
    assert "Data berubah sejak dibuka" in budi.error[0].value and "kini tersimpan 95,10" in budi.error[0].value
    assert writable_app.read_bytes() == before
    assert budi.dataframe[1].value[["lama", "baru"]].values.tolist() == [["95,10", "96,00"]]  # the preview now


def test_imported_budget_year_shows_on_the_anggaran_page(writable_app):
    from lkjip.io.impor import periksa, terapkan

    rows = [["Bontang Barat", 2025, "total", "", "Total belanja", "", "Rp 1.000.000.000", "", "Rp 950.000.000"]]
    data = _workbook_with(writable_app, "anggaran", rows)
    r = Repository.open(writable_app, read_only=True)
    try:
        plan = periksa(r, "anggaran_2025.xlsx", data)
    finally:
        r.close()
    terapkan(writable_app, plan)
    at = _app()
    at.query_params["kecamatan"] = "Bontang Barat"
    at.query_params["tahun"] = "2025"
    at.switch_page("pages/anggaran.py").run()
    assert not at.exception
    shown = [m.value for m in at.metric] + [d.value.to_string() for d in at.dataframe]
    assert any("95,00%" in s for s in shown), shown
    assert any("Rp 1.000.000.000" in s for s in shown), shown


def _entri(edits: dict, tahun: int = 2025, at: AppTest | None = None) -> AppTest:
    """The form for Bontang Barat TW1 of ``tahun`` with ``edits`` typed ({row: {"realisasi": "95,10"}})."""
    if at is None:
        at = _app()
        at.query_params["kecamatan"] = "Bontang Barat"
        at.query_params["tahun"] = "2024"
        at.session_state["tahun-entri"] = tahun
        at.switch_page("pages/entri.py").run()
    at.session_state[f"editor-Bontang Barat-{tahun}-TW1-0"] = {
        "edited_rows": edits,
        "added_rows": [],
        "deleted_rows": [],
    }
    return at.run()


def _realisasi_di_formulir(at: AppTest) -> dict:
    form = at.dataframe[0].value
    return dict(zip(form["indikator_id"], form["realisasi"], strict=True))


def test_quarterly_form_checks_previews_and_saves(writable_app):
    at = _entri({0: {"realisasi": "abc"}})
    assert not at.exception
    assert "masalah ditemukan; tidak ada yang disimpan" in at.error[0].value
    problems = at.dataframe[1].value
    assert problems.values.tolist() == [
        ["Nilai Survey Kepuasan Masyarakat (SKM) (BB-IKU1)", "abc", problems["pesan"].iloc[0]]
    ]
    assert "abc" in problems["pesan"].iloc[0]

    at = _entri({0: {"realisasi": "95,10"}})
    assert not at.exception
    kode = at.dataframe[0].value.iloc[0, 0]
    change = at.dataframe[1].value
    assert change[["kunci", "baru", "status"]].values.tolist() == [[f"{kode} 2025 TW1", "95,10", "baru"]]
    at.text_input(key="petugas").input("Siti Aminah")
    at.button(key="simpan-entri").click().run()
    assert not at.exception
    assert "1 realisasi disimpan" in at.success[0].value
    log = _app()
    log.switch_page("pages/audit.py").run()
    shown = log.dataframe[0].value.to_string()
    assert "Formulir Bontang Barat 2025 TW1" in shown and "Siti Aminah" in shown


def test_a_partly_filled_period_opens_without_problems_and_saving_one_value_shows_it(writable_app):
    at = _app()
    at.query_params["kecamatan"] = "Bontang Barat"
    at.query_params["tahun"] = "2024"
    at.switch_page("pages/entri.py").run()
    assert not at.exception and not at.error
    before = _realisasi_di_formulir(at)
    assert before["BB-IKU3"] == "100" and all(v is None or v != v for k, v in before.items() if k != "BB-IKU3")
    assert any("Belum ada realisasi yang diisi" in i.value for i in at.info)

    at = _entri({1: {"realisasi": "87,5"}}, tahun=2024, at=at)  # BB-IKU2, the only value typed
    assert not at.exception and not at.error
    assert at.dataframe[1].value[["kunci", "lama", "baru"]].values.tolist() == [["BB-IKU2 2024 TW1", "–", "87,50"]]
    at.button(key="simpan-entri").click().run()
    assert not at.exception and not at.error
    assert "1 realisasi disimpan untuk Bontang Barat 2024 TW1" in at.success[0].value
    after = _realisasi_di_formulir(at)  # the form opened again on what is stored
    assert after["BB-IKU2"] == "87,5" and after["BB-IKU3"] == "100"
    assert all(v is None or v != v for k, v in after.items() if k not in ("BB-IKU2", "BB-IKU3"))
    assert any("Belum ada realisasi yang diisi" in i.value for i in at.info)  # the typed value is no longer pending

    tw = _app()  # another page shows it too (its cached data was cleared)
    tw.query_params["kecamatan"] = "Bontang Barat"
    tw.query_params["tahun"] = "2024"
    tw.switch_page("pages/triwulan.py").run()
    assert not tw.exception
    assert any("87,50" in d.value.to_string() for d in tw.dataframe)


def test_the_second_person_saving_the_same_period_sees_the_first_ones_value_and_nothing_is_overwritten(writable_app):
    siti, budi = _entri({0: {"realisasi": "95,10"}}, tahun=2024), _entri({0: {"realisasi": "96"}}, tahun=2024)
    siti.button(key="simpan-entri").click().run()
    assert "1 realisasi disimpan" in siti.success[0].value
    before = writable_app.read_bytes()
    budi.button(key="simpan-entri").click().run()
    assert not budi.exception and not budi.success
    error = budi.error[0].value.replace("\\", "")  # markdown escapes: the name is shown as text, never as markup
    assert "Data berubah sejak dibuka" in error and "(BB-IKU1) 2024 TW1" in error and "kini tersimpan 95,10" in error
    assert writable_app.read_bytes() == before
    # the form opened again on what is stored: Budi's 96 is still typed, over Siti's 95,10
    assert budi.dataframe[1].value[["lama", "baru", "status"]].values.tolist() == [["95,10", "96,00", "berubah"]]


def _chart_titles(at: AppTest) -> list[str]:
    """The finding above each chart (shown as page text: pages/_tampilan.grafik takes it out of the figure)."""
    import html

    out = []
    for h in at.get("html"):
        m = re.fullmatch(r'<p class="lkjip-judul-grafik">(.*)</p>', h.proto.body, re.DOTALL)
        if m:
            out.append(html.unescape(m.group(1)))
    return out


def test_many_quarterly_indicators_chart_the_main_ones_and_the_table_keeps_all(synthetic_env):
    """30 indicators with quarter values: the IKU ones are drawn (at most 6), the user adds any other, the table
    lists every one (30 charts took 8 s to draw at national scale)."""
    at = _app()
    at.query_params["kecamatan"] = "Sintetis 0007"
    at.query_params["tahun"] = "2025"
    at.switch_page("pages/triwulan.py").run()
    assert not at.exception
    pilih = at.multiselect(key="tw-indikator-Sintetis 0007-2025")
    assert len(pilih.options) == 30 and len(pilih.value) == 6
    drawn = [t for t in _chart_titles(at) if "periode terisi" in t]
    assert len(drawn) == 6 and drawn[0].startswith("Indeks Kepuasan Masyarakat terhadap pelayanan kecamatan:")
    table = max(at.dataframe, key=lambda d: len(d.value))
    assert table.value["indikator"].nunique() == 30
    other = next(v for v in ("S0007-25", "S0007-30") if v not in pilih.value)
    pilih.select(other).run()
    assert not at.exception
    assert len([t for t in _chart_titles(at) if "periode terisi" in t]) == 7


@pytest.mark.parametrize(
    "nilai", ["²", "9" * 5000, "-1", "2024.0", "٢٠٢٤"], ids=["pangkat", "5000-digit", "negatif", "desimal", "arab"]
)
def test_a_strange_number_in_the_url_opens_the_page_as_if_it_were_not_there(app_env, nilai):
    """?tahun=² or a 5.000-digit ?slide= (str.isdigit accepts both, int() then failed with a traceback)."""
    at = _app()
    at.query_params.update({"kecamatan": "Bontang Barat", "tahun": nilai})
    at.switch_page("pages/ringkasan.py").run()
    assert not at.exception
    assert "Bontang Barat" in at.title[0].value and at.sidebar.selectbox(key="tahun").value == 2024
    at = _app()
    at.query_params.update({"kecamatan": "Bontang Barat", "tahun": "2024", "slide": nilai})
    at.switch_page("pages/presentasi.py").run()
    assert not at.exception
    assert at.query_params["slide"] in (["1"], "1")


def test_a_page_that_fails_shows_an_indonesian_message_with_a_code_and_no_trace(app_env, monkeypatch):
    """The visitors' setting (client.showErrorDetails = "none"): a bug in a page is a message with a code to quote;
    the trace and the error's own text stay in the server's log."""
    from streamlit import config

    from lkjip import laporan

    def rusak(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise ZeroDivisionError("rincian internal")

    monkeypatch.setattr(laporan, "ringkasan", rusak)
    lama = config.get_option("client.showErrorDetails")
    config.set_option("client.showErrorDetails", "none")
    try:
        at = _app()
        at.query_params["kecamatan"] = "Bontang Barat"
        at.switch_page("pages/ringkasan.py").run()
    finally:
        config.set_option("client.showErrorDetails", lama)
    assert not at.exception
    pesan = at.error[0].value
    assert "tidak dapat ditampilkan karena kesalahan di aplikasi (kode " in pesan
    assert "rincian internal" not in pesan and "ZeroDivisionError" not in pesan


def test_a_database_file_of_an_older_version_is_brought_up_to_date_and_its_log_shows(tmp_path, built_db, gunakan_db):
    from lkjip.db import skema
    from tests.conftest import db_lama

    db = gunakan_db(db_lama(built_db, tmp_path / "lama.duckdb"))
    at = _app()
    at.switch_page("pages/audit.py").run()
    assert not at.exception
    assert at.title[0].value == "Log Perubahan"
    baris = at.dataframe[0].value.iloc[0]  # the old file's own row, written before the log knew roles
    assert (baris["sumber"], baris["nilai_baru"], baris["pengguna"], baris["peran"]) == (
        "lama.xlsx",
        "91,00",
        "Siti",
        "–",
    )
    r = Repository.open(db)
    try:
        assert skema.rencana(r) == []
    finally:
        r.close()


def _persetujuan(tahun: int = 2025) -> AppTest:
    at = _app()
    at.query_params["kecamatan"] = "Bontang Barat"
    at.query_params["tahun"] = "2024"
    at.session_state["tahun-persetujuan"] = tahun
    return at.switch_page("pages/persetujuan.py").run()


def _status_tampil(at: AppTest) -> str:
    return next(_tampak(m.value) for m in at.markdown if _tampak(m.value).startswith("Status Realisasi"))


def test_a_period_goes_from_entry_through_approval_to_the_lock_on_the_pages(writable_app):
    at = _entri({0: {"realisasi": "95,10"}})
    at.button(key="simpan-entri").click().run()
    assert "1 realisasi disimpan" in at.success[0].value
    ringkasan = _app()
    ringkasan.query_params.update({"kecamatan": "Bontang Barat", "tahun": "2025"})
    ringkasan.run()
    assert any(
        "Belum disetujui camat: realisasi TW1 (draf, 1 nilai) 2025" in _tampak(w.value) for w in ringkasan.warning
    )
    triwulan = _app()
    triwulan.query_params.update({"kecamatan": "Bontang Barat", "tahun": "2025"})
    triwulan.switch_page("pages/triwulan.py").run()
    tabel_tw = triwulan.dataframe[-1].value  # the value itself carries the mark
    assert tabel_tw.loc[tabel_tw["realisasi"] == "95,10", "persetujuan"].tolist() == ["Belum disetujui (draf)"]

    at = _persetujuan()
    assert not at.exception
    assert "**Draf**" in _status_tampil(at)
    assert at.dataframe[1].value.iloc[0]["Realisasi TW1"] == "95,1"  # the value to be approved, beside the steps
    at.button(key="alur-realisasi-ajukan").click().run()
    assert "diajukan" in _tampak(at.success[0].value) and "**Diajukan**" in _status_tampil(at)

    at.button(key="alur-realisasi-kembalikan").click().run()  # no reason: refused, nothing written
    assert "Alasan wajib diisi" in _tampak(at.error[0].value) and "**Diajukan**" in _status_tampil(at)
    at.text_area(key="alur-realisasi-kembalikan-alasan").input("Bukti dukung TW1 belum dilampirkan")
    at.button(key="alur-realisasi-kembalikan").click().run()
    assert "**Dikembalikan**" in _status_tampil(at)
    assert any("Bukti dukung TW1 belum dilampirkan" in _tampak(w.value) for w in at.warning)

    for langkah, hasil in (("ajukan", "Diajukan"), ("setujui", "Disetujui"), ("kunci", "Terkunci")):
        at.button(key=f"alur-realisasi-{langkah}").click().run()
        assert f"**{hasil}**" in _status_tampil(at), langkah
    riwayat = at.dataframe[-1].value
    assert riwayat["Langkah"].tolist() == ["Dikunci", "Disetujui", "Diajukan", "Dikembalikan", "Diajukan"]
    assert riwayat["Peran"].unique().tolist() == ["mode lokal"]

    ringkasan.run()  # approved: no mark any more
    assert not [w for w in ringkasan.warning if "Belum disetujui" in w.value]
    triwulan.run()
    assert "persetujuan" not in triwulan.dataframe[-1].value.columns
    entri = _entri({})
    assert any("dikunci" in _tampak(i.value) for i in entri.info)
    assert entri.button(key="alur-entri-buka_kunci")  # the local admin may unlock, with a reason
