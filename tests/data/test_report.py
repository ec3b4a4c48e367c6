"""Rapat materials: a deck for every kecamatan and year opens, has the slides, pictures, sources and the right numbers,
and is made for a projector (every shape inside its slide, slide text >= 18 pt and table cells >= 16 pt, text that
fits its box when measured with the real font, charts drawn for their size and filling most of their slide);
the printable PDF opens, has text, and its chart and table fit the page. Chart images need Chromium (kaleido uses
the system browser)."""

from __future__ import annotations

import io
import os
import re
from pathlib import Path

import pandas as pd
import pytest

from lkjip.format import format_angka, format_persen, format_rupiah
from lkjip.laporan import daftar_kecamatan, daftar_tahun

CHROMIUM = Path(os.environ.get("LKJIP_CHROMIUM", "/usr/bin/chromium"))
if not CHROMIUM.exists():
    if os.environ.get("CI") == "true":
        pytest.fail(f"Chromium tidak ada di {CHROMIUM}: gambar grafik wajib diuji di CI", pytrace=False)
    pytest.skip("Chromium tidak ada: gambar grafik (kaleido) tidak dapat dibuat", allow_module_level=True)

from PIL import Image, ImageFont  # noqa: E402
from pptx import Presentation  # noqa: E402
from pptx.enum.shapes import MSO_SHAPE_TYPE  # noqa: E402
from pptx.util import Emu  # noqa: E402

from lkjip.__main__ import main  # noqa: E402
from lkjip.report.deck import build_deck  # noqa: E402
from lkjip.report.gambar import PX_PER_INCI, SKALA, pt_ke_px, ukuran_cetak  # noqa: E402
from lkjip.report.materi import Bagian, materi  # noqa: E402
from lkjip.report.pdf import build_pdf, isi_pdf  # noqa: E402

# Liberation Sans has Arial's metrics: what LibreOffice draws the deck's Arial with, and what a projector PC's Arial
# measures. Text fit is checked with it, independently of the deck's own width estimates.
FONT_DIR = Path("/usr/share/fonts/truetype/liberation")
PESERTA = ["Kota Bangun", "Bontang Barat", "Balikpapan Selatan"]


@pytest.fixture(scope="module")
def decks(built_db, tmp_path_factory):
    """Every kecamatan and year, plus Bantargebang 2024 compared with three peers, built through the command line
    (--banding repeated)."""
    from lkjip.db.repository import Repository

    repo = Repository.open(built_db)
    out = {}
    for kec in daftar_kecamatan(repo)["kecamatan"]:
        for tahun in daftar_tahun(repo, kec):
            out[(kec, tahun)] = Presentation(io.BytesIO(build_deck(materi(repo, kec, tahun))))
    repo.close()
    path = tmp_path_factory.mktemp("deck") / "banding.pptx"
    args = ["deck", "--db", str(built_db), "--kecamatan", "Bantargebang", "--tahun", "2024", "--out", str(path)]
    assert main([*args, *(x for p in PESERTA for x in ("--banding", p))]) == 0
    out[("Bantargebang", 2024, "banding")] = Presentation(str(path))
    yield built_db, out


@pytest.fixture(scope="module")
def lebar_tabel():
    """A comparison of six kecamatan on twelve themes (the size the lead's comparison table can reach), with long
    names and rupiah values that do not break."""
    kec = ["Bantargebang", "Balikpapan Selatan", "Bontang Barat", "Kota Bangun", "Samarinda Ulu", "Tenggarong Seberang"]
    tema = [f"Tema perbandingan nomor {i} dengan nama yang cukup panjang" for i in range(1, 13)]
    rows = [{"Tema": t, **{k: f"Rp 53.161.664.{i:03d} (2024)" for k in kec}} for i, t in enumerate(tema)]
    df = pd.DataFrame(rows)
    b = Bagian(judul="Perbandingan enam kecamatan", tabel=df, poin=["Nilai terakhir tiap kecamatan."], sumber=["d, t"])
    return df, Presentation(io.BytesIO(build_deck([b])))


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


def _all(decks, lebar_tabel):
    _, all_decks = decks
    return [*all_decks.items(), (("lebar",), lebar_tabel[1])]


def test_every_deck_has_the_required_slides(decks):
    _, all_decks = decks
    assert len(all_decks) >= 10
    for key, prs in all_decks.items():
        kec, tahun = key[:2]
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
            assert any(t == needed or t.startswith(f"{needed} (") for t in titles), (key, needed)
        assert sum(p for *_, p in slides) >= 2, key  # real chart images


def test_speaker_notes_name_the_sources(decks):
    _, all_decks = decks
    for key, prs in all_decks.items():
        for title, _text, notes, pics in _slides(prs)[1:]:
            if "Sumber angka pada slide ini:" in notes:
                sumber = notes.split("Sumber angka pada slide ini:")[1]
                assert re.search(r"\d{3}_[0-9a-f]{16}\.txt|dihitung", sumber), (key, title)
            else:  # only a slide without numbers may say so
                assert "tidak memuat angka" in notes and not pics, (key, title)
        notes = {t: n for t, _, n, _ in _slides(prs)}
        assert "Tabel" in notes["Ringkasan capaian indikator utama"], key  # the document's table, not only the file


def test_every_shape_lies_inside_its_slide(decks, lebar_tabel):
    for key, prs in _all(decks, lebar_tabel):
        for n, slide in enumerate(prs.slides, start=1):
            for sh in slide.shapes:
                where = (key, n, sh.name)
                assert sh.left >= 0 and sh.top >= 0, where
                assert sh.left + sh.width <= prs.slide_width, where
                assert sh.top + sh.height <= prs.slide_height, where
                if sh.has_table:  # the drawn table is its rows and columns, not the frame's nominal size
                    assert sum(r.height for r in sh.table.rows) == sh.height, where
                    assert sum(c.width for c in sh.table.columns) <= sh.width, where
            boxes = sorted((sh.top, sh.top + sh.height) for sh in slide.shapes)
            for (_, bottom), (top, _) in zip(boxes, boxes[1:], strict=False):
                assert top >= bottom, (key, n, "shapes overlap")


def _runs(slide):
    for sh in slide.shapes:
        if sh.has_text_frame:
            for p in sh.text_frame.paragraphs:
                for r in p.runs:
                    yield "teks", r
        if sh.has_table:
            for row in sh.table.rows:
                for cell in row.cells:
                    for p in cell.text_frame.paragraphs:
                        for r in p.runs:
                            yield "tabel", r


def test_slide_text_is_at_least_18_pt_and_table_cells_16_pt(decks, lebar_tabel):
    for key, prs in _all(decks, lebar_tabel):
        for n, slide in enumerate(prs.slides, start=1):
            for kind, run in _runs(slide):
                assert run.font.size is not None, (key, n, run.text)
                assert run.font.size.pt >= (18 if kind == "teks" else 16), (key, n, kind, run.text, run.font.size.pt)


def _measured_lines(text: str, width_in: float, pt: float, bold: bool) -> int:
    font = ImageFont.truetype(str(FONT_DIR / f"LiberationSans-{'Bold' if bold else 'Regular'}.ttf"), 200)
    scale = pt / 200 / 72  # inches per font unit at pt
    lines = 0
    for paragraph in text.split("\n"):
        cur, n = "", 1
        for word in paragraph.split(" "):
            trial = f"{cur} {word}" if cur else word
            if cur and font.getlength(trial) * scale > width_in:
                n, cur = n + 1, word
            else:
                cur = trial
            while font.getlength(cur) * scale > width_in and len(cur) > 1:  # a word longer than the line
                n, cur = n + 1, cur[int(len(cur) * width_in / (font.getlength(cur) * scale)) :]
        lines += n
    return lines


def _fits(frame, width: int, height: int) -> tuple[float, float]:
    """(needed, available) height in points of a text frame's paragraphs, measured with Liberation Sans."""
    inner_w = Emu(width - frame.margin_left - frame.margin_right).inches
    need = 0.0
    for i, p in enumerate(frame.paragraphs):
        runs = p.runs
        if not runs:
            continue
        pt = runs[0].font.size.pt
        spacing = p.line_spacing.pt if p.line_spacing is not None and hasattr(p.line_spacing, "pt") else pt * 1.2
        need += _measured_lines(p.text, inner_w, pt, bool(runs[0].font.bold)) * spacing
        if i and p.space_before is not None:
            need += p.space_before.pt
    return need, Emu(height - frame.margin_top - frame.margin_bottom).pt


@pytest.mark.skipif(not FONT_DIR.exists(), reason="Liberation Sans tidak terpasang: ukuran teks tidak dapat diukur")
def test_text_fits_its_box_measured_with_the_real_font(decks, lebar_tabel):
    """python-pptx cannot measure text; the deck estimates it. A box or table row too short for its text would let the
    text run over the next shape or off the slide when PowerPoint draws it."""
    for key, prs in _all(decks, lebar_tabel):
        for n, slide in enumerate(prs.slides, start=1):
            for sh in slide.shapes:
                if sh.has_text_frame and sh.text_frame.text:
                    need, have = _fits(sh.text_frame, sh.width, sh.height)
                    assert need <= have + 0.5, (key, n, sh.text_frame.text[:60], need, have)
                if sh.has_table:
                    for row in sh.table.rows:
                        for cell, col in zip(row.cells, sh.table.columns, strict=True):
                            need, have = _fits(cell.text_frame, col.width, row.height)
                            assert need <= have + 0.5, (key, n, cell.text[:60], need, have)


def test_charts_fill_their_slide_and_are_drawn_for_its_size(decks):
    _, all_decks = decks
    area = None
    for key, prs in all_decks.items():
        area = prs.slide_width * prs.slide_height
        for n, slide in enumerate(prs.slides, start=1):
            for sh in slide.shapes:
                if sh.shape_type != MSO_SHAPE_TYPE.PICTURE:
                    continue
                assert sh.width * sh.height >= 0.55 * area, (key, n, sh.width * sh.height / area)
                # the PNG has exactly the pixels of its place on the slide at PX_PER_INCI × SKALA: drawn for that
                # size, not a screen image shrunk (the old 1600×900 picture in half a slide had ~5 px text)
                w, h = Image.open(io.BytesIO(sh.image.blob)).size
                assert w == round(Emu(sh.width).inches * PX_PER_INCI) * SKALA, (key, n, w)
                assert h == round(Emu(sh.height).inches * PX_PER_INCI) * SKALA, (key, n, h)


def _fonts(fig) -> list[tuple[str, float]]:
    """Every font size a figure sets for text drawn on it."""
    lay = fig.layout
    out = [("layout", lay.font.size), ("judul", lay.title.font.size), ("legenda", lay.legend.font.size)]
    for name in [k for k in lay.to_plotly_json() if re.fullmatch(r"[xy]axis\d*", k)]:
        axis = lay[name]
        out += [(f"{name} tick", axis.tickfont.size)]
        if axis.title.text:
            out += [(f"{name} judul", axis.title.font.size)]
    out += [(f"anotasi {a.text}", a.font.size) for a in lay.annotations]
    out += [(f"teks {t.name}", t.textfont.size) for t in fig.data if "textfont" in t and t.text is not None]
    return out


def test_slide_figures_set_every_font_to_at_least_18_pt_at_picture_size(built_db):
    from lkjip.db.repository import Repository

    repo = Repository.open(built_db)
    bagian = [b for b in materi(repo, "Kota Bangun", 2023, banding=["Bantargebang"]) if b.grafik is not None]
    repo.close()
    minimum = pt_ke_px(18)  # pixels of 18 pt at the figure's layout density (100 px per inch: 25 px)
    assert minimum == 25
    for b in bagian:
        fig = ukuran_cetak(b.grafik, 12.33, 4.9)
        assert (fig.layout.width, fig.layout.height) == (1233, 490)
        assert fig.layout.paper_bgcolor == "white" and fig.layout.plot_bgcolor == "white", b.judul
        for where, size in _fonts(fig):
            assert size is not None and size >= minimum, (b.judul, where, size)
        assert fig.layout.uniformtext.minsize >= minimum  # bar labels never shrink to fit a bar
        assert b.grafik.layout.width is None or b.grafik.layout.width != 1233  # the section's figure is not changed


def test_a_slide_figure_is_the_same_after_the_screen_cache_serialised_it(built_db):
    """st.cache_data pickles the materials; Plotly then holds numpy data as base64 typed arrays. The slide copy must
    read those too (the budget chart on screen lost its tick limit and showed eight overlapping rupiah ticks)."""
    import pickle

    from lkjip.db.repository import Repository

    repo = Repository.open(built_db)
    bagian = materi(repo, "Kota Bangun", 2023)
    repo.close()
    for b, c in zip(bagian, pickle.loads(pickle.dumps(bagian)), strict=True):
        if b.grafik is not None:
            assert ukuran_cetak(c.grafik, 12.5, 4.5).layout == ukuran_cetak(b.grafik, 12.5, 4.5).layout, b.judul


def test_a_long_table_shows_its_first_rows_and_counts_the_rest(decks):
    built_db, all_decks = decks
    from lkjip.db.repository import Repository

    repo = Repository.open(built_db)
    temuan = repo.fetch("temuan", kecamatan=None)
    repo.close()
    for key, prs in all_decks.items():
        slide = next(s for s in prs.slides if s.shapes[0].text_frame.text == "Catatan kualitas data laporan")
        table = next(sh.table for sh in slide.shapes if sh.has_table)
        shown = len(table.rows) - 1
        text = "\n".join(sh.text_frame.text for sh in slide.shapes if sh.has_text_frame)
        rest = re.search(r"… dan (\d+) baris lain", text)
        total = int((temuan["kecamatan"] == key[0]).sum())
        assert shown + (int(rest.group(1)) if rest else 0) == total, (key, shown, total)
        assert shown >= min(total, 3), key  # not one row and the rest counted


def test_a_wide_table_is_split_over_slides_with_every_value(lebar_tabel):
    df, prs = lebar_tabel
    slides = list(prs.slides)
    assert len(slides) >= 2 and all(
        s.shapes[0].text_frame.text.startswith("Perbandingan enam kecamatan (") for s in slides
    )
    seen: dict[tuple[str, str], str] = {}
    for s in slides:
        table = next(sh.table for sh in s.shapes if sh.has_table)
        header = [c.text for c in table.rows[0].cells]
        assert header[0] == "Tema"  # the row's name repeats on every part
        for row in list(table.rows)[1:]:
            cells = [c.text for c in row.cells]
            for col, value in zip(header[1:], cells[1:], strict=True):
                seen[(cells[0], col)] = value
    expected = {(r["Tema"], k): r[k] for r in df.to_dict("records") for k in df.columns[1:]}
    assert seen == expected


def test_comparison_with_several_peers(decks):
    _, all_decks = decks
    slides = _slides(all_decks[("Bantargebang", 2024, "banding")])
    parts = [s for s in slides if s[0].startswith("Perbandingan Bantargebang dan 3 kecamatan lain")]
    text, notes = "\n".join(p[1] for p in parts), "\n".join(p[2] for p in parts)  # a wide table is split
    for kec in ["Bantargebang", *PESERTA]:
        assert kec in text
    # every theme, each value with its mutu/predikat and year (the same comparison as /banding)
    assert "83,51 B · 2023" in text and "94,75 A · 2024" in text and "78,65 BB · 2023" in text
    for ukuran in ("IKM (SKM)", "Serapan anggaran", "Efisiensi: capaian IKU − serapan", "Nilai SAKIP"):
        assert ukuran in text
    assert "Capaian IKU ketentraman dan ketertiban" in text and "tahun berbeda" in text
    assert "003_8f6a8a44a28734a9.txt" in notes and "001_4559f962de0788cc.txt" in notes
    assert any(t.startswith("IKM per unsur: Bantargebang dan 3 kecamatan lain") for t, *_ in slides)


def test_one_peer_still_works(built_db):
    from lkjip.db.repository import Repository

    repo = Repository.open(built_db)
    titles = [b.judul for b in materi(repo, "Bantargebang", 2024, banding="Kota Bangun")]
    repo.close()
    assert "Perbandingan Bantargebang dan Kota Bangun" in titles


def _nilai(v, satuan):
    return format_rupiah(v) if str(satuan).strip().lower() in ("rp", "rupiah") else format_angka(v)


def test_deck_numbers_match_the_views(decks):
    built_db, all_decks = decks
    from lkjip.db.repository import Repository

    repo = Repository.open(built_db)
    cap = repo.fetch_view("v_capaian")
    repo.close()
    for key, prs in all_decks.items():
        kec, tahun = key[:2]
        text = "\n".join(t for _, t, _, _ in _slides(prs))
        rows = cap[
            (cap["kecamatan"] == kec)
            & (cap["tahun"] == tahun)
            & (cap["periode"] == "Tahunan")
            & cap["tingkat"].isin(["iku", "tujuan"])
        ].dropna(subset=["realisasi"])
        for r in rows.head(3).itertuples():
            assert _nilai(r.realisasi, r.satuan) in text, (key, r.indikator)
            if r.capaian_persen == r.capaian_persen:
                assert format_persen(r.capaian_persen) in text, (key, r.indikator)


def test_bantargebang_deck_names_the_weakest_unsur_and_its_follow_up(decks):
    _, all_decks = decks
    slides = _slides(all_decks[("Bantargebang", 2024)])
    title, skm, notes, _ = next(s for s in slides if s[0].startswith("SKM per unsur"))
    assert "U2 Sistem, mekanisme dan prosedur" in skm and "76,10" in skm and "Usulan tindak lanjut" in skm
    assert "003_8f6a8a44a28734a9.txt" in notes and "Tabel 3.4" in notes


def test_pdf_summary_opens_and_carries_the_numbers(built_db):
    from pypdf import PdfReader

    from lkjip.db.repository import Repository

    repo = Repository.open(built_db)
    reader = PdfReader(io.BytesIO(build_pdf(materi(repo, "Kota Bangun", 2023))))
    repo.close()
    assert 1 <= len(reader.pages) <= 2
    text = " ".join(p.extract_text() for p in reader.pages)
    assert "Evaluasi Kinerja Kecamatan Kota Bangun Tahun 2023" in text
    assert "83,51" in text and "Tindak lanjut" in text


def test_pdf_chart_is_drawn_for_its_printed_size_and_tables_fit_the_page(built_db):
    from reportlab.platypus import Image as PdfImage
    from reportlab.platypus import Table

    from lkjip.db.repository import Repository

    repo = Repository.open(built_db)
    for kec, tahun in (("Kota Bangun", 2023), ("Bantargebang", 2024)):
        isi = isi_pdf(materi(repo, kec, tahun))
        for f in isi.flow:
            if isinstance(f, Table):
                assert sum(f._colWidths) <= isi.lebar + 0.01, (kec, "tabel lebih lebar dari halaman")
            if isinstance(f, PdfImage):
                assert f.drawWidth <= isi.lebar + 0.01
        assert isi.grafik is not None
        fig, (w_in, h_in) = isi.grafik
        assert fig.layout.paper_bgcolor == "white" and fig.layout.plot_bgcolor == "white"
        assert (fig.layout.width, fig.layout.height) == (round(w_in * PX_PER_INCI), round(h_in * PX_PER_INCI))
        for where, size in _fonts(fig):  # 9 pt at the printed size, as the body text
            assert size is not None and size >= pt_ke_px(9), (kec, where, size)
    repo.close()
