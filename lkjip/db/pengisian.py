"""Status Pengisian: where each kecamatan of an area stands in the approval workflow, per period of one year.

A cell is the period's recorded state (lkjip.db.status, lkjip.calc.alur); without a recorded state it is ``draf``
when the period holds data and ``belum_diisi`` when it holds none, and a ``belum_diisi`` past the period's deadline
(Settings.tenggat) is ``belum_diisi_lewat`` ("Belum diisi · lewat tenggat"), so it stands out. The states are formed
in SQL (lkjip.db.queries ``status_matriks_<jenis>``) for a whole area at once: at national scale a kab/kota, a
provinsi or the whole country is one query.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import pandas as pd

from lkjip.calc.alur import LABEL_STATUS, STATUS
from lkjip.calc.periode import PERIODE_URUT
from lkjip.config import get_settings
from lkjip.db.repository import Repository
from lkjip.format import format_angka, format_tanggal

JENIS_STATUS = {"realisasi": "Realisasi", "skm": "SKM", "anggaran": "Anggaran", "sakip": "SAKIP"}
LEWAT = "belum_diisi_lewat"
# every cell's state, in the order of the workflow (the counts' rows, the filter's options)
STATUS_SEL = (LEWAT, "belum_diisi", *STATUS)
LABEL_SEL = {LEWAT: "Belum diisi · lewat tenggat", **LABEL_STATUS}
# background of a cell on screen (pages/status.py): the late ones in red, the finished ones in green
WARNA_SEL = {
    LEWAT: "#f8d7da",
    "belum_diisi": "#eeeeee",
    "draf": "#fff3cd",
    "dikembalikan": "#ffe5b4",
    "diajukan": "#dbe9f6",
    "disetujui": "#d4edda",
    "terkunci": "#b7dfc1",
    "dibuka": "#e8dcf5",
}
KOLOM_WILAYAH = ["kecamatan", "kab_kota", "provinsi"]
_BULAN_AKHIR = {"TW1": 3, "TW2": 6, "S1": 6, "TW3": 9, "TW4": 12, "S2": 12, "Tahunan": 12}  # a period's last month


def periode_status(jenis: str, tenggat: Mapping[str, tuple[int, int]] | None = None) -> list[str]:
    """The periods of the matrix: for realisasi those with a deadline (TW1–TW4 and Tahunan by default; S1/S2 when a
    deployment gives them one), in the order they close; the annual kinds are one period, Tahunan."""
    if jenis not in JENIS_STATUS:
        raise ValueError(f"jenis tidak dikenal: {jenis}")
    if jenis != "realisasi":
        return ["Tahunan"]
    tenggat = get_settings().tenggat if tenggat is None else tenggat
    return [p for p in PERIODE_URUT if p in tenggat] or ["TW1", "TW2", "TW3", "TW4", "Tahunan"]


def tanggal_tenggat(tahun: int, periode: str, tenggat: Mapping[str, tuple[int, int]] | None = None) -> date | None:
    """The deadline of ``periode`` of ``tahun``: its (month, day) in that year, or in the year after when that day
    is not after the period's last month (TW4 and Tahunan: 15 January and 31 March of the next year). None: the
    period has no deadline."""
    tenggat = get_settings().tenggat if tenggat is None else tenggat
    if periode not in tenggat:
        return None
    bulan, hari = tenggat[periode]
    return date(int(tahun) + (bulan <= _BULAN_AKHIR[periode]), bulan, hari)


def matriks_status(
    repo: Repository,
    tahun: int,
    *,
    provinsi: str | None = None,
    kab_kota: str | None = None,
    jenis: str = "realisasi",
    hari_ini: date | None = None,
) -> pd.DataFrame:
    """One row per kecamatan of the area (a kab/kota, a provinsi, or everywhere), in provinsi, kab/kota, kecamatan
    order: kecamatan, kab_kota, provinsi, then one column per period (``periode_status``) holding the cell's state,
    a key of LABEL_SEL. A period whose deadline is before ``hari_ini`` (today) shows belum_diisi as
    belum_diisi_lewat."""
    daftar = periode_status(jenis)
    panjang = repo.fetch(
        f"status_matriks_{jenis}", tahun=int(tahun), provinsi=provinsi, kab_kota=kab_kota, daftar_periode=daftar
    )
    hari_ini = hari_ini or date.today()
    lewat = [p for p in daftar if (t := tanggal_tenggat(tahun, p)) is not None and t < hari_ini]
    late = panjang["periode"].isin(lewat) & (panjang["status"] == "belum_diisi")
    panjang.loc[late, "status"] = LEWAT
    lebar = panjang.pivot(index=["provinsi", "kab_kota", "kecamatan"], columns="periode", values="status")
    lebar = lebar.reindex(columns=daftar).reset_index()
    lebar.columns.name = None
    return lebar[[*KOLOM_WILAYAH, *daftar]]


def periode_matriks(m: pd.DataFrame) -> list[str]:
    """The period columns of a matrix, in its order."""
    return [c for c in m.columns if c not in KOLOM_WILAYAH]


def jumlah_status(m: pd.DataFrame, *, tanpa_nol: bool = False) -> pd.DataFrame:
    """How many kecamatan are in each state, per period: one row per state (in workflow order, its label as
    ``status``), one column per period; each column adds up to the kecamatan of the matrix. ``tanpa_nol`` leaves out
    the states no kecamatan is in."""
    periode = periode_matriks(m)
    hitung = {p: m[p].value_counts() for p in periode}
    out = pd.DataFrame({p: [int(hitung[p].get(s, 0)) for s in STATUS_SEL] for p in periode})
    out.insert(0, "status", [LABEL_SEL[s] for s in STATUS_SEL])
    return out[out[periode].sum(axis=1) > 0].reset_index(drop=True) if tanpa_nol else out


def saring_status(m: pd.DataFrame, status: list[str] | tuple[str, ...], periode: str | None = None) -> pd.DataFrame:
    """The kecamatan with a cell in one of ``status`` (in ``periode``, or in any period when None); all when
    ``status`` is empty."""
    if not status:
        return m
    kolom = [periode] if periode else periode_matriks(m)
    return m[m[kolom].isin(list(status)).any(axis=1)]


def matriks_label(m: pd.DataFrame) -> pd.DataFrame:
    """The matrix with each cell's state in words (LABEL_SEL), for the screen and the downloads."""
    out = m.copy()
    for p in periode_matriks(m):
        out[p] = out[p].map(LABEL_SEL)
    return out


def tahun_status(repo: Repository, hari_ini: date | None = None) -> tuple[list[int], int]:
    """The years to choose from, newest first (every year with data or a recorded state, and the current one), and
    the one the page opens on: the latest with data or a recorded state (else the current year)."""
    ada = [int(t) for t in repo.fetch("status_tahun")["tahun"]]
    sekarang = (hari_ini or date.today()).year
    return sorted({*ada, sekarang}, reverse=True), (ada[0] if ada else sekarang)


def keterangan_tenggat(tahun: int, jenis: str = "realisasi") -> str:
    """The deadlines of the matrix's periods in words: "Tenggat: TW1 15 April 2025 · … · Tahunan 31 Maret 2026"."""
    bagian = [
        f"{p} {format_tanggal(t) if (t := tanggal_tenggat(tahun, p)) else 'tanpa tenggat'}"
        for p in periode_status(jenis)
    ]
    return "Tenggat: " + " · ".join(bagian)


def kalimat_status(m: pd.DataFrame, tahun: int, hari_ini: date | None = None) -> str | None:
    """The page's answer at a glance, on the last period whose deadline has passed (else the first period): how many
    kecamatan have not filled it in and how many are approved or locked. None for an empty matrix."""
    if m.empty:
        return None
    hari_ini = hari_ini or date.today()
    periode = periode_matriks(m)
    lewat = [p for p in periode if (t := tanggal_tenggat(tahun, p)) is not None and t < hari_ini]
    acuan = lewat[-1] if lewat else periode[0]
    t = tanggal_tenggat(tahun, acuan)
    kapan = "" if t is None else f" (tenggat {format_tanggal(t)}{', sudah lewat' if acuan in lewat else ''})"
    sel = m[acuan]
    belum = int(sel.isin([LEWAT, "belum_diisi"]).sum())
    selesai = int(sel.isin(["disetujui", "terkunci"]).sum())
    return (
        f"{acuan} {tahun}{kapan}: {format_angka(belum, 0)} dari {format_angka(len(m), 0)} kecamatan belum mengisi, "
        f"{format_angka(selesai, 0)} sudah disetujui atau terkunci."
    )
