"""AppTest of Status Pengisian: the counts per state and the matrix with Indonesian headers, the area narrowed."""

from __future__ import annotations

import shutil

import pytest
from streamlit.testing.v1 import AppTest

from lkjip.akses import Pengguna
from lkjip.config import REPO_ROOT
from tests.app.test_pages import _tampak, gunakan_db, headers  # noqa: F401 (gunakan_db: a fixture)
from tests.data.test_pengisian import tulis_status


@pytest.fixture(scope="module")
def db_status(built_db, tmp_path_factory):  # type: ignore[no-untyped-def]
    path = tmp_path_factory.mktemp("status-app") / "lkjip.duckdb"
    shutil.copy(built_db, path)
    tulis_status(path)
    return path


def _app() -> AppTest:
    return AppTest.from_file(str(REPO_ROOT / "app.py"), default_timeout=60)


def test_status_page_shows_the_counts_and_the_matrix_in_words(db_status, gunakan_db):  # noqa: F811
    gunakan_db(db_status)
    at = _app()
    at.switch_page("pages/status.py").run()
    assert not at.exception, at.exception
    assert at.title[0].value == "Status Pengisian"
    # with four kecamatan everything is shown at once; 2024 is the latest year with data
    assert at.selectbox(key="status-tahun").value == 2024
    jumlah, matriks = at.dataframe
    assert headers(jumlah) == ["Status", "TW1", "TW2", "TW3", "TW4", "Tahunan"]
    counts = jumlah.value.set_index("status")
    assert counts.loc["Terkunci", "TW3"] == "1" and counts.loc["Dikembalikan", "TW1"] == "1"
    assert headers(matriks) == ["Kecamatan", "TW1", "TW2", "TW3", "TW4", "Tahunan", "Kab/Kota", "Provinsi"]
    cells = matriks.value.set_index("kecamatan")
    assert len(cells) == 4
    assert cells.loc["Bontang Barat", "TW3"] == "Terkunci" and cells.loc["Bontang Barat", "TW2"] == "Disetujui"
    assert cells.loc["Kota Bangun", "TW1"] == "Dikembalikan"
    assert cells.loc["Kota Bangun", "TW2"] == "Belum diisi · lewat tenggat"  # today is years after 2024
    caption = " ".join(_tampak(c.value) for c in at.caption)
    assert "TW1 15 April 2024" in caption and "Tahunan 31 Maret 2025" in caption
    assert any("dari 4 kecamatan belum mengisi" in _tampak(m.value) for m in at.markdown)

    at.multiselect(key="status-saring").set_value(["terkunci"]).run()
    assert not at.exception
    assert at.dataframe[1].value["kecamatan"].tolist() == ["Bontang Barat"]
    at.segmented_control(key="status-jenis").set_value("skm").run()
    assert not at.exception
    assert headers(at.dataframe[0]) == ["Status", "Tahunan"]
    assert at.query_params["jenis"] in ("skm", ["skm"])


def test_status_page_opens_on_the_signed_in_users_own_kab_kota(db_status, gunakan_db):  # noqa: F811
    gunakan_db(db_status)
    at = AppTest.from_file(str(REPO_ROOT / "pages" / "status.py"), default_timeout=60)
    at.session_state["_pengguna"] = Pengguna(
        email="v@bontang.go.id",
        nama="Verifikator",
        peran="verifikator",
        lingkup="Kota Bontang",
        jenis_lingkup="kab_kota",
    )
    at.run()
    assert not at.exception, at.exception
    assert at.selectbox(key="status-provinsi").value == "Kalimantan Timur"
    assert at.selectbox(key="status-kab").value == "Kota Bontang"
    assert at.dataframe[1].value["kecamatan"].tolist() == ["Bontang Barat"]
    assert "Provinsi" not in headers(at.dataframe[1])  # a provinsi chosen: the column would say the same each row


def test_at_national_scale_the_table_waits_for_a_provinsi(synthetic_db, gunakan_db):  # noqa: F811
    gunakan_db(synthetic_db)
    at = _app()
    at.switch_page("pages/status.py").run()
    assert not at.exception, at.exception
    (jumlah,) = at.dataframe  # 50 kecamatan (above BANYAK_KECAMATAN): the counts only
    assert sum(int(v) for v in jumlah.value["TW1"]) == 50
    assert any("pilih provinsi" in i.value for i in at.info)
    assert any("SINTETIS" in w.value for w in at.warning)
    at.selectbox(key="status-provinsi").set_value("Provinsi Sintetis 01").run()
    assert not at.exception
    matriks = at.dataframe[1]
    assert len(matriks.value) == sum(int(v) for v in at.dataframe[0].value["TW1"]) < 50
    at.selectbox(key="status-kab").set_value(at.selectbox(key="status-kab").options[0]).run()
    assert not at.exception
    assert set(at.dataframe[1].value["kab_kota"]) == {at.selectbox(key="status-kab").value}


def test_a_link_reproduces_the_screen_and_a_bad_one_opens_the_default(db_status, gunakan_db):  # noqa: F811
    gunakan_db(db_status)
    at = _app()
    for k, v in {
        "provinsi": "Kalimantan Timur",
        "kab_kota": "Kota Balikpapan",
        "tahun": "2023",
        "jenis": "sakip",
    }.items():
        at.query_params[k] = v
    at.switch_page("pages/status.py").run()
    assert not at.exception, at.exception
    assert at.selectbox(key="status-kab").value == "Kota Balikpapan" and at.selectbox(key="status-tahun").value == 2023
    assert at.dataframe[1].value.to_dict("records") == [
        {"kecamatan": "Balikpapan Selatan", "Tahunan": "Belum diisi · lewat tenggat", "kab_kota": "Kota Balikpapan"}
    ]
    # a period chosen for the filter that the next kind does not have: back to any period, no error
    at.segmented_control(key="status-jenis").set_value("realisasi").run()
    at.selectbox(key="status-saring-periode").set_value("TW2").run()
    at.segmented_control(key="status-jenis").set_value("skm").run()
    assert not at.exception, at.exception

    bad = _app()
    for k, v in {"provinsi": "Tidak Ada", "kab_kota": "Kota Bontang", "tahun": "²", "jenis": "x"}.items():
        bad.query_params[k] = v
    bad.switch_page("pages/status.py").run()
    assert not bad.exception, bad.exception
    assert bad.selectbox(key="status-provinsi").value is None and bad.selectbox(key="status-tahun").value == 2024
    assert bad.segmented_control(key="status-jenis").value == "realisasi"
    assert len(bad.dataframe[1].value) == 4
