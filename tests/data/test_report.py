"""Rapat materials: a deck for every kecamatan and year opens, has the slides, pictures, sources and the right numbers;
the printable PDF opens and has text. Chart images need Chromium (kaleido uses the system browser)."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from lkjip.format import format_angka, format_persen
from lkjip.laporan import daftar_kecamatan, daftar_tahun

CHROMIUM = Path(os.environ.get("LKJIP_CHROMIUM", "/usr/bin/chromium"))
if not CHROMIUM.exists():
    if os.environ.get("CI") == "true":
        pytest.fail(f"Chromium tidak ada di {CHROMIUM}: gambar grafik wajib diuji di CI", pytrace=False)
    pytest.skip("Chromium tidak ada: gambar grafik (kaleido) tidak dapat dibuat", allow_module_level=True)

from pptx import Presentation  # noqa: E402
from pptx.enum.shapes import MSO_SHAPE_TYPE  # noqa: E402

from lkjip.report.deck import build_deck  # noqa: E402
from lkjip.report.materi import materi  # noqa: E402
from lkjip.report.pdf import build_pdf  # noqa: E402


@pytest.fixture(scope="module")
def decks(built_db):
    from lkjip.db.repository import Repository

    repo = Repository.open(built_db)
    out = {}
    for kec in daftar_kecamatan(repo)["kecamatan"]:
        for tahun in daftar_tahun(repo, kec):
            out[(kec, tahun)] = Presentation(io.BytesIO(build_deck(materi(repo, kec, tahun))))
    yield repo, out
    repo.close()


def _slides(prs) -> list[tuple[str, str, str, int]]:
    """(title, all text, notes, pictures) per slide."""
    out = []
    for s in prs.slides:
        texts = [sh.text_frame.text for sh in s.shapes if sh.has_text_frame]
        for sh in s.shapes:
            if sh.has_table:
                texts += [c.text for row in sh.table.rows for c in row.cells]
        pics = sum(1 for sh in s.shapes if sh.shape_type == MSO_SHAPE_TYPE.PICTURE)
        out.append((texts[0] if texts else "", "\n".join(texts), s.notes_slide.notes_text_frame.text, pics))
    return out


def test_every_deck_has_the_required_slides(decks):
    _, all_decks = decks
    assert len(all_decks) >= 10
    for (kec, tahun), prs in all_decks.items():
        assert prs.slide_width / prs.slide_height == pytest.approx(16 / 9, rel=0.01)
        slides = _slides(prs)
        titles = [t for t, *_ in slides]
        assert titles[0] == f"Evaluasi Kinerja Kecamatan {kec} Tahun {tahun}"
        for needed in (
            "Ringkasan capaian indikator utama",
            "Perbandingan IKM antar kecamatan",
            "Catatan kualitas data laporan",
            "Tindak lanjut",
        ):
            assert needed in titles, (kec, tahun, needed)
        assert sum(p for *_, p in slides) >= 2, (kec, tahun)  # real chart images
        for title, _, notes, _ in slides[1:]:
            assert notes.startswith("Sumber angka") or "tidak memuat angka" in notes, (kec, tahun, title)


def test_deck_numbers_match_the_views(decks):
    repo, all_decks = decks
    cap = repo.fetch_view("v_capaian")
    for (kec, tahun), prs in all_decks.items():
        text = "\n".join(t for _, t, _, _ in _slides(prs))
        rows = cap[
            (cap["kecamatan"] == kec)
            & (cap["tahun"] == tahun)
            & (cap["periode"] == "Tahunan")
            & cap["tingkat"].isin(["iku", "tujuan"])
        ].dropna(subset=["realisasi"])
        for r in rows.head(3).itertuples():
            assert format_angka(r.realisasi) in text, (kec, tahun, r.indikator)
            if r.capaian_persen == r.capaian_persen:
                assert format_persen(r.capaian_persen) in text, (kec, tahun, r.indikator)


def test_bantargebang_deck_names_the_weakest_unsur_and_its_follow_up(decks):
    _, all_decks = decks
    slides = _slides(all_decks[("Bantargebang", 2024)])
    skm = next(t for title, t, _, _ in slides if title.startswith("SKM per unsur"))
    assert "U2 Sistem, mekanisme dan prosedur" in skm and "76,10" in skm and "Usulan tindak lanjut" in skm
    notes = next(n for title, _, n, _ in slides if title.startswith("SKM per unsur"))
    assert "003_8f6a8a44a28734a9.txt" in notes and "Tabel 3.4" in notes


def test_comparison_slide(built_db):
    from lkjip.db.repository import Repository

    repo = Repository.open(built_db)
    prs = Presentation(io.BytesIO(build_deck(materi(repo, "Bantargebang", 2024, banding="Kota Bangun"))))
    titles = [t for t, *_ in _slides(prs)]
    assert "Perbandingan Bantargebang dan Kota Bangun" in titles
    repo.close()


def test_pdf_summary_opens_and_carries_the_numbers(built_db):
    from pypdf import PdfReader

    from lkjip.db.repository import Repository

    repo = Repository.open(built_db)
    reader = PdfReader(io.BytesIO(build_pdf(materi(repo, "Kota Bangun", 2023))))
    assert 1 <= len(reader.pages) <= 2
    text = " ".join(p.extract_text() for p in reader.pages)
    assert "Evaluasi Kinerja Kecamatan Kota Bangun Tahun 2023" in text
    assert "83,51" in text and "Tindak lanjut" in text
    repo.close()
