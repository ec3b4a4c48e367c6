"""Entry point: page config and navigation. st.navigation makes this file the router, so a
deep link such as /kualitas_data still runs it first (the pages/ folder is not auto-routed)."""

import streamlit as st

st.set_page_config(page_title="Kinerja Kecamatan (LKjIP)", page_icon=":material/monitoring:", layout="wide")

PAGES = [
    st.Page("pages/ringkasan.py", title="Ringkasan", icon=":material/home:", url_path="ringkasan", default=True),
    st.Page("pages/kualitas_data.py", title="Kualitas Data", icon=":material/fact_check:", url_path="kualitas_data"),
]

st.navigation(PAGES).run()
