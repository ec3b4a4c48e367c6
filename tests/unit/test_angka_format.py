import pytest
from hypothesis import given
from hypothesis import strategies as st

from lkjip.errors import AngkaError
from lkjip.format import format_angka, format_persen, format_rupiah
from lkjip.io.angka import parse_angka


def test_display_formats_are_indonesian():
    assert format_rupiah(53_161_664_873) == "Rp 53.161.664.873"
    assert format_angka(94.75) == "94,75"
    assert format_persen(102.2114) == "102,21%"
    assert format_angka(None) == "–"


@pytest.mark.parametrize(
    ("text", "fmt", "value"),
    [
        ("53.161.664.873,00", "id", 53_161_664_873),
        ("29,431,660,181", "en", 29_431_660_181),
        ("Rp 53,161,664,873,-", "en", 53_161_664_873),
        ("Rp.1.418.355.326,00", "id", 1_418_355_326),
        ("83.514", "en", 83.514),
        ("102,21%", "id", 102.21),
        ("30 %", "id", 30),
        ("1.234.567,89", "auto", 1_234_567.89),
        ("1,234,567.89", "auto", 1_234_567.89),
        ("12,5%", "auto", 12.5),
        ("Rp 1.000", "id", 1000),
        ("(47.306.000,00)", "id", -47_306_000),
        ("97 persen", "id", 97),
        ("Rp. 23,009,396,760,-", "en", 23_009_396_760),
        ("307.690.578,", "id", 307_690_578),
        ("3.879.341.025-", "id", 3_879_341_025),
    ],
)
def test_parse_explicit_per_source(text, fmt, value):
    assert parse_angka(text, fmt) == pytest.approx(value)


def test_empty_is_none():
    assert parse_angka("  ") is None


@pytest.mark.parametrize("text", ["1.234", "1,234"])
def test_ambiguous_is_rejected_in_auto_mode(text):
    with pytest.raises(AngkaError, match="bermakna ganda"):
        parse_angka(text, "auto")


@pytest.mark.parametrize(("text", "fmt"), [("abc", "id"), ("1.23.4", "id"), ("29,431,660,181", "id")])
def test_unreadable_is_an_indonesian_error(text, fmt):
    with pytest.raises(AngkaError, match="bukan angka"):
        parse_angka(text, fmt)


@given(st.integers(min_value=0, max_value=10**13), st.integers(min_value=0, max_value=99))
def test_format_then_parse_round_trips(whole, cents):
    value = whole + cents / 100
    assert parse_angka(format_angka(value), "id") == pytest.approx(value, abs=1e-6)


@given(
    st.floats(min_value=-1e15, max_value=1e15, allow_nan=False) | st.integers(-(10**15), 10**15),
    st.sampled_from([0, 2, 3]),
)
def test_display_format_is_babels_indonesian_format(x, desimal):
    """format_angka applies babel's id_ID pattern parsed once: the same text as babel's format_decimal."""
    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + "0" * desimal if desimal else "")
    assert format_angka(x, desimal) == format_decimal(x, format=pattern, locale="id_ID")
