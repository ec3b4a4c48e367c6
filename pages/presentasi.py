"""Mode Presentasi: one large chart or table at a time, in the order of the deck, for the projector."""

from html import escape

import streamlit as st

from pages._shared import db_versi, halaman, materi_rapat

r, kecamatan, tahun = halaman("Presentasi")
with st.spinner("Menyiapkan bahan presentasi"):
    bagian = materi_rapat(db_versi(), kecamatan, tahun)
n = len(bagian)
q = st.query_params.get("slide", "1")
i = min(max(int(q) if q.isdigit() else 1, 1), n)
st.query_params["slide"] = str(i)


def geser(langkah: int) -> None:
    """Move before the rerun, so the buttons' state matches the slide shown."""
    st.query_params["slide"] = str(min(max(i + langkah, 1), n))


c1, c2, c3 = st.columns([1, 4, 1])
c1.button("◀ Sebelumnya", disabled=i <= 1, key="sebelumnya", width="stretch", on_click=geser, args=(-1,))
c3.button("Berikutnya ▶", disabled=i >= n, key="berikutnya", width="stretch", on_click=geser, args=(1,))
c2.progress(i / n, text=f"Slide {i} dari {n}")

b = bagian[i - 1]
st.markdown(f"<h1 style='font-size:2.6rem'>{escape(b.judul)}</h1>", unsafe_allow_html=True)
if b.poin:
    st.markdown(
        "\n".join(f"- <span style='font-size:1.35rem'>{escape(p)}</span>" for p in b.poin), unsafe_allow_html=True
    )
if b.grafik is not None:
    fig = b.grafik
    fig.update_layout(height=620, font_size=18)
    st.plotly_chart(fig, key="slide-grafik")
elif b.tabel is not None:
    st.dataframe(b.tabel, hide_index=True, key="slide-tabel", height=min(620, 40 * (len(b.tabel) + 1)))
if b.sumber:
    st.caption("Sumber: " + "; ".join(b.sumber[:6]))
