"""Bahan Rapat: the PowerPoint deck and the printable summary for the rapat evaluasi, built with progress."""

import streamlit as st

from lkjip.config import get_settings
from lkjip.report.deck import build_deck, rencana_slide
from lkjip.report.disetujui import materi_rapat
from lkjip.report.pdf import build_pdf
from pages._pilihan import halaman, pilih_banding
from pages._tampilan import teks_md

r, kecamatan, tahun = halaman("Bahan Rapat Evaluasi")
st.caption(
    "Deck 16:9 berbahasa Indonesia dengan grafik dari dasbor ini; catatan pembicara tiap slide menyebut dokumen "
    "dan tabel sumber angkanya. Ringkasan PDF satu–dua halaman untuk map rapat."
)
banding = pilih_banding(kecamatan, "banding-deck")
hanya_disetujui = st.toggle(
    "Hanya nilai yang sudah disetujui camat",
    value=True,
    key="deck-disetujui",
    help="Bawaan: masukan operator (impor atau formulir) yang belum disetujui tidak dimuat; slide judul menyebutnya. "
    "Matikan untuk memuat semua nilai, misalnya pada rapat internal sebelum persetujuan.",
)

c1, c2 = st.columns(2)
if c1.button("Susun deck PowerPoint", type="primary", icon=":material/slideshow:", key="buat-deck"):
    bar = st.progress(0.0, text="Menyiapkan bahan")
    bagian = materi_rapat(
        get_settings().db_path,
        kecamatan,
        tahun,
        banding=banding or None,
        hanya_disetujui=hanya_disetujui,
        progress=lambda f, t: bar.progress(f * 0.4, text=teks_md(t)),
    )
    data = build_deck(bagian, progress=lambda f, t: bar.progress(0.4 + f * 0.6, text=teks_md(t)))
    bar.progress(1.0, text=f"Deck siap: {len(list(rencana_slide(bagian)))} slide")
    st.session_state["deck"] = (f"rapat_{kecamatan}_{tahun}.pptx", data)
if c2.button("Susun ringkasan PDF", icon=":material/picture_as_pdf:", key="buat-pdf"):
    with st.status("Menyusun ringkasan PDF", expanded=False) as status:
        bagian = materi_rapat(
            get_settings().db_path,
            kecamatan,
            tahun,
            hanya_disetujui=hanya_disetujui,
            progress=lambda f, t: status.update(label=teks_md(t)),
        )
        st.session_state["pdf"] = (f"ringkasan_{kecamatan}_{tahun}.pdf", build_pdf(bagian))
        status.update(label="Ringkasan PDF siap", state="complete")
if "deck" in st.session_state:
    nama, data = st.session_state["deck"]
    c1.download_button(
        "Unduh deck",
        data,
        nama,
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        key="unduh-deck",
    )
if "pdf" in st.session_state:
    nama, data = st.session_state["pdf"]
    c2.download_button("Unduh PDF", data, nama, "application/pdf", key="unduh-pdf")
st.page_link(
    "pages/presentasi.py",
    label="Buka mode presentasi",
    icon=":material/co_present:",
    query_params={"kecamatan": kecamatan, "tahun": str(tahun), **({"banding": banding} if banding else {})},
)
