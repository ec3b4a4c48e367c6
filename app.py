"""Entry point: page config and navigation. st.navigation makes this file the router, so a deep
link such as /kualitas_data runs it first. (Until st.navigation has run once in the server process Streamlit would
auto-route the pages/ folder; pages/_data.py switches that off on the first run, see _route_through_app.)"""

import streamlit as st

# an emoji tab icon is drawn by the browser itself; a Material icon here is fetched from fonts.gstatic.com (offline
# offices would show a broken icon and every visit would call an outside host)
st.set_page_config(
    page_title="Kinerja Kecamatan (LKjIP)", page_icon="📊", layout="wide", initial_sidebar_state="auto"
)  # Mode Presentasi collapses it; the other pages open it again

# The look Streamlit has no option for: chart findings as headings (pages/_tampilan.grafik), and Streamlit's own
# English texts that cannot be set hidden or replaced (the uploader's instructions and button, "Press Enter to
# apply"); our labels say the same in Indonesian.
st.html(
    """<style>
    .lkjip-judul-grafik { font-weight: 600; font-size: 1.05rem; margin: 0.6rem 0 0 0; line-height: 1.35; }
    .lkjip-subjudul-grafik { color: #57606a; font-size: 0.9rem; margin: 0; }
    .lkjip-keterangan { color: #57606a; font-size: 0.9rem; margin: 0.2rem 0; }
    [data-testid="InputInstructions"] { display: none; }
    [data-testid="stFileUploaderDropzoneInstructions"] { display: none; }
    [data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p { display: none; }
    [data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"]::after { content: "Pilih berkas"; }
    </style>"""
)

RINGKASAN = st.Page("pages/ringkasan.py", title="Ringkasan", icon=":material/home:", url_path="beranda", default=True)

PAGES = {
    "Kinerja": [
        RINGKASAN,
        # /ringkasan?… (shared links, README): the same page under its own name; it runs the page directly (a
        # switch to / would run the script twice on the first visit)
        st.Page("pages/ringkasan.py", title="Ringkasan", url_path="ringkasan", visibility="hidden"),
        st.Page(
            "pages/target_realisasi.py",
            title="Target vs Realisasi",
            icon=":material/target:",
            url_path="target_realisasi",
        ),
        st.Page("pages/triwulan.py", title="Progres Triwulan", icon=":material/calendar_month:", url_path="triwulan"),
        st.Page("pages/skm.py", title="SKM per Unsur", icon=":material/sentiment_satisfied:", url_path="skm"),
        st.Page("pages/anggaran.py", title="Anggaran & Efisiensi", icon=":material/payments:", url_path="anggaran"),
    ],
    "Perbandingan": [
        st.Page("pages/banding.py", title="Perbandingan Kecamatan", icon=":material/compare:", url_path="banding"),
        st.Page(
            "pages/benchmark.py", title="Benchmark Antar Kecamatan", icon=":material/leaderboard:", url_path="benchmark"
        ),
    ],
    "Rapat Evaluasi": [
        st.Page("pages/bahan_rapat.py", title="Bahan Rapat", icon=":material/slideshow:", url_path="bahan_rapat"),
        st.Page("pages/presentasi.py", title="Mode Presentasi", icon=":material/co_present:", url_path="presentasi"),
    ],
    "Entri Data": [
        st.Page("pages/entri.py", title="Entri Triwulan", icon=":material/edit_note:", url_path="entri"),
        st.Page("pages/impor.py", title="Impor Data", icon=":material/upload_file:", url_path="impor"),
        st.Page("pages/audit.py", title="Log Perubahan", icon=":material/history:", url_path="audit"),
    ],
    "Data": [
        st.Page(
            "pages/kualitas_data.py", title="Kualitas Data", icon=":material/fact_check:", url_path="kualitas_data"
        ),
        st.Page("pages/sumber.py", title="Sumber & Metodologi", icon=":material/menu_book:", url_path="sumber"),
    ],
}

# every page listed: a collapsed list says "View 3 more" (English) and hides pages
halaman = st.navigation(PAGES, expanded=True)
# which page the previous run showed: Mode Presentasi decides on arrival whether to collapse the sidebar
st.session_state["_halaman_sebelumnya"] = st.session_state.get("_halaman")
st.session_state["_halaman"] = halaman.url_path
halaman.run()
