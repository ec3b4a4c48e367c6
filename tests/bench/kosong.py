"""The floor of a filter change: a selectbox and one Plotly bar chart that follows it (the issue's fair floor:
Plotly stays the one chart library), nothing read from the database."""

import plotly.graph_objects as go
import streamlit as st

st.write("Lantai")
pilihan = st.selectbox("Pilihan", ["Pilihan 1", "Pilihan 2", "Pilihan 3"])
n = int(pilihan[-1])
st.plotly_chart(go.Figure(go.Bar(x=["A", "B", "C"], y=[n, n + 1, n + 2], name=pilihan)), key="lantai")
st.write(f"Dipilih: {pilihan}")
