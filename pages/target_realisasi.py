"""Target vs Realisasi: every indicator of the year, and each indicator over the years toward its Renstra target."""

import streamlit as st

from lkjip import laporan
from lkjip.charts.capaian import capaian_bar
from lkjip.charts.tren import tren_indikator
from lkjip.format import format_angka, format_persen, format_teks
from pages._pilihan import halaman
from pages._tampilan import grafik, polos, tabel, teks_md

r, kecamatan, tahun = halaman("Target vs Realisasi")
df = laporan.capaian_tahunan(r, kecamatan, tahun)
riwayat, progres = laporan.riwayat_indikator(r, kecamatan)
targets = laporan.target_per_tahun(r, kecamatan)
definisi = laporan.indikator(r, kecamatan)
faktor = laporan.faktor(r, kecamatan, tahun)

st.caption(
    f"Tahun {tahun}. Capaian dihitung ulang dari target dan realisasi; kolom 'laporan' menunjukkan angka yang "
    "dicetak laporan, agar perbedaannya terlihat."
)
if df.empty:
    st.info(
        f"Belum ada capaian tahunan {kecamatan} tahun {tahun}: tahun ini baru berisi data triwulan, atau belum ada."
    )
    st.page_link(
        "pages/triwulan.py",
        label=f"Lihat progres triwulan {tahun}",
        icon=":material/calendar_month:",
        query_params={"kecamatan": kecamatan, "tahun": str(tahun)},
    )
else:
    grafik(capaian_bar(df, kecamatan=kecamatan, tahun=tahun), df, f"target_realisasi_{kecamatan}_{tahun}", "capaian")

st.subheader("Perjalanan tiap indikator menuju target akhir Renstra")
tabel(
    progres,
    [
        "indikator",
        "status",
        "realisasi_terakhir",
        "tahun_terakhir",
        "target_akhir",
        "tahun_target_akhir",
        "satuan",
        "dasar",
        "alasan",
    ],
    {"realisasi_terakhir": "angka", "target_akhir": "angka"},
    f"progres_renstra_{kecamatan}",
    "progres",
)

pilihan = progres["indikator_id"].tolist()
nama = dict(zip(progres["indikator_id"], progres["indikator"], strict=True))
iid = st.selectbox("Indikator", pilihan, format_func=lambda i: nama[i], key="indikator")
if iid:
    row = progres.set_index("indikator_id").loc[iid]
    rw = riwayat[riwayat["indikator_id"] == iid]
    tg = targets[targets["indikator_id"] == iid]
    grafik(
        tren_indikator(rw, tg, indikator=row["indikator"], satuan=row["satuan"], status=row["status"]),
        rw[["tahun", "target", "target_jenis", "realisasi", "capaian_persen", "capaian_dilaporkan", "sumber_tabel"]],
        f"tren_{iid}",
        "tren",
    )
    d = definisi.set_index("indikator_id").loc[iid]
    with st.expander("Definisi, rumus dan sumber data"):
        st.markdown(
            f"**{teks_md(d['indikator'])}** ({teks_md(d['satuan'])}, {'makin tinggi makin baik' if d['arah'] == 'naik' else 'makin rendah makin baik'})\n\n"
            f"- Definisi/formulasi: {teks_md(format_teks(d['definisi']))}\n"
            f"- Sumber data: {teks_md(format_teks(d['sumber_data']))}\n"
            f"- Rumus capaian: {teks_md(d['formula_capaian'])} · agregasi triwulan: {teks_md(d['agregasi'])}\n"
            f"- Catatan kurasi: {teks_md(format_teks(d['catatan']))}\n"
            f"- Dicatat dari: {teks_md(d['sumber_dokumen'])}, {teks_md(d['sumber_tabel'])}"
        )
    if row["status"]:
        st.caption(
            polos(
                f"Status: {row['status']} (rasio laju {format_angka(row['rasio_laju'])}); "
                f"dasar perbandingan: {row['dasar']}."
            )
        )
    elif row["alasan"]:
        st.caption(polos(f"Status tidak dapat ditentukan: {row['alasan']}."))
    tahun_ini = df[df["indikator_id"] == iid]
    if not tahun_ini.empty and tahun_ini.iloc[0]["alasan"]:
        st.warning(polos(f"Capaian {tahun} tidak dapat dihitung: {tahun_ini.iloc[0]['alasan']}."))
    elif not tahun_ini.empty:
        t = tahun_ini.iloc[0]
        st.caption(
            f"{tahun}: target {format_angka(t['target'])}, realisasi {format_angka(t['realisasi'])}, capaian "
            f"{format_persen(t['capaian_persen'])} (laporan: {format_persen(t['capaian_dilaporkan'])})."
        )
    f = faktor[faktor["indikator_id"] == iid]
    st.markdown(f"**Penyebab keberhasilan/kegagalan menurut laporan ({tahun})**")
    if f.empty:
        st.caption("Laporan tidak menuliskan faktor pendukung atau penghambat untuk indikator ini.")
    for jenis, judul in (("pendukung", "Pendukung"), ("penghambat", "Penghambat"), ("solusi", "Solusi/rencana")):
        sel = f[f["jenis"] == jenis]
        for teks, sumber in zip(sel["teks"], sel["sumber_tabel"], strict=True):
            st.markdown(f"- *{judul}*: {teks_md(teks)} ({teks_md(sumber)})")
