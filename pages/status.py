"""Status Pengisian: every kecamatan of a kab/kota (or provinsi) × the periods of one year, in the approval workflow.

The area is narrowed provinsi -> kab/kota (a signed-in admin or verifikator opens on their own); at national scale
the table per kecamatan waits until a provinsi is chosen (the counts are shown for the whole country)."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from lkjip.db import pengisian
from lkjip.errors import LkjipError
from lkjip.format import format_angka, format_tanggal
from pages._data import BANYAK_KECAMATAN, db_versi, repo, versi_cakupan, wilayah
from pages._pilihan import angka_url
from pages._tampilan import label_header, polos, tabel, tampilkan_error, unduh_tabel

LABEL = {"status": "Status", "kab_kota": "Kab/Kota"}


@st.cache_data(max_entries=16, show_spinner=False)
def _matriks(
    db_mtime: float, tahun: int, provinsi: str | None, kab_kota: str | None, jenis: str, hari_ini: date
) -> pd.DataFrame:
    """The matrix, cached per database version and day (a national one is read once, not on every rerun)."""
    return pengisian.matriks_status(repo(), tahun, provinsi=provinsi, kab_kota=kab_kota, jenis=jenis, hari_ini=hari_ini)


@st.cache_data(max_entries=4, show_spinner=False)
def _tahun(db_mtime: float, hari_ini: date) -> tuple[list[int], int]:
    """The years offered and the one opened on (cached per database version and day)."""
    return pengisian.tahun_status(repo(), hari_ini)


def _awal(key: str, nilai: object) -> None:
    """A widget's first value (from the URL, the user's own scope or the default): set once per visit."""
    if key not in st.session_state:
        st.session_state[key] = nilai


try:
    repo()  # first: a deep link's first run is routed through app.py (pages/_data._route_through_app)
    w = wilayah()
    daftar_tahun, tahun_bawaan = _tahun(db_versi(), date.today())
except LkjipError as exc:
    tampilkan_error(exc)
    st.stop()

st.title("Status Pengisian")

# the first values: a link (?provinsi=…&kab_kota=…&tahun=…&jenis=…), else the signed-in user's own area, else all
kab_provinsi = {k: p for p, ks in w.kab_per_provinsi.items() for k in ks}
p = st.session_state.get("_pengguna")
lingkup, jenis_lingkup = getattr(p, "lingkup", None), getattr(p, "jenis_lingkup", None)
prov0 = kab0 = None
if jenis_lingkup == "provinsi" and lingkup in w.kab_per_provinsi:
    prov0 = lingkup
elif jenis_lingkup == "kab_kota" and lingkup in kab_provinsi:
    prov0, kab0 = kab_provinsi[lingkup], lingkup
elif jenis_lingkup == "kecamatan" and lingkup in w.kab_kota:
    prov0, kab0 = w.provinsi[lingkup], w.kab_kota[lingkup]
url = st.query_params
if url.get("provinsi") in w.kab_per_provinsi:
    prov0 = url["provinsi"]
    kab0 = url.get("kab_kota") if url.get("kab_kota") in w.kab_per_provinsi[prov0] else None
tahun0 = angka_url(url.get("tahun")) or angka_url(st.session_state.get("_pilihan_tahun"))
_awal("status-provinsi", prov0)
_awal("status-kab", kab0)
_awal("status-tahun", tahun0 if tahun0 in daftar_tahun else tahun_bawaan)
_awal("status-jenis", url.get("jenis") if url.get("jenis") in pengisian.JENIS_STATUS else "realisasi")


def _ganti_provinsi() -> None:
    st.session_state["status-kab"] = None


c1, c2, c3 = st.columns([2, 2, 1])
provinsi = c1.selectbox(
    "Provinsi",
    w.daftar_provinsi,
    key="status-provinsi",
    index=None,
    placeholder="Semua provinsi",
    on_change=_ganti_provinsi,
)
kab_kota = c2.selectbox(
    "Kab/Kota",
    w.kab_per_provinsi.get(provinsi, ()) if provinsi else (),
    key="status-kab",
    index=None,
    placeholder="Semua kab/kota",
    disabled=not provinsi,
)
tahun = int(c3.selectbox("Tahun", daftar_tahun, key="status-tahun"))
jenis = (
    st.segmented_control(
        "Data", list(pengisian.JENIS_STATUS), format_func=pengisian.JENIS_STATUS.get, key="status-jenis"
    )
    or "realisasi"
)
# the URL reproduces the screen (one update, none when it already says it; other keys such as ?kecamatan stay)
pilihan = {"tahun": str(tahun), "jenis": jenis, "provinsi": provinsi, "kab_kota": kab_kota}
if any(st.query_params.get(k) != v for k, v in pilihan.items()):
    for k in [k for k, v in pilihan.items() if v is None and k in st.query_params]:
        del st.query_params[k]
    st.query_params.update({k: v for k, v in pilihan.items() if v is not None})

hari_ini = date.today()
try:
    m = _matriks(versi_cakupan(provinsi, kab_kota), tahun, provinsi, kab_kota, jenis, hari_ini)
except LkjipError as exc:
    tampilkan_error(exc)
    st.stop()

wilayah_teks = kab_kota or provinsi or "semua wilayah"
if kalimat := pengisian.kalimat_status(m, tahun, hari_ini):
    st.markdown(f"**{polos(f'{pengisian.JENIS_STATUS[jenis]}, {wilayah_teks} — {kalimat}')}**")
st.caption(
    polos(
        f"{pengisian.keterangan_tenggat(tahun, jenis)} (diatur di pengaturan LKJIP_CONFIG, tenggat). Hari ini "
        f"{format_tanggal(hari_ini)}. Belum diisi: belum ada data dan belum ada status; Draf: sudah ada data, belum "
        "diajukan."
    )
)
if m.empty:
    st.info("Tidak ada kecamatan di wilayah ini.")
    st.stop()
if set(m["kecamatan"]) & w.sintetis:
    st.warning(
        "Wilayah ini memuat kecamatan SINTETIS: data dibangkitkan untuk uji kinerja (python -m lkjip synth), bukan "
        "data nyata.",
        icon=":material/science:",
    )

st.subheader("Jumlah kecamatan per status")
periode = pengisian.periode_matriks(m)
jumlah = pengisian.jumlah_status(m, tanpa_nol=True)
tabel(jumlah, list(jumlah.columns), dict.fromkeys(periode, "angka0"), f"jumlah_status_{jenis}_{tahun}", "status-jumlah",
      label=LABEL)  # fmt: skip

if len(w.nama) > BANYAK_KECAMATAN and not provinsi:
    st.info(
        f"{format_angka(len(m), 0)} kecamatan: pilih provinsi (dan kab/kota) untuk melihat status tiap kecamatan.",
        icon=":material/filter_alt:",
    )
    st.stop()

st.subheader("Status tiap kecamatan")
c1, c2 = st.columns([3, 1])
saring = c1.multiselect(
    "Tampilkan kecamatan dengan status",
    list(pengisian.STATUS_SEL),
    format_func=pengisian.LABEL_SEL.get,
    key="status-saring",
    placeholder="Semua status",
)
di = c2.selectbox("Pada periode", periode, index=None, placeholder="Periode mana pun", key="status-saring-periode")
tampil = pengisian.saring_status(m, saring, di)
if tampil.empty:
    st.info("Tidak ada kecamatan dengan status itu.")
    st.stop()
st.caption(f"{format_angka(len(tampil), 0)} dari {format_angka(len(m), 0)} kecamatan.")

# the states right after the name (a phone sees them first), where it lies after them
kolom = ["kecamatan", *periode, "kab_kota", *([] if provinsi else ["provinsi"])]
berlabel = pengisian.matriks_label(tampil)[kolom]
warna = {pengisian.LABEL_SEL[s]: w_ for s, w_ in pengisian.WARNA_SEL.items()}
gaya = berlabel.style.map(lambda v: f"background-color: {warna[v]}" if v in warna else "", subset=periode)
tenggat = {p_: pengisian.tanggal_tenggat(tahun, p_) for p_ in periode}
st.dataframe(
    gaya,
    hide_index=True,
    key="status-matriks",
    column_config={
        c: st.column_config.Column(
            label_header(c, LABEL),
            help=f"Tenggat {format_tanggal(tenggat[c])}" if tenggat.get(c) else None,
            pinned=c == "kecamatan" or None,  # the name stays in view while a phone scrolls the periods
        )
        for c in kolom
    },
)
nama = f"status_{jenis}_{tahun}_{(kab_kota or provinsi or 'semua').replace(' ', '_')}"
unduh_tabel(berlabel, nama, key="status-unduh", label=LABEL)
