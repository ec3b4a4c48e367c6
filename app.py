"""Entry point: page config and navigation. st.navigation makes this file the router, so a deep
link such as /kualitas_data runs it first. (Until st.navigation has run once in the server process Streamlit would
auto-route the pages/ folder; pages/_data.py switches that off on the first run, see _route_through_app.)"""

import logging
import uuid

import streamlit as st

from lkjip.errors import LkjipError
from pages._identitas import PERAN, identitas
from pages._tampilan import tampilkan_error

HALAMAN_TULIS = frozenset({"entri", "impor"})  # entering and importing: operators (their kecamatan) and admins
HALAMAN_ADMIN = frozenset({"pengguna"})  # settings (managing users): admins only

# an emoji tab icon is drawn by the browser itself; a Material icon here is fetched from fonts.gstatic.com (offline
# offices would show a broken icon and every visit would call an outside host)
# (title, icon and layout before st.navigation, which would otherwise show the page's Material icon first; the
# sidebar's state after it, once the page is known)
st.set_page_config(page_title="Kinerja Kecamatan (LKjIP)", page_icon="📊", layout="wide")
st.session_state["_lewat_app"] = True  # this session is routed by app.py (pages/_data._route_through_app)

# The look Streamlit has no option for: chart findings as headings (pages/_tampilan.grafik), a page list compact
# enough that the kecamatan choice below it is in view on a 1000 px high screen with every page listed, and Streamlit's own
# English texts that cannot be set hidden or replaced (the uploader's instructions and button, "Press Enter to
# apply"); our labels say the same in Indonesian.
st.html(
    """<style>
    .lkjip-judul-grafik { font-weight: 600; font-size: 1.05rem; margin: 0.6rem 0 0 0; line-height: 1.35; }
    .lkjip-subjudul-grafik { color: #57606a; font-size: 0.9rem; margin: 0; }
    .lkjip-keterangan { color: #57606a; font-size: 0.9rem; margin: 0.2rem 0; }
    [data-testid="stSidebarNav"] [data-testid="stSidebarNavLink"] { height: 1.6rem; min-height: 1.6rem; margin: 1px 0; }
    [data-testid="stSidebarNav"] [data-testid="stNavSectionHeader"] { margin: 0.4rem 0 0.1rem 0; }
    [data-testid="InputInstructions"] { display: none; }
    [data-testid="stFileUploaderDropzoneInstructions"] { display: none; }
    [data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p { display: none; }
    [data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"]::after { content: "Pilih berkas"; }
    </style>"""
)

# who is using the app (sign-in, a proxy's header, or the local mode); stops here with the sign-in screen or "akun
# belum terdaftar", so nothing else is shown to someone the database does not know
pengguna = identitas()
st.session_state["_pengguna"] = pengguna
# pages a role cannot use are left out of the sidebar and refused by URL (a forged write is refused in lkjip anyway)
terlarang = HALAMAN_TULIS if pengguna.peran in ("camat", "verifikator", "pembaca") else frozenset()
if pengguna.peran != "admin":
    terlarang |= HALAMAN_ADMIN


def _tampak(url_path: str) -> str:
    return "hidden" if url_path in terlarang else "visible"


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
        st.Page(
            "pages/entri.py",
            title="Entri Triwulan",
            icon=":material/edit_note:",
            url_path="entri",
            visibility=_tampak("entri"),
        ),
        st.Page(
            "pages/impor.py",
            title="Impor Data",
            icon=":material/upload_file:",
            url_path="impor",
            visibility=_tampak("impor"),
        ),
        st.Page("pages/persetujuan.py", title="Persetujuan", icon=":material/approval:", url_path="persetujuan"),
        st.Page("pages/audit.py", title="Log Perubahan", icon=":material/history:", url_path="audit"),
        st.Page("pages/status.py", title="Status Pengisian", icon=":material/table_view:", url_path="status"),
    ],
    "Data": [
        st.Page(
            "pages/kualitas_data.py", title="Kualitas Data", icon=":material/fact_check:", url_path="kualitas_data"
        ),
        st.Page("pages/sumber.py", title="Sumber & Metodologi", icon=":material/menu_book:", url_path="sumber"),
    ],
    "Pengaturan": [
        st.Page(
            "pages/pengguna.py",
            title="Kelola Pengguna",
            icon=":material/manage_accounts:",
            url_path="pengguna",
            visibility=_tampak("pengguna"),
        ),
    ],
}

# every page listed: a collapsed list says "View 3 more" (English) and hides pages
halaman = st.navigation(PAGES, expanded=True)
if halaman.url_path in terlarang:
    untuk = "admin" if halaman.url_path in HALAMAN_ADMIN else "operator kecamatan dan admin"
    st.title("Halaman tidak tersedia")
    st.error(f"Halaman ini untuk {untuk}; peran Anda: {PERAN.get(pengguna.peran, pengguna.peran)}.")
    st.stop()
sebelumnya, st.session_state["_halaman"] = st.session_state.get("_halaman"), halaman.url_path
# Mode Presentasi collapses the sidebar when it is opened to present (a deep link, Bahan Rapat's button: the URL says
# what to show) and keeps it open when the sidebar's own link opens it (that link clears the URL); decided on arrival
# and kept while the slides step. One sidebar state per run, the page's: "auto" followed by "collapsed" in one run
# left the sidebar open now and then. Every other page opens it again.
if halaman.url_path == "presentasi" and sebelumnya != "presentasi":
    st.session_state["_presentasi_layar_penuh"] = bool(st.query_params)
layar_penuh = halaman.url_path == "presentasi" and st.session_state.get("_presentasi_layar_penuh", True)
st.set_page_config(initial_sidebar_state="collapsed" if layar_penuh else "auto")
# A failure the page did not handle: the visitor reads what happened in Indonesian, the trace goes to the server's
# log with a code the visitor can quote. st.stop/st.rerun are not Exceptions and pass through. With a
# client.showErrorDetails that shows traces ("full": a developer's run, the tests) the trace is shown instead, so
# nothing is hidden from a test.
try:
    halaman.run()
except Exception as exc:
    if st.get_option("client.showErrorDetails") not in ("none", "type"):  # full, stacktrace, true, false: a trace
        raise
    kode = uuid.uuid4().hex[:8]
    logging.getLogger("lkjip").exception("Kesalahan di halaman /%s (kode %s)", halaman.url_path, kode)
    if isinstance(exc, LkjipError):
        tampilkan_error(exc)
    else:
        st.error(
            f"Maaf, halaman ini tidak dapat ditampilkan karena kesalahan di aplikasi (kode {kode}). Data Anda tidak "
            "berubah. Muat ulang halaman atau pilih halaman lain; bila berulang, sampaikan kode ini kepada pengelola "
            "dasbor.",
            icon=":material/error:",
        )
