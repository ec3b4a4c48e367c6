"""Mode Presentasi: the deck's slides one at a time on the projector, each fitting one screen (1366×768 and larger)
without scrolling; ◀/▶ buttons, the arrow keys and PageUp/PageDown (a clicker) step through them. The sidebar
(kecamatan, tahun, peers) starts collapsed; the URL keeps the slide (?slide=N) and the peers (?banding=…)."""

import streamlit as st

from lkjip.charts.style import tanpa_markup_data
from lkjip.format import format_angka, tabel_tampilan
from lkjip.report.deck import rencana_slide
from lkjip.report.gambar import ukuran_cetak
from pages._data import db_versi, materi_rapat
from pages._pilihan import angka_url, halaman, pilih_banding
from pages._tampilan import tabel_data, teks_md

# (whether the sidebar starts collapsed is decided in app.py, with the page config)
# static layout only (no data in it): less padding above the slide, larger slide text, and the PageUp/PageDown
# buttons, which exist only for their keyboard shortcut, out of sight
st.html(
    """<style>
    [data-testid="stMainBlockContainer"] { height: 100vh; box-sizing: border-box; display: flex; flex-direction: column;
        padding-top: 3.75rem; padding-bottom: 0.75rem; }
    [data-testid="stMainBlockContainer"] > [data-testid="stVerticalBlock"],
    [data-testid="stLayoutWrapper"]:has(> .st-key-slide), .st-key-slide { flex: 1 1 auto; min-height: 0; }
    [class*="st-key-slide-grafik"] { flex: 1 1 auto !important; min-height: 200px; }
    .st-key-slide p, .st-key-slide li { font-size: 1.3rem; }
    .st-key-slide h1 { font-size: 2.3rem; padding-top: 0.25rem; }
    .st-key-tombol-halaman { display: none; }
    </style>"""
)
r, kecamatan, tahun = halaman(None)
banding = pilih_banding(kecamatan, "banding-presentasi", st.sidebar)
with st.spinner("Menyiapkan bahan presentasi"):
    slides = list(rencana_slide(materi_rapat(db_versi(), kecamatan, tahun, tuple(banding))))
n = len(slides)
i = min(max(angka_url(st.query_params.get("slide")) or 1, 1), n)
st.query_params["slide"] = str(i)


def geser(langkah: int) -> None:
    """Move before the rerun, so the buttons' state matches the slide shown."""
    st.query_params["slide"] = str(min(max(i + langkah, 1), n))


c1, c2, c3 = st.columns([1, 4, 1], vertical_alignment="center")
c1.button(
    "◀ Sebelumnya", disabled=i <= 1, key="sebelumnya", width="stretch", on_click=geser, args=(-1,), shortcut="Left"
)
c3.button(
    "Berikutnya ▶", disabled=i >= n, key="berikutnya", width="stretch", on_click=geser, args=(1,), shortcut="Right"
)
c2.progress(i / n, text=f"Slide {i} dari {n}")
with st.container(key="tombol-halaman"):  # one shortcut per button: PageUp/PageDown (a presenter's clicker) too
    st.button("Sebelumnya", disabled=i <= 1, key="sebelumnya-pgup", on_click=geser, args=(-1,), shortcut="PageUp")
    st.button("Berikutnya", disabled=i >= n, key="berikutnya-pgdn", on_click=geser, args=(1,), shortcut="PageDown")

s = slides[i - 1]
b = s.bagian
TINGGI_TABEL = 360
with st.container(key="slide"):
    st.title(teks_md(s.judul))
    if b.jenis == "judul":
        st.markdown("\n\n".join(teks_md(p) for p in s.poin))
    elif s.poin:  # bullets only ("• …" as the deck writes them)
        st.markdown("\n".join(f"- {teks_md(p.removeprefix('• '))}" for p in s.poin))
    elif s.ringkas:
        st.markdown("\n".join(f"- {teks_md(p)}" for p in s.ringkas))
    if s.tabel is not None:
        # a long list (the deck shows its first rows and counts the rest) is shown whole, scrolling inside the table;
        # a table the deck splits over slides shows the same part as that slide
        data = b.tabel if b.tabel_ringkas and b.tabel is not None else s.tabel.data
        if len(data) > len(s.tabel.data):
            st.caption(f"{format_angka(len(data), 0)} baris; gulir di dalam tabel untuk baris berikutnya.")
        # the headers are already words (kecamatan names among them): shown as they are; at most TINGGI_TABEL tall
        # (ten rows: what a 768 px window leaves under a two-line summary), scrolling inside
        tabel_data(
            tabel_tampilan(data, {}),
            f"slide-tabel-{i}",
            label={c: str(c) for c in data.columns},
            height=min(TINGGI_TABEL, 35 * (len(data) + 1) + 3),
        )
    elif b.grafik is not None and not s.poin:
        # drawn like the slide's picture (white, 14 pt = 20 px text at a 1366 px screen's width) and as tall as the
        # screen leaves under the title (the container stretches to the bottom of the window)
        fig = ukuran_cetak(b.grafik, 12.5, 4.5, pt=14)
        fig.update_layout(height=None, width=None, autosize=True)
        # a key per slide: a zoom on one slide's chart does not carry over to the next
        st.plotly_chart(
            tanpa_markup_data(fig), key=f"slide-grafik-{i}", height="stretch", theme=None, config={"responsive": True}
        )
if s.catatan or b.sumber:
    with st.expander("Catatan pembicara dan sumber angka"):
        if s.catatan:
            st.markdown("\n".join(f"- {teks_md(p)}" for p in s.catatan))
        st.caption(
            teks_md("Sumber: " + "; ".join(b.sumber)) if b.sumber else "Slide ini tidak memuat angka dari dokumen."
        )
