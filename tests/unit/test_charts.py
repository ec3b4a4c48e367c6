import pandas as pd

from lkjip.charts.capaian import capaian_bar
from lkjip.charts.style import WARNA_KATEGORI, WARNA_TANPA_NILAI


def _df():
    return pd.DataFrame(
        {
            "indikator": ["Nilai SKM", "Partisipasi Pokmas"],
            "capaian_persen": [102.2114, None],
            "kategori": ["Sangat Tinggi", None],
            "target": [92.7, 100.0],
            "realisasi": [94.75, None],
            "satuan": ["Nilai", "%"],
        }
    )


def test_bars_carry_indonesian_numbers_and_category_colours():
    fig = capaian_bar(_df(), kecamatan="Bontang Barat", tahun=2024)
    bar = fig.data[0]
    assert list(bar.text) == ["102,21%", "–"]
    assert list(bar.marker.color) == [WARNA_KATEGORI["Sangat Tinggi"], WARNA_TANPA_NILAI]
    assert "Target: 92,70 Nilai" in bar.hovertext[0] and "tidak dapat dihitung" in bar.hovertext[1]
    assert fig.layout.separators == ",."


def test_target_line_and_a_title_that_states_the_finding():
    fig = capaian_bar(_df(), kecamatan="Bontang Barat", tahun=2024)
    assert any(s.x0 == 100 and s.x1 == 100 for s in fig.layout.shapes)
    assert fig.layout.title.text == "Bontang Barat 2024: 1 dari 1 indikator mencapai target"
