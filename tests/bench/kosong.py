"""The floor of a Streamlit rerun: a text and a selectbox, nothing read, nothing drawn."""

import streamlit as st

st.write("Lantai")
pilihan = st.selectbox("Pilihan", ["Pilihan 1", "Pilihan 2", "Pilihan 3"])
st.write(f"Dipilih: {pilihan}")
