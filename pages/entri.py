"""Entri Triwulan: type one kecamatan's realisations for a period; the same checks and transaction as an import.

The form shows the database as it was when opened (kept in the session per kecamatan, year and period) and makes its
plan against that: if someone else saves one of the same rows meanwhile, saving is refused with the value now stored
instead of overwriting it. After a save (or a refusal) the form opens again on what is stored."""

import hashlib
import json

import streamlit as st

from lkjip import laporan
from lkjip.config import tulis_ke
from lkjip.errors import LkjipError
from lkjip.format import format_angka, format_teks
from lkjip.io.impor import (
    LABEL_PRATINJAU,
    PERIODE,
    Tersimpan,
    formulir_ke_lembar,
    isian_formulir,
    masalah_formulir,
    periksa_lembar,
    terapkan,
)
from pages._alur import boleh_isi, panel_alur
from pages._catatan import jumlah_catatan, tampilkan_catatan
from pages._data import setelah_tulis
from pages._pilihan import halaman
from pages._tampilan import kolom_config, polos, tabel_data
from pages._tulis import petugas, rencana_atau_berhenti

r, kecamatan, tahun_data = halaman("Entri Triwulan")
boleh_isi(r, kecamatan, "pages/entri.py")
c1, c2 = st.columns(2)
tahun = int(
    c1.number_input("Tahun yang diisi", min_value=2000, max_value=2100, value=tahun_data, step=1, key="tahun-entri")
)
periode = c2.selectbox("Periode", PERIODE, index=1, key="periode-entri")
kunci = f"{kecamatan}-{tahun}-{periode}"
# one editor per period, renewed after each save: the browser keeps a grid's typed cells until its key changes
editor = f"editor-{kunci}-{st.session_state.get('entri-simpan', 0)}"

dibuka = st.session_state.get("entri-dibuka")
if dibuka is None or dibuka[0] != kunci:  # open the form: what is stored now, and the rows a save may replace
    dibuka = (kunci, laporan.lembar_entri(r, kecamatan, tahun, periode), Tersimpan.potret(r, ("realisasi",)))
    st.session_state["entri-dibuka"] = dibuka
_, lembar, tersimpan = dibuka

# the period's approval state and the steps this person may take (submit, for the operator), above the form: a
# returned period shows the camat's reason here; a locked one cannot be typed into
keadaan = panel_alur(r, kecamatan, tahun, periode, key="alur-entri")
terkunci = keadaan == "terkunci"

hasil = st.session_state.pop("entri-hasil", None)  # the outcome of the save before the form was opened again
if hasil is not None:
    jenis, teks = hasil
    (st.success if jenis == "ok" else st.error)(teks)

tampil = lembar.assign(
    satuan=[format_teks(v) for v in lembar["satuan"]],
    target=[format_angka(v) for v in lembar["target"]],
    target_tahunan=[format_angka(v) for v in lembar["target_tahunan"]],
)
st.caption(
    "Isi kolom realisasi, desimal dengan koma (94,75). Kosongkan bila belum ada: baris kosong tidak disimpan dan "
    "tidak menghapus nilai yang sudah tersimpan."
)
isi = st.data_editor(
    tampil,
    hide_index=True,
    key=editor,
    disabled=True if terkunci else ["indikator_id", "indikator", "satuan", "target", "target_tahunan"],
    placeholder="",
    # the column staff type into right after the name (a phone shows the first columns), the code last
    column_order=["indikator", "realisasi", "target", "target_tahunan", "satuan", "indikator_id"],
    column_config={
        **kolom_config(tampil.columns, {"target": f"Target {periode}"}),
        "indikator_id": st.column_config.TextColumn("Kode indikator"),
        "realisasi": st.column_config.TextColumn(f"Realisasi {periode} (isi)"),
    },
)
# the camat's and verifikator's notes on this period, beside the values (before the form may stop the page)
n_catatan = jumlah_catatan(r, kecamatan, tahun, periode)
with st.expander(f"Catatan verifikasi ({n_catatan})", expanded=n_catatan > 0):
    tampilkan_catatan(r, kecamatan, tahun, periode, key="catatan-entri")
rows = isian_formulir(lembar, isi, kecamatan=kecamatan, tahun=tahun, periode=periode)
if not rows:
    st.info("Belum ada realisasi yang diisi atau diubah.")
    st.stop()
nama = f"Formulir {kecamatan} {tahun} {periode}"
sha = hashlib.sha256(json.dumps(rows, sort_keys=True, default=str).encode()).hexdigest()
nama_indikator = dict(zip(lembar["indikator_id"], lembar["indikator"], strict=True))
rencana = rencana_atau_berhenti(
    lambda: periksa_lembar(r, nama, formulir_ke_lembar("realisasi", rows), sha, tersimpan=tersimpan),
    lambda exc: masalah_formulir(exc.masalah, rows, nama_indikator),
)
st.subheader("Pratinjau")
tabel_data(rencana.perubahan(), "perubahan-entri", label=LABEL_PRATINJAU)
if not rencana.ada_perubahan:
    st.info("Tidak ada perubahan: nilai yang diisi sudah sama dengan yang tersimpan.")
    st.stop()
pengguna = petugas()
if st.button("Simpan", type="primary", key="simpan-entri"):
    try:
        n = terapkan(tulis_ke(), rencana, pengguna=pengguna)
    except LkjipError as exc:  # most often: someone saved the same row since the form was opened
        st.session_state["entri-hasil"] = (
            "gagal",
            f"**{polos(exc.judul)}**\n\n{polos(exc.pesan)}\n\nFormulir kini dibuka ulang pada nilai yang tersimpan; "
            "isian Anda tetap ada dan pratinjau menunjukkan perubahannya.",
        )
    else:
        setelah_tulis()
        st.session_state["entri-hasil"] = (
            "ok",
            polos(
                f"{n} realisasi disimpan untuk {kecamatan} {tahun} {periode}. "
                "Formulir dan halaman lain kini menampilkan angka baru."
            ),
        )
        st.session_state["entri-simpan"] = st.session_state.get("entri-simpan", 0) + 1  # typed = stored now
    del st.session_state["entri-dibuka"]
    st.rerun()
