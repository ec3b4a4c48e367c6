import pandas as pd

from lkjip.calc.skala import SKALA_MUTU_SKM
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
    (line,) = [s for s in fig.layout.shapes if s.x0 == 100 and s.x1 == 100]
    assert (line.yref, line.y0, line.y1) == ("y domain", 0, 1)  # across every bar, however many
    texts = [a.text for a in fig.layout.annotations]
    assert texts == ["Nilai SKM", "Partisipasi Pokmas", "Target 100%"]  # each name above its bar, then the target
    assert fig.layout.title.text == "Bontang Barat 2024: 1 dari 1 indikator mencapai target (1 belum dapat dihitung)"


def test_tren_indikator_marks_targets_and_the_end_target():
    from lkjip.charts.tren import tren_indikator

    real = pd.DataFrame({"tahun": [2022, 2023, 2024], "realisasi": [86.28, 92.60, 94.75]})
    tgt = pd.DataFrame(
        {
            "tahun": [2022, 2024, 2026],
            "target": [87.1, 92.7, 92.9],
            "jenis": ["Renstra", "Renstra", "Target Akhir Renstra"],
        }
    )
    fig = tren_indikator(real, tgt, indikator="Nilai SKM", satuan="Nilai", status="Target akhir tercapai")
    names = [t.name for t in fig.data]
    assert names == ["Realisasi", "Target Renstra"]
    assert list(fig.data[0].text) == ["86,28", "92,60", "94,75"]
    assert any(s.y0 == 92.9 for s in fig.layout.shapes)
    assert fig.layout.title.text == "Nilai SKM: target akhir tercapai"


def test_unsur_bar_highlights_the_weakest_and_draws_mutu_bands():
    from lkjip.charts.skm import unsur_bar
    from lkjip.charts.style import WARNA_TERLEMAH

    df = pd.DataFrame(
        {
            "unsur_kode": ["U1", "U2", "U3"],
            "unsur_nama": ["Persyaratan", "Sistem", "Waktu"],
            "nrr": [3.13, 3.044, 3.13],
            "ikm_unsur": [78.25, 76.1, 78.25],
            "mutu": ["B", "C", "B"],
        }
    )
    fig = unsur_bar(df, judul_periode="Bantargebang TW4 2024", skala=SKALA_MUTU_SKM)
    assert list(fig.data[0].marker.color).index(WARNA_TERLEMAH) == 1
    assert "unsur terlemah U2 Sistem (76,10)" in fig.layout.title.text
    assert len(fig.layout.shapes) == 4  # A, B, C, D bands
    # each band spans the plot's height at its IKM range (the value axis is x here) and names its mutu
    a = fig.layout.shapes[0]
    assert (a.xref, a.x0, a.x1, a.yref, a.y0, a.y1) == ("x", 88.31, 100.0, "y domain", 0, 1)
    texts = [n.text for n in fig.layout.annotations]
    # a narrow band (D from the axis start at 60 to 65) is labelled with its letter only, so labels never collide
    assert texts == ["U1 Persyaratan", "U2 Sistem", "U3 Waktu", "Mutu A", "Mutu B", "Mutu C", "D"]
    # the band labels sit above the plot, never on a bar
    assert all(n.yref == "y domain" and n.y == 1 and n.yanchor == "bottom" for n in fig.layout.annotations[3:])


def test_ikm_tren_adds_peer_mean_and_median_of_the_same_year_only():
    from lkjip.charts.skm import ikm_tren

    df = pd.DataFrame({"kecamatan": ["A", "A", "B"], "tahun": [2023, 2024, 2024], "nilai": [80.0, 82.0, 90.0]})
    fig = ikm_tren(df, skala=SKALA_MUTU_SKM)
    names = [t.name for t in fig.data]
    assert names[-2:] == ["Rata-rata tahun itu", "Median tahun itu"]
    mean = fig.data[-2]
    # 2023 has one kecamatan: no mean; 2024 combines A and B of 2024 only; points, never a line across years
    assert list(mean.x) == [2024] and list(mean.y) == [86.0] and mean.mode == "markers"
    assert fig.layout.title.text == "IKM tertinggi terakhir: B (90,00, 2024)"


def test_anggaran_bar_names_the_lowest_absorption():
    from lkjip.charts.anggaran import anggaran_bar

    df = pd.DataFrame(
        {
            "nama": ["Program A", "Program B"],
            "pagu_murni": [None, None],
            "pagu_perubahan": [100.0, 200.0],
            "realisasi": [90.0, 100.0],
            "serapan_persen": [90.0, 50.0],
        }
    )
    fig = anggaran_bar(df, judul_level="Program")
    assert [t.name for t in fig.data] == ["Pagu perubahan", "Realisasi"]
    assert fig.layout.title.text == "Program: serapan terendah 50,00% (Program B)"
    assert fig.data[1].hovertext[0] == "Realisasi: Rp 90 · serapan 90,00%"


def test_triwulan_chart_uses_the_running_total_for_cumulative_indicators():
    from lkjip.charts.tren import triwulan_chart

    q = pd.DataFrame(
        {
            "periode": ["TW1", "TW2"],
            "urut": [0, 1],
            "agregasi": ["kumulatif"] * 2,
            "realisasi": [25.0, 25.0],
            "realisasi_kumulatif": [25.0, 50.0],
            "target": [25.0, 25.0],
            "capaian_persen": [100.0, 100.0],
            "target_tahunan": [100.0, 100.0],
        }
    )
    fig = triwulan_chart(q, indikator="Keluhan ditindaklanjuti", satuan="%")
    assert list(fig.data[0].y) == [25.0, 50.0] and fig.data[0].name == "Realisasi kumulatif"
    assert fig.layout.title.text == "Keluhan ditindaklanjuti: 2 dari 2 periode terisi"
    # the year's target across the whole plot, labelled in Indonesian format; the axis names the unit
    (line,) = fig.layout.shapes
    assert (line.xref, line.x0, line.x1, line.y0, line.y1) == ("x domain", 0, 1, 100.0, 100.0)
    assert [a.text for a in fig.layout.annotations] == ["Target tahunan 100,00"]
    assert fig.layout.yaxis.title.text == "%" and fig.layout.separators == ",."
    tanpa = triwulan_chart(q.assign(target_tahunan=float("nan")), indikator="Keluhan", satuan="%")
    assert not tanpa.layout.shapes and not tanpa.layout.annotations


def test_a_chart_of_many_budget_lines_shows_twelve_and_keeps_lines_that_share_a_name_apart():
    """Bantargebang's 40 sub kegiatan were 26 bars (five sharing a name stacked to 500%) on an unreadable chart."""
    from lkjip.charts.anggaran import anggaran_bar

    n = 40
    df = pd.DataFrame(
        {
            "nama": ["Pemberdayaan Masyarakat di Kelurahan"] * 5 + [f"Sub kegiatan {i}" for i in range(n - 5)],
            "pagu_murni": [None] * n,
            "pagu_perubahan": [float(1000 + i) for i in range(n)],
            "realisasi": [float(900 + i) for i in range(n)],
            "serapan_persen": [90.0] * n,
        }
    )
    fig = anggaran_bar(df, judul_level="Sub kegiatan")
    labels = [a.text.replace("<br>", " ") for a in fig.layout.annotations]
    assert len(fig.data[0].y) == len(labels) == 12 == len(set(labels))  # 11 largest + one row for the rest, apart
    assert labels[-1] == "29 pos lainnya (jumlah)"
    # the rest is summed, not dropped: the chart's total is the data's total
    assert sum(fig.data[0].x) == df["pagu_perubahan"].sum() and sum(fig.data[1].x) == df["realisasi"].sum()
    assert "11 pos terbesar" in fig.layout.title.subtitle.text
    few = anggaran_bar(df.head(6), judul_level="Sub kegiatan")
    assert [a.text.replace("<br>", " ") for a in few.layout.annotations][:2] == [
        "Pemberdayaan Masyarakat di Kelurahan (1 dari 5)",
        "Pemberdayaan Masyarakat di Kelurahan (2 dari 5)",
    ]
    # rupiah ticks in words, not 2.000.000.000 rotated
    assert all(t.endswith(("rb", "jt", "M", "T")) or t == "0" for t in fig.layout.xaxis.ticktext)


def test_a_capaian_chart_of_many_indicators_shows_the_twelve_lowest():
    n = 32
    df = pd.DataFrame(
        {
            "indikator": [f"Indikator {i}" for i in range(n)],
            "capaian_persen": [float(200 - i) if i != 3 else None for i in range(n)],
            "kategori": ["Sangat Tinggi"] * n,
            "target": [100.0] * n,
            "realisasi": [100.0] * n,
            "satuan": ["%"] * n,
        }
    )
    fig = capaian_bar(df, kecamatan="Kota Bangun", tahun=2023)
    assert len(fig.data[0].y) == 12
    assert list(fig.data[0].x) == sorted(df["capaian_persen"].dropna())[:12]  # the lowest, lowest first
    assert fig.layout.title.text == "Kota Bangun 2023: 31 dari 31 indikator mencapai target (1 belum dapat dihitung)"
    assert "12 capaian terendah dari 32" in fig.layout.title.subtitle.text


def test_every_chart_has_a_white_background():
    from lkjip.charts.anggaran import anggaran_bar

    fig = capaian_bar(_df(), kecamatan="Bontang Barat", tahun=2024)
    assert fig.layout.paper_bgcolor == "white" and fig.layout.plot_bgcolor == "white"
    assert (
        anggaran_bar(
            pd.DataFrame(
                {
                    "nama": ["A"],
                    "pagu_murni": [1.0],
                    "pagu_perubahan": [None],
                    "realisasi": [1.0],
                    "serapan_persen": [100.0],
                }
            ),
            judul_level="Program",
        ).layout.plot_bgcolor
        == "white"
    )
