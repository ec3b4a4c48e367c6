"""The approval workflow where the numbers are: a period's state and history, the marks on values not yet approved,
and the steps the signed-in person may take (lkjip.db.status decides again under the lock; the page only offers)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from lkjip.akses import Pengguna, boleh
from lkjip.calc.alur import LABEL_STATUS, TINDAKAN, dapat
from lkjip.config import tulis_ke
from lkjip.db import status
from lkjip.db.repository import Repository
from lkjip.errors import LkjipError
from lkjip.format import format_tanggal, format_teks
from lkjip.missing import is_missing
from pages._data import belum_disetujui, dokumen_impor, letak, setelah_tulis
from pages._tampilan import polos, tabel_data

JENIS_LABEL = {"realisasi": "Realisasi", "skm": "SKM", "anggaran": "Anggaran", "sakip": "SAKIP"}
PERAN_LOG = {"lokal": "mode lokal"}

# step -> (button, reason box label or None, icon)
TOMBOL = {
    "ajukan": ("Ajukan ke camat", None, ":material/send:"),
    "setujui": ("Setujui", None, ":material/check_circle:"),
    "kembalikan": ("Kembalikan ke operator", "Alasan dikembalikan (wajib)", ":material/undo:"),
    "kunci": ("Verifikasi dan kunci", None, ":material/lock:"),
    "buka_kunci": ("Buka kunci", "Alasan membuka kunci (wajib)", ":material/lock_open:"),
}
_LANGKAH_LOG = {
    "alur: ubah": "Diubah (kembali ke draf)",
    "alur: ajukan": "Diajukan",
    "alur: setujui": "Disetujui",
    "alur: kembalikan": "Dikembalikan",
    "alur: kunci": "Dikunci",
    "alur: buka_kunci": "Dibuka kuncinya",
}
DISETUJUI = frozenset({"disetujui", "terkunci"})


def pengguna_sekarang() -> Pengguna:
    return st.session_state.get("_pengguna") or Pengguna.lokal(st.session_state.get("_petugas") or None)


def boleh_isi(r: Repository, kecamatan: str, halaman: str) -> None:
    """A write page opened on a kecamatan this person may not write (an operator on another kecamatan, by the sidebar
    or a link): why, a link to their own, and nothing else (lkjip would refuse the write anyway)."""
    pengguna = pengguna_sekarang()
    if boleh(pengguna, "tulis", kecamatan, letak()):
        return
    st.error(polos(f"Anda tidak dapat mengisi data {kecamatan}: {pengguna.sebutan} hanya mengisi wilayahnya sendiri."))
    if pengguna.jenis_lingkup == "kecamatan" and pengguna.lingkup:
        st.page_link(halaman, label=f"Buka {pengguna.lingkup}", query_params={"kecamatan": pengguna.lingkup},
                     icon=":material/arrow_forward:")  # fmt: skip
    st.stop()


def label_status(s: str) -> str:
    return LABEL_STATUS.get(s, s)


def tanda_belum_disetujui(r: Repository, kecamatan: str, tahun: int) -> None:
    """The mark every kecamatan page carries while a value of that year shown there came from an import or the form
    and is not approved yet (a published report's values are the report's)."""
    try:
        df = belum_disetujui(kecamatan)
    except LkjipError:
        return  # the page itself shows the database's message
    df = df[df["tahun"] == int(tahun)]
    if df.empty:
        return
    daftar = "; ".join(
        f"{JENIS_LABEL.get(j, j).lower()} {p} ({label_status(s).lower()}, {n} nilai)"
        for p, j, s, n in zip(df["periode"], df["jenis"], df["status"], df["nilai"], strict=True)
    )
    di_sini = st.session_state.get("_halaman") == "persetujuan"
    st.warning(
        polos(
            f"Belum disetujui camat: {daftar} {tahun}. Angka ini masukan operator (impor atau formulir) dan dapat "
            + ("berubah." if di_sini else "berubah; status dan riwayatnya ada di halaman Persetujuan.")
        ),
        icon=":material/pending:",
    )


def tandai_nilai(r: Repository, kecamatan: str, df: pd.DataFrame, kolom: list[str]) -> tuple[pd.DataFrame, list[str]]:
    """The mark on each value not approved yet, in a table of realisations (v_capaian rows: tahun, periode,
    sumber_dokumen, target_sumber_dokumen): a "Persetujuan" column right after "realisasi" saying "Belum disetujui
    (draf)" where the realisation or the target in use came from an import or the form and its period is not approved
    or locked; "–" elsewhere. The table and its
    column list unchanged when no value of it is marked."""
    if df.empty or "sumber_dokumen" not in df.columns:
        return df, kolom
    try:
        belum = belum_disetujui(kecamatan)
    except LkjipError:
        return df, kolom
    belum = belum[belum["jenis"] == "realisasi"]
    if belum.empty:
        return df, kolom
    keadaan = {(int(t), p): s for t, p, s in zip(belum["tahun"], belum["periode"], belum["status"], strict=True)}
    impor = dokumen_impor()
    target = df["target_sumber_dokumen"] if "target_sumber_dokumen" in df.columns else [None] * len(df)
    tanda = [
        f"Belum disetujui ({label_status(keadaan[(int(t), p)]).lower()})"
        if (d in impor or dt in impor) and (int(t), p) in keadaan  # the realisation or the target imported
        else "–"
        for t, p, d, dt in zip(df["tahun"], df["periode"], df["sumber_dokumen"], target, strict=True)
    ]
    if all(x == "–" for x in tanda):
        return df, kolom
    sisip = kolom.index("realisasi") + 1 if "realisasi" in kolom else len(kolom)
    return df.assign(persetujuan=tanda), [*kolom[:sisip], "persetujuan", *kolom[sisip:]]


def riwayat_tampilan(df: pd.DataFrame) -> pd.DataFrame:
    """The period's steps as people read them (newest first)."""
    return pd.DataFrame(
        {
            "Waktu": [format_tanggal(v) for v in df["waktu"]],
            "Langkah": [_LANGKAH_LOG.get(v, v) for v in df["sumber"]],
            "Status": [label_status(v) for v in df["nilai_baru"]],
            "Oleh": [format_teks(v) for v in df["pengguna"]],
            "Peran": ["–" if is_missing(v) else PERAN_LOG.get(str(v), str(v)) for v in df["peran"]],
            "Alasan": [format_teks(v) for v in df["alasan"]],
        }
    ).iloc[::-1]


def panel_alur(r: Repository, kecamatan: str, tahun: int, periode: str, *, jenis: str = "realisasi", key: str) -> str:
    """The period's state, its last step (with the reason of a return or an unlock in view), and a button for each
    step the signed-in person may take from this state; returns the state. A refused step says why, nothing is
    written (lkjip checks role, scope and state again under the write lock)."""
    sekarang = status.status_periode(r, kecamatan, tahun, periode, jenis)
    riwayat = status.riwayat(r, kecamatan, tahun, periode, jenis)
    nama = f"{JENIS_LABEL[jenis]} {periode} {tahun}"
    hasil = st.session_state.pop(f"{key}-hasil", None)
    if hasil is not None:
        (st.success if hasil[0] == "ok" else st.error)(hasil[1])
    akhir = riwayat.iloc[-1] if not riwayat.empty else None
    siapa = "mode lokal" if akhir is None or is_missing(akhir["pengguna"]) else akhir["pengguna"]
    oleh = f" oleh {siapa}, {format_tanggal(akhir['waktu'])}" if akhir is not None else ""
    st.markdown(polos(f"Status {nama}: ") + f"**{label_status(sekarang)}**" + polos(oleh))
    if sekarang == "dikembalikan" and akhir is not None and not is_missing(akhir["alasan"]):
        st.warning(polos(f"Dikembalikan: {akhir['alasan']}. Perbaiki lalu ajukan lagi."), icon=":material/undo:")
    elif sekarang == "terkunci":
        st.info(
            "Periode ini sudah diverifikasi dan dikunci; perubahan ditolak sampai admin membuka kuncinya.",
            icon=":material/lock:",
        )
    elif sekarang == "dibuka" and akhir is not None:
        st.info(
            polos(f"Kunci dibuka: {format_teks(akhir['alasan'])}. Dikunci lagi oleh verifikator."),
            icon=":material/lock_open:",
        )
    pengguna = pengguna_sekarang()
    wilayah = letak()
    for langkah, (label, alasan_label, icon) in TOMBOL.items():
        if not dapat(sekarang, langkah) or not boleh(pengguna, TINDAKAN[langkah], kecamatan, wilayah):
            continue
        alasan = None
        if alasan_label is not None:
            alasan = st.text_area(alasan_label, key=f"{key}-{langkah}-alasan", max_chars=500, height=80)
        if st.button(label, key=f"{key}-{langkah}", icon=icon, type="primary" if alasan_label is None else "secondary"):
            _ambil(langkah, kecamatan, tahun, periode, jenis, pengguna, alasan, nama, key)
    if not riwayat.empty:
        with st.expander(f"Riwayat persetujuan {nama} ({len(riwayat)} langkah)"):
            tabel_data(riwayat_tampilan(riwayat), f"{key}-riwayat")
    return sekarang


def _ambil(langkah: str, kecamatan: str, tahun: int, periode: str, jenis: str, pengguna: Pengguna,
           alasan: str | None, nama: str, key: str) -> None:  # fmt: skip
    fungsi = getattr(status, langkah)
    try:
        baru = fungsi(tulis_ke(), kecamatan, tahun, periode, pengguna=pengguna, jenis=jenis, alasan=alasan)
    except LkjipError as exc:
        st.session_state[f"{key}-hasil"] = ("gagal", polos(exc.pesan))
    else:
        setelah_tulis()
        st.session_state[f"{key}-hasil"] = ("ok", polos(f"{nama} {kecamatan}: {label_status(baru).lower()}."))
        st.session_state.pop(f"{key}-{langkah}-alasan", None)
    st.rerun()
