"""Consistency checks: recompute what a report states and list every difference.

A check reports; it never edits data.  Every finding carries kecamatan, tahun,
jenis, subjek, pesan, nilai_dilaporkan, nilai_dihitung, sumber_dokumen and
sumber_tabel.  Reported values are compared within the precision they were
printed with (94,75 / 92,7 = 102,2114… matches a printed 102,21).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass
from datetime import date

import numpy as np
import pandas as pd

from lkjip.calc.anggaran import efisiensi, pagu_berlaku, serapan
from lkjip.calc.capaian import hitung_capaian, kategori, skala_untuk_label
from lkjip.calc.ikm import mutu_kode
from lkjip.calc.periode import TRIWULAN
from lkjip.calc.sakip import predikat
from lkjip.calc.skala import Skala
from lkjip.calc.trajectory import perubahan_tahunan
from lkjip.format import format_angka, format_persen, format_rupiah
from lkjip.missing import is_missing

JENIS = {
    "capaian": "Capaian tidak sama dengan realisasi/target",
    "kategori": "Kategori tidak sesuai skala",
    "ikm": "IKM tidak sama dengan hitungan dari NRR",
    "mutu": "Mutu tidak sesuai nilai",
    "jumlah": "Jumlah tidak sama dengan rinciannya",
    "jumlah_kosong": "Jumlah dengan rincian kosong",
    "persen": "Persentase tidak sama dengan pembagiannya",
    "efisiensi": "Efisiensi tidak sama dengan hitungan metodenya",
    "predikat": "Predikat tidak sesuai nilai",
    "beda_tabel": "Fakta sama, nilai berbeda antar tabel",
    "perbaikan": "Nilai tercetak rusak dan diperbaiki",
    "tidak_wajar": "Nilai tidak wajar",
}


@dataclass(frozen=True)
class Temuan:
    kecamatan: str
    tahun: int | None
    jenis: str
    subjek: str
    pesan: str
    nilai_dilaporkan: str | None
    nilai_dihitung: str | None
    sumber_dokumen: str
    sumber_tabel: str


COLUMNS = list(Temuan.__dataclass_fields__)


_LATIN = str.maketrans("АВСЕНКМОРТХавсеокр", "ABCEHKMOPTXabceokp")


def latin(text: str) -> str:
    """Cyrillic look-alike letters (OCR prints 'В' for B) as Latin, for comparing grades."""
    return text.translate(_LATIN)


def toleransi_cetak(teks: object, default: float = 0.015, nilai: object = None) -> float:
    """Half a unit of the last printed decimal ("102,21" -> 0.005), plus float slack.

    Three digits after the last separator are a decimal part only when the parsed value has one
    ("83,514" -> 83.514), else they are thousands ("1.234" -> 1234).
    """
    if not isinstance(teks, str):
        return default
    m = re.search(r"[.,](\d+)\s*%?\s*$", teks.strip())
    decimals = len(m.group(1)) if m else 0
    if decimals == 3 and (is_missing(nilai) or float(nilai) == int(float(nilai))):  # type: ignore[arg-type]
        decimals = 0
    return 0.5 * 10 ** (-decimals) + 1e-9


def _beda(dilaporkan: float, dihitung: float, teks: object) -> bool:
    return abs(dilaporkan - dihitung) > toleransi_cetak(teks)


def _year(x: object) -> int | None:
    return None if is_missing(x) else int(x)  # type: ignore[call-overload]


def cek_capaian(
    capaian_laporan: pd.DataFrame, target: pd.DataFrame, realisasi: pd.DataFrame, indikator: pd.DataFrame
) -> Iterator[Temuan]:
    """Reported capaian (vs target, vs end-of-Renstra target, vs last year) against our own division."""
    formula = dict(zip(indikator["indikator_id"], indikator["formula_capaian"], strict=True))
    kec = dict(zip(indikator["indikator_id"], indikator["kecamatan"], strict=True))
    nama = dict(zip(indikator["indikator_id"], indikator["nama"], strict=True))

    def pick(df: pd.DataFrame, row: pd.Series, **match: object) -> pd.Series | None:
        sel = df[(df["indikator_id"] == row["indikator_id"])]
        for k, v in match.items():
            sel = sel[sel[k] == v]
        same_table = sel[
            (sel["sumber_dokumen"] == row["sumber_dokumen"]) & (sel["sumber_tabel"] == row["sumber_tabel"])
        ]
        pool = same_table if not same_table.empty else sel.sort_values("utama", ascending=False, kind="stable")
        return None if pool.empty else pool.iloc[0]

    for c in capaian_laporan.to_dict("records"):
        if is_missing(c["nilai"]):
            continue
        iid = c["indikator_id"]
        r = pick(realisasi, c, tahun=c["tahun"], periode=c["periode"])
        if r is None or is_missing(r["nilai"]):
            continue
        if c["terhadap"] == "tahun_sebelumnya":
            prev = pick(realisasi, c, tahun=c["tahun"] - 1, periode=c["periode"])
            hasil = perubahan_tahunan(None if prev is None else prev["nilai"], r["nilai"])
            label = "Perubahan dari tahun sebelumnya"
        else:
            if c["terhadap"] == "target":
                t = pick(
                    target[target["jenis"].isin(["PK Perubahan", "PK", "Renstra"])],
                    c,
                    tahun=c["tahun"],
                    periode=c["periode"],
                )
                label = "Capaian"
            else:
                t = pick(target, c, jenis="Target Akhir Renstra")
                label = "Capaian terhadap target akhir Renstra"
            if t is None:
                continue
            hasil = hitung_capaian(t["nilai"], r["nilai"], formula[iid], t["nilai_atas"])
        if hasil.nilai is None or not _beda(c["nilai"], hasil.nilai, c["nilai_teks"]):
            continue
        yield Temuan(
            kec[iid],
            _year(c["tahun"]),
            JENIS["capaian"],
            nama[iid],
            f"{label} {c['periode']} tercetak {format_persen(c['nilai'])}, hitungan "
            f"{format_persen(hasil.nilai)} ({formula[iid]})",
            format_persen(c["nilai"]),
            format_persen(hasil.nilai),
            c["sumber_dokumen"],
            c["sumber_tabel"],
        )


def cek_kategori(
    capaian_laporan: pd.DataFrame, indikator: pd.DataFrame, skala_semua: tuple[Skala, ...]
) -> Iterator[Temuan]:
    """Reported category against the scale it belongs to (of ``skala_semua``) applied to the reported capaian."""
    kec = dict(zip(indikator["indikator_id"], indikator["kecamatan"], strict=True))
    nama = dict(zip(indikator["indikator_id"], indikator["nama"], strict=True))
    for c in capaian_laporan.to_dict("records"):
        if not isinstance(c["kategori_teks"], str) or is_missing(c["nilai"]):
            continue
        printed = " ".join(latin(c["kategori_teks"]).split())
        skala = skala_untuk_label(printed, skala_semua)
        if skala is None:
            continue  # a label of no configured scale ("Baik"): nothing to compare against
        k = kategori(c["nilai"], skala)
        if k and k.lower() != printed.lower():
            yield Temuan(
                kec[c["indikator_id"]],
                _year(c["tahun"]),
                JENIS["kategori"],
                nama[c["indikator_id"]],
                f"Capaian {format_persen(c['nilai'])} berkategori '{k}', tercetak '{c['kategori_teks']}'",
                c["kategori_teks"],
                k,
                c["sumber_dokumen"],
                c["sumber_tabel"],
            )


def cek_skm(
    skm: pd.DataFrame, hitung_skm: pd.DataFrame, skm_unsur: pd.DataFrame, skala_mutu: Skala
) -> Iterator[Temuan]:
    """Reported IKM against the IKM recomputed from NRR; reported mutu against the value on ``skala_mutu``."""
    key = ["kecamatan", "tahun", "periode", "jenis_layanan"]
    merged = skm.merge(hitung_skm, on=key, how="left")
    # IKM recomputed from NRR printed with d decimals is itself uncertain by 25 × half a unit of d.
    tol = np.full(len(skm_unsur), 25 * 0.0005)  # the default where no printed text says more
    teks, nrr = skm_unsur["nrr_teks"].tolist(), skm_unsur["nrr"].tolist()
    for i in [i for i, x in enumerate(teks) if isinstance(x, str)]:
        tol[i] = 25 * toleransi_cetak(teks[i], 0.0005, nrr[i])
    if not skm_unsur.empty:
        nrr_tol = skm_unsur.assign(_t=tol).groupby(key, as_index=False)["_t"].max()
        merged = merged.merge(nrr_tol, on=key, how="left")
    else:
        merged = merged.assign(_t=np.nan)
    merged["_t"] = merged["_t"].fillna(0.0)
    if "ikm_dihitung" not in merged:
        merged["ikm_dihitung"] = np.nan
    # only units that can give a finding: IKM further from the recomputed value than the NRR part of the tolerance
    # (the IKM's own printed precision only adds to it), or a printed mutu
    ikm = merged["ikm"].to_numpy(dtype=float, na_value=np.nan)
    dihitung = merged["ikm_dihitung"].to_numpy(dtype=float, na_value=np.nan)
    with np.errstate(invalid="ignore"):
        jauh = np.abs(ikm - dihitung) > merged["_t"].to_numpy(dtype=float)
    mungkin = jauh | merged["mutu_teks"].map(lambda x: isinstance(x, str)).to_numpy(dtype=bool)
    for s in merged[mungkin].to_dict("records"):
        subjek = f"IKM {s['periode']} ({s['jenis_layanan']})"
        tol = toleransi_cetak(s["ikm_teks"], 0.005, s["ikm"]) + float(s["_t"])
        if not is_missing(s["ikm"]) and not is_missing(s["ikm_dihitung"]) and abs(s["ikm"] - s["ikm_dihitung"]) > tol:
            yield Temuan(
                s["kecamatan"],
                _year(s["tahun"]),
                JENIS["ikm"],
                subjek,
                f"IKM tercetak {format_angka(s['ikm'])}, dari NRR per unsur {format_angka(s['ikm_dihitung'])}",
                format_angka(s["ikm"]),
                format_angka(s["ikm_dihitung"]),
                s["sumber_dokumen"],
                s["sumber_tabel"],
            )
        if isinstance(s["mutu_teks"], str) and not is_missing(s["ikm"]):
            kode = mutu_kode(s["ikm"], skala_mutu)
            printed = latin(s["mutu_teks"].strip())
            if kode and printed[:1].upper() in "ABCD" and len(printed.split()[0]) == 1 and printed[:1].upper() != kode:
                yield Temuan(
                    s["kecamatan"],
                    _year(s["tahun"]),
                    JENIS["mutu"],
                    subjek,
                    f"Mutu tercetak '{printed}' untuk IKM {format_angka(s['ikm'])}; seharusnya {kode}",
                    printed,
                    kode,
                    s["sumber_dokumen"],
                    s["sumber_tabel"],
                )
    # only unsur that can give a finding: a printed mutu, or a printed IKM unsur further from NRR × 25 than the
    # smallest tolerance below
    ikm_unsur = skm_unsur["ikm_unsur"].to_numpy(dtype=float, na_value=np.nan)
    nrr25 = skm_unsur["nrr"].to_numpy(dtype=float, na_value=np.nan) * 25
    with np.errstate(invalid="ignore"):
        mungkin = (np.abs(ikm_unsur - nrr25) > 0.0051) | skm_unsur["mutu_teks"].notna().to_numpy(dtype=bool)
    for u in skm_unsur[mungkin].to_dict("records"):
        if isinstance(u["mutu_teks"], str) and not is_missing(u["nrr"]):
            kode = mutu_kode(u["nrr"] * 25, skala_mutu)
            printed = latin(u["mutu_teks"].strip())
            if kode and printed[:1].upper() != kode:
                yield Temuan(
                    u["kecamatan"],
                    _year(u["tahun"]),
                    JENIS["mutu"],
                    _unsur_subjek(u),
                    f"Mutu unsur tercetak '{printed}' untuk NRR {format_angka(u['nrr'], 3)}; seharusnya {kode}",
                    printed,
                    kode,
                    u["sumber_dokumen"],
                    u["sumber_tabel"],
                )
        # NRR is itself rounded when printed: allow 25 × its half unit, plus the rounding of the IKM value.
        tol = 25 * toleransi_cetak(u["nrr_teks"], 0.0005, u["nrr"]) + 0.0051
        if not is_missing(u["ikm_unsur"]) and not is_missing(u["nrr"]) and abs(u["ikm_unsur"] - u["nrr"] * 25) > tol:
            yield Temuan(
                u["kecamatan"],
                _year(u["tahun"]),
                JENIS["ikm"],
                _unsur_subjek(u),
                f"IKM unsur tercetak {format_angka(u['ikm_unsur'])}, NRR × 25 = {format_angka(u['nrr'] * 25)}",
                format_angka(u["ikm_unsur"]),
                format_angka(u["nrr"] * 25),
                u["sumber_dokumen"],
                u["sumber_tabel"],
            )


def _unsur_subjek(u: pd.Series) -> str:
    return f"{u['unsur_kode']} (tercetak: {u['unsur_nama_laporan']}) {u['periode']}"


def toleransi_nilai(v: float) -> float:
    """Tolerance for a reported number whose printed text was not kept: half a unit of its last decimal."""
    for decimals in (0, 1, 2):
        if abs(v - round(v, decimals)) < 1e-9:
            return 0.5 * 10 ** (-decimals) + 1e-9
    return 0.006


def _pagu(row: pd.Series) -> float | None:
    return pagu_berlaku(row["pagu_murni"], row["pagu_perubahan"])


def _jumlah_per_induk(anggaran: pd.DataFrame) -> pd.DataFrame:
    """Children summed per (induk, level, table), beside their parent: from the same table if printed there, else
    the parent row in use. One row per group, computed for all groups at once."""
    key = ["induk_id", "level", "sumber_dokumen", "sumber_tabel"]
    children = anggaran[anggaran["induk_id"].notna()]
    pagu = children["pagu_perubahan"].fillna(children["pagu_murni"])
    groups = (
        children.assign(
            _pagu=pagu,
            _pm_na=children["pagu_murni"].isna(),
            _pagu_na=pagu.isna(),
            _r_na=children["realisasi"].isna(),
            _pp_ada=children["pagu_perubahan"].notna(),
        )
        .groupby(key, sort=True)
        .agg(
            n=("anggaran_id", "size"),
            pagu_murni=("pagu_murni", "sum"),
            pagu=("_pagu", "sum"),
            realisasi=("realisasi", "sum"),
            pm_na=("_pm_na", "any"),
            pagu_na=("_pagu_na", "any"),
            r_na=("_r_na", "any"),
            pp_ada=("_pp_ada", "any"),
        )
        .reset_index()
    )
    cols = ["anggaran_id", "sumber_dokumen", "sumber_tabel", "kecamatan", "tahun", "nama", "pagu_murni"]
    cols += ["pagu_perubahan", "realisasi"]
    same = anggaran.drop_duplicates(["anggaran_id", "sumber_dokumen", "sumber_tabel"])[cols]
    in_use = anggaran.sort_values("utama", ascending=False, kind="stable").drop_duplicates("anggaran_id")[cols]
    a = groups.merge(
        same.add_prefix("p_"),
        left_on=["induk_id", "sumber_dokumen", "sumber_tabel"],
        right_on=["p_anggaran_id", "p_sumber_dokumen", "p_sumber_tabel"],
        how="left",
    )
    b = groups.merge(in_use.add_prefix("p_"), left_on="induk_id", right_on="p_anggaran_id", how="left")
    found = a["p_anggaran_id"].notna()
    out = pd.concat([a[found], b[~found]]).sort_index()  # both merges keep the groups' order and index
    return out[out["p_anggaran_id"].notna()]


def cek_anggaran(anggaran: pd.DataFrame) -> Iterator[Temuan]:
    """Totals against the sum of their parts, reported serapan against the division, implausible amounts.

    Children are grouped by the table that prints them; each group is compared with its parent as the
    same table prints it, or else with the parent row in use.
    """
    groups = _jumlah_per_induk(anggaran)

    # only groups whose sum is more than half a rupiah from the parent in some column can give a finding (a missing
    # value compares as False here and gives none below)
    def x(kolom: str) -> np.ndarray:
        return groups[kolom].to_numpy(dtype=float, na_value=np.nan)

    with np.errstate(invalid="ignore"):
        mungkin = (
            (np.abs(x("pagu_murni") - x("p_pagu_murni")) > 0.5)
            | (np.abs(x("pagu") - x("p_pagu_perubahan")) > 0.5)
            | (np.abs(x("pagu") - x("p_pagu_murni")) > 0.5)
            | (np.abs(x("realisasi") - x("p_realisasi")) > 0.5)
        )
    for g in groups[mungkin].itertuples(index=False):
        # like with like: original pagu, revised pagu (the pagu in force) and realisation
        for kolom, label in (("pagu_murni", "Pagu murni"), ("pagu", "Pagu berlaku"), ("realisasi", "Realisasi")):
            if kolom == "pagu_murni":
                if g.pp_ada:
                    continue  # the revised pagu is compared below
                total, missing, jumlah = g.p_pagu_murni, g.pm_na, g.pagu_murni
            elif kolom == "pagu":
                if not g.pp_ada:
                    continue
                total, missing, jumlah = pagu_berlaku(g.p_pagu_murni, g.p_pagu_perubahan), g.pagu_na, g.pagu
            else:
                total, missing, jumlah = g.p_realisasi, g.r_na, g.realisasi
            if is_missing(total):
                continue
            total = float(total)
            if missing:  # a part left empty: the known parts against the total, the gap named with the empty cells
                yield from _jumlah_dengan_kosong(anggaran, g, kolom, label, total, jumlah)
                continue
            if abs(jumlah - total) > 0.5:
                yield Temuan(
                    g.p_kecamatan,
                    _year(g.p_tahun),
                    JENIS["jumlah"],
                    g.p_nama,
                    f"{label} {format_rupiah(total)} ({g.p_sumber_tabel}), jumlah {g.n} rincian "
                    f"tingkat {g.level} di {g.sumber_tabel} {format_rupiah(jumlah)} "
                    f"(selisih {format_rupiah(total - jumlah)})",
                    format_rupiah(total),
                    format_rupiah(jumlah),
                    g.p_sumber_dokumen,
                    g.p_sumber_tabel,
                )
    # only rows that can give a finding: a printed serapan, a realisation above a pagu, a negative amount
    mungkin = (
        anggaran["serapan_dilaporkan"].notna()
        | (anggaran["realisasi"] > anggaran["pagu_perubahan"].fillna(anggaran["pagu_murni"]))
        | (anggaran[["pagu_murni", "pagu_perubahan", "realisasi"]] < 0).any(axis=1)
    )
    for a in anggaran[mungkin].to_dict("records"):
        s = serapan(a["realisasi"], a["pagu_murni"], a["pagu_perubahan"])
        reported = a["serapan_dilaporkan"]
        if not is_missing(reported) and s.nilai is not None and abs(s.nilai - reported) > toleransi_nilai(reported):
            yield Temuan(
                a["kecamatan"],
                _year(a["tahun"]),
                JENIS["persen"],
                a["nama"],
                f"Serapan tercetak {format_persen(reported)}, realisasi/pagu = {format_persen(s.nilai)}",
                format_persen(reported),
                format_persen(s.nilai),
                a["sumber_dokumen"],
                a["sumber_tabel"],
            )
        pagu = _pagu(a)
        if pagu is not None and not is_missing(a["realisasi"]) and a["realisasi"] > pagu:
            yield Temuan(
                a["kecamatan"],
                _year(a["tahun"]),
                JENIS["tidak_wajar"],
                a["nama"],
                f"Realisasi {format_rupiah(a['realisasi'])} melebihi pagu {format_rupiah(pagu)}",
                format_rupiah(a["realisasi"]),
                format_rupiah(pagu),
                a["sumber_dokumen"],
                a["sumber_tabel"],
            )
        for kolom in ("pagu_murni", "pagu_perubahan", "realisasi"):
            if not is_missing(a[kolom]) and a[kolom] < 0:
                yield Temuan(
                    a["kecamatan"],
                    _year(a["tahun"]),
                    JENIS["tidak_wajar"],
                    a["nama"],
                    f"{kolom} bernilai negatif",
                    format_rupiah(a[kolom]),
                    None,
                    a["sumber_dokumen"],
                    a["sumber_tabel"],
                )


def _jumlah_dengan_kosong(
    anggaran: pd.DataFrame, g: tuple, kolom: str, label: str, total: float, jumlah: float
) -> Iterator[Temuan]:
    """A total whose parts include an empty cell (some of the group's rows print the column, some do not): the gap
    between the total and the parts that are printed, with the empty parts named. Nothing when no part prints the
    column (the table does not have it), or when the printed parts already make the total."""
    rows = anggaran[
        (anggaran["induk_id"] == g.induk_id)
        & (anggaran["level"] == g.level)
        & (anggaran["sumber_dokumen"] == g.sumber_dokumen)
        & (anggaran["sumber_tabel"] == g.sumber_tabel)
    ]
    nilai = rows["pagu_perubahan"].fillna(rows["pagu_murni"]) if kolom == "pagu" else rows[kolom]
    kosong = rows.loc[nilai.isna().to_numpy(dtype=bool), "nama"].tolist()
    if len(kosong) == len(rows) or abs(total - jumlah) <= 0.5:
        return
    yield Temuan(
        g.p_kecamatan,
        _year(g.p_tahun),
        JENIS["jumlah_kosong"],
        g.p_nama,
        f"{label} {format_rupiah(total)} ({g.p_sumber_tabel}); {len(rows) - len(kosong)} dari {len(rows)} rincian "
        f"tingkat {g.level} di {g.sumber_tabel} berjumlah {format_rupiah(jumlah)} (selisih "
        f"{format_rupiah(total - jumlah)}); kosong: {'; '.join(kosong)}",
        format_rupiah(total),
        format_rupiah(jumlah),
        g.p_sumber_dokumen,
        g.p_sumber_tabel,
    )


def cek_kas(kas: pd.DataFrame, anggaran: pd.DataFrame) -> Iterator[Temuan]:
    """Quarterly cash plans: TW1–TW4 against the line's allocation, the total row per quarter, negative quarters.

    A report's cash plan is checked against the line of its own table; imported quarters (one file per quarter,
    perhaps) are pooled per line and checked against the line in use. Sums are formed for all plans at once."""
    if kas.empty:
        return
    key3 = ["anggaran_id", "sumber_dokumen", "sumber_tabel"]
    pagu = anggaran.assign(_pagu=anggaran["pagu_perubahan"].fillna(anggaran["pagu_murni"]))
    items = pagu.drop_duplicates(key3).set_index(key3)["_pagu"]
    in_use = pagu[pagu["utama"]].drop_duplicates("anggaran_id").set_index("anggaran_id")["_pagu"]
    own = (
        kas[key3]
        .merge(items.index.to_frame(index=False).assign(_ada=True), on=key3, how="left")["_ada"]
        .fillna(False)
        .to_numpy(dtype=bool)
    )
    kas = kas.assign(_dok=kas["sumber_dokumen"].where(own, ""), _tabel=kas["sumber_tabel"].where(own, ""))
    kas = kas.sort_values(["anggaran_id", "triwulan"], kind="stable")
    plans = (
        kas.groupby(["anggaran_id", "_dok", "_tabel"], sort=True)
        .agg(
            kecamatan=("kecamatan", "first"),
            tahun=("tahun", "first"),
            nama=("nama", "first"),
            jumlah=("rencana", "sum"),
            diisi=("rencana", "count"),
            baris=("rencana", "size"),
            triwulan=("triwulan", "nunique"),
            dok=("sumber_dokumen", "last"),
            tabel=("sumber_tabel", "last"),
        )
        .reset_index()
    )
    dari_tabel = plans[["anggaran_id", "_dok", "_tabel"]].merge(
        items.rename("_p").reset_index(),
        left_on=["anggaran_id", "_dok", "_tabel"],
        right_on=key3,
        how="left",
    )["_p"]
    plans["pagu"] = dari_tabel.where(plans["_dok"] != "", plans["anggaran_id"].map(in_use)).to_numpy()
    lengkap = (plans["triwulan"] == 4) & (plans["diisi"] == plans["baris"])
    for g in plans[lengkap & plans["pagu"].notna() & ((plans["jumlah"] - plans["pagu"]).abs() > 0.5)].itertuples():
        yield Temuan(
            g.kecamatan,
            _year(g.tahun),
            JENIS["jumlah"],
            g.nama,
            f"Anggaran {format_rupiah(g.pagu)}, jumlah TW1–TW4 {format_rupiah(g.jumlah)}",
            format_rupiah(g.pagu),
            format_rupiah(g.jumlah),
            g.dok,
            g.tabel,
        )
    negatif = kas[kas["rencana"] < 0].merge(plans[["anggaran_id", "_dok", "_tabel", "dok", "tabel"]])
    for r in negatif.to_dict("records"):
        yield Temuan(
            r["kecamatan"],
            _year(r["tahun"]),
            JENIS["tidak_wajar"],
            r["nama"],
            f"Rencana kas TW{r['triwulan']} negatif: {format_rupiah(r['rencana'])}",
            format_rupiah(r["rencana"]),
            None,
            r["dok"],
            r["tabel"],
        )
    # a total line's quarter against the sum of its children's quarters, in the same table
    with_plan = set(kas["anggaran_id"].tolist())  # a set: Series.isin on Arrow strings compares row by row
    has_plan = np.array([a in with_plan for a in anggaran["anggaran_id"].tolist()], dtype=bool)
    parents = anggaran[(anggaran["level"] == "total").to_numpy(dtype=bool) & has_plan]
    if parents.empty:
        return
    children = anggaran.loc[anggaran["induk_id"].notna(), ["anggaran_id", "induk_id", "sumber_tabel"]]
    parts = (
        kas.merge(children.drop_duplicates(), on=["anggaran_id", "sumber_tabel"])
        .groupby(["induk_id", "sumber_dokumen", "sumber_tabel", "triwulan"])["rencana"]
        .sum()
        .rename("rincian")
        .reset_index()
    )
    totals = (
        parents[[*key3, "kecamatan", "tahun", "nama"]]
        .merge(kas[[*key3, "triwulan", "rencana"]], on=key3)
        .merge(
            parts,
            left_on=["anggaran_id", "sumber_dokumen", "sumber_tabel", "triwulan"],
            right_on=["induk_id", "sumber_dokumen", "sumber_tabel", "triwulan"],
        )
    )
    beda = totals[totals["rencana"].notna() & ((totals["rincian"] - totals["rencana"]).abs() > 0.5)]
    for t in beda.to_dict("records"):
        yield Temuan(
            t["kecamatan"],
            _year(t["tahun"]),
            JENIS["jumlah"],
            f"{t['nama']} TW{t['triwulan']}",
            f"Total TW{t['triwulan']} {format_rupiah(t['rencana'])}, jumlah rincian {format_rupiah(t['rincian'])}",
            format_rupiah(t["rencana"]),
            format_rupiah(t["rincian"]),
            t["sumber_dokumen"],
            t["sumber_tabel"],
        )


def cek_pembanding(pembanding: pd.DataFrame) -> Iterator[Temuan]:
    """A compared unit's printed capaian against its own value / target."""
    for b in pembanding.to_dict("records"):
        if any(is_missing(b[c]) for c in ("nilai", "target", "persen_dilaporkan")) or b["target"] == 0:
            continue
        hitung = b["nilai"] / b["target"] * 100
        if abs(hitung - b["persen_dilaporkan"]) > toleransi_nilai(b["persen_dilaporkan"]):
            yield Temuan(
                b["kecamatan"],
                _year(b["tahun"]),
                JENIS["persen"],
                f"{b['pembanding']}: {b['indikator']}",
                f"Persentase tercetak {format_persen(b['persen_dilaporkan'])}, "
                f"{format_angka(b['nilai'])} / {format_angka(b['target'])} = {format_persen(hitung)}",
                format_persen(b["persen_dilaporkan"]),
                format_persen(hitung),
                b["sumber_dokumen"],
                b["sumber_tabel"],
            )


def cek_efisiensi(efisiensi_laporan: pd.DataFrame, capaian: pd.DataFrame, anggaran: pd.DataFrame) -> Iterator[Temuan]:
    """Reported efficiency against the same method applied to our capaian and serapan."""
    cap = {(r.indikator_id, r.tahun): r.capaian_persen for r in capaian[capaian["periode"] == "Tahunan"].itertuples()}
    used = anggaran[anggaran["utama"]].set_index("anggaran_id")
    for e in efisiensi_laporan.to_dict("records"):
        if e["anggaran_id"] not in used.index:
            continue
        a = used.loc[e["anggaran_id"]]
        s = serapan(a["realisasi"], a["pagu_murni"], a["pagu_perubahan"]).nilai
        if not is_missing(e["capaian_dilaporkan"]):
            c = float(e["capaian_dilaporkan"])  # the capaian the report itself fed into its method
        elif isinstance(e["indikator_id"], str):
            c = cap.get((e["indikator_id"], e["tahun"]))
        else:
            c = 100.0  # a budget-wide rate (100 − serapan) is stated without an indicator
        hasil = efisiensi(e["metode"], c, s)
        subjek = a["nama"]
        # Reports subtract the printed (rounded) serapan, so allow one more rounding step.
        tol = toleransi_cetak(e["nilai_teks"]) + 0.01
        if hasil.nilai is not None and not is_missing(e["nilai"]) and abs(e["nilai"] - hasil.nilai) > tol:
            yield Temuan(
                e["kecamatan"],
                _year(e["tahun"]),
                JENIS["efisiensi"],
                subjek,
                f"Efisiensi ({e['metode']}) tercetak {format_angka(e['nilai'])}, hitungan {format_angka(hasil.nilai)}",
                format_angka(e["nilai"]),
                format_angka(hasil.nilai),
                e["sumber_dokumen"],
                e["sumber_tabel"],
            )
        if hasil.label and isinstance(e["label"], str) and hasil.label.lower() != e["label"].strip().lower():
            yield Temuan(
                e["kecamatan"],
                _year(e["tahun"]),
                JENIS["efisiensi"],
                subjek,
                f"Tercetak '{e['label']}', metode memberi '{hasil.label}'",
                e["label"],
                hasil.label,
                e["sumber_dokumen"],
                e["sumber_tabel"],
            )


def cek_sakip(evaluasi: pd.DataFrame, skala_predikat: Skala) -> Iterator[Temuan]:
    """Components against the total (per source table) and printed predikat against the score on ``skala_predikat``."""
    key = ["kecamatan", "tahun_dinilai", "sumber_dokumen", "sumber_tabel"]
    # only tables that print components beside the total, or a predikat (found for all tables at once)
    bagian = evaluasi.assign(_b=evaluasi["komponen"] != "Total").groupby(key)["_b"].transform("any")
    evaluasi = evaluasi[bagian | evaluasi["predikat_teks"].notna()]
    for (kec, tahun, dok, tabel), rows in evaluasi.groupby(key):
        total = rows[rows["komponen"] == "Total"]
        parts = rows[rows["komponen"] != "Total"]
        if not total.empty and not parts.empty and parts["nilai"].notna().all():
            t, jumlah = float(total.iloc[0]["nilai"]), float(parts["nilai"].sum())
            if abs(t - jumlah) > 0.011:
                yield Temuan(
                    kec,
                    int(tahun),
                    JENIS["jumlah"],
                    "Nilai evaluasi SAKIP",
                    f"Total {format_angka(t)}, jumlah komponen {format_angka(jumlah)}",
                    format_angka(t),
                    format_angka(jumlah),
                    dok,
                    tabel,
                )
        for r in total.to_dict("records"):
            p = predikat(r["nilai"], skala_predikat).label
            if isinstance(r["predikat_teks"], str) and p and r["predikat_teks"].strip().upper() != p:
                yield Temuan(
                    kec,
                    int(tahun),
                    JENIS["predikat"],
                    "Nilai evaluasi SAKIP",
                    f"Predikat tercetak {r['predikat_teks']} untuk nilai {format_angka(r['nilai'])}; skala memberi {p}",
                    r["predikat_teks"],
                    p,
                    dok,
                    tabel,
                )


def cek_beda_tabel(laporan_nilai: pd.DataFrame) -> Iterator[Temuan]:
    """The same fact printed with different values in different tables (one finding per deviating table)."""
    df = laporan_nilai[laporan_nilai["nilai"].notna()]
    key = ["kecamatan", "tahun", "periode", "ranah", "kunci", "besaran"]
    # only facts printed with values further apart than rounding (found for all facts at once)
    g = df.groupby(key, dropna=False)["nilai"]
    df = df[(g.transform("max") - g.transform("min")) > 0.011]
    for k, rows in df.groupby(key):
        # The reference: the value in use, else a table before a narrative sentence, then by source name, so the
        # findings do not depend on the order rows arrive in.
        urut = rows.assign(_narasi=rows["sumber_tabel"].str.startswith("Narasi"))
        urut = urut.sort_values(
            ["dipakai", "_narasi", "sumber_dokumen", "sumber_tabel"], ascending=[False, True, True, True], kind="stable"
        )
        ref = rows.loc[urut.index[0]]
        for _, r in rows.iterrows():
            if (
                r is ref
                or abs(r["nilai"] - ref["nilai"]) <= 0.011
                or (r["sumber_dokumen"] == ref["sumber_dokumen"] and r["sumber_tabel"] == ref["sumber_tabel"])
            ):
                continue
            fmt = format_rupiah if k[3] == "anggaran" else format_angka
            yield Temuan(
                k[0],
                _year(k[1]),
                JENIS["beda_tabel"],
                f"{ref['subjek']} ({k[5]}, {k[2]})",
                f"{r['sumber_tabel']} mencetak {fmt(r['nilai'])}, {ref['sumber_tabel']} mencetak {fmt(ref['nilai'])}",
                fmt(r["nilai"]),
                fmt(ref["nilai"]),
                r["sumber_dokumen"],
                r["sumber_tabel"],
            )


_REPAIR = re.compile(r"(\w+): tercetak '([^']*)', diperbaiki menjadi ([-\d.]+)")


def cek_perbaikan(frames: dict[str, pd.DataFrame]) -> Iterator[Temuan]:
    """Every value repaired from damaged print, so the repair is visible beside the findings.

    An empty or '-' cell filled from the same table (pagu − sisa) is documented in the row, not listed here.
    """
    for table, df in frames.items():
        if "perbaikan" not in df.columns:
            continue
        for r in df[df["perbaikan"].notna()].to_dict("records"):
            subjek = r.get("nama") or r.get("indikator") or r.get("indikator_id") or table
            for kolom, printed, value in _REPAIR.findall(str(r["perbaikan"])):
                if printed.strip() in ("", "-"):
                    continue
                fmt = format_rupiah if table.startswith("anggaran") and kolom != "serapan" else format_angka
                yield Temuan(
                    r["kecamatan"],
                    _year(r.get("tahun")),
                    JENIS["perbaikan"],
                    str(subjek),
                    f"{'nilai' if kolom == 'tercetak' else kolom} tercetak '{printed}', dipakai {fmt(float(value))}. "
                    f"{r.get('catatan') or ''}".strip(),
                    printed,
                    fmt(float(value)),
                    r["sumber_dokumen"],
                    r["sumber_tabel"],
                )


def cek_tahun(realisasi: pd.DataFrame, dokumen: pd.DataFrame) -> Iterator[Temuan]:
    """A realisation for a year after the year the document reports on is implausible."""
    tahun_dok = dict(zip(dokumen["dokumen_id"], dokumen["tahun"], strict=True))
    for r in realisasi.to_dict("records"):
        t = tahun_dok.get(r["sumber_dokumen"])
        if t is not None and not is_missing(r["nilai"]) and (r["tahun"] > t or r["tahun"] < t - 15):
            yield Temuan(
                r["kecamatan"],
                _year(r["tahun"]),
                JENIS["tidak_wajar"],
                r["indikator"],
                f"Realisasi tahun {r['tahun']} dalam dokumen tahun {t}",
                format_angka(r["nilai"]),
                None,
                r["sumber_dokumen"],
                r["sumber_tabel"],
            )


_TOTAL = {"jumlah", "total"}


def _angka(v: float) -> str:
    return format_angka(v, 0 if float(v).is_integer() else 2)


def cek_pendukung(data: pd.DataFrame) -> Iterator[Temuan]:
    """Printed totals of supporting tables: a 'Jumlah' row against its rows, a 'Jumlah' column against its months."""
    if data.empty:
        return
    # ratios ("realisasi (%)") are not additive
    df = data[(data["nilai"].notna() | data["nilai_teks"].notna()) & ~data["ukuran"].str.contains("%")].copy()
    df["nilai0"] = df["nilai"].fillna(0.0)
    for axis, other in (("wilayah", "periode"), ("periode", "wilayah")):
        is_total = df[axis].fillna("").str.strip().str.lower().isin(_TOTAL)
        keys = ["kecamatan", "tahun", "topik", other, "ukuran", "sumber_dokumen", "sumber_tabel"]
        parts = df[~is_total].fillna({other: ""}).groupby(keys)["nilai0"].sum()
        for t in df[is_total].fillna({other: ""}).to_dict("records"):
            key = tuple(t[k] for k in keys)
            if key not in parts.index or is_missing(t["nilai"]):
                continue
            jumlah = float(parts.loc[key])
            if abs(jumlah - t["nilai"]) > toleransi_nilai(t["nilai"]):
                where = t[other] or t["topik"]
                yield Temuan(
                    t["kecamatan"],
                    _year(t["tahun"]),
                    JENIS["jumlah"],
                    f"{t['topik']}: {where} ({t['ukuran']})",
                    f"Jumlah tercetak {_angka(t['nilai'])}, penjumlahan rinciannya {_angka(jumlah)}",
                    _angka(t["nilai"]),
                    _angka(jumlah),
                    t["sumber_dokumen"],
                    t["sumber_tabel"],
                )


# ---------------------------------------------------------------- plausibility: values that cannot be true
# The same rules refuse or warn in an import's preview (lkjip.io.impor.pemeriksaan) and are findings here, for what
# is stored already (reports, older imports).
BATAS_ANGKA = 1e15  # a thousand trillion: Indonesia's whole APBN is about Rp 3.300 triliun; no kecamatan value is near
RESPONDEN_MIN = 30  # below it an IKM says little: PermenPANRB 14/2017 sizes samples by population (Krejcie-Morgan),
# whose smallest useful samples are a few dozen; a kecamatan serving fewer people in a period is not plausible
USIA_MAKS = 120


def tahun_maks_terukur(hari_ini: date | None = None) -> int:
    """The last year a realisation or a survey can be of: next year at most (a report written in January may be
    dated ahead); the year after it cannot have been measured."""
    return (hari_ini or date.today()).year + 1


def angka_singkat(v: float) -> str:
    """A number as a person reads it, also when absurd (1e308 is not printed with 309 digits)."""
    return format_angka(v) if math.isfinite(v) and abs(v) <= BATAS_ANGKA else f"{v:.3g}"


def kumulatif_turun(nilai: Mapping[str, float]) -> tuple[str, float, str, float] | None:
    """The first quarter where a cumulative indicator's total so far falls, in one year's values ``{periode:
    nilai}``: (that point, its total, the point before, its total), or None.

    A kumulatif indicator's yearly value is the sum of its quarters (lkjip.calc.agregasi; the dashboard shows the
    running total as "Realisasi kumulatif"), so its total so far is TW1, TW1+TW2, …, and it falls only where a
    quarter's realisasi is negative. S1 and Tahunan are not compared here: whether a stated yearly total matches its
    quarters is a consistency question of its own."""
    sebelum: tuple[str, float] | None = None
    total = 0.0
    for tw in TRIWULAN:
        if is_missing(nilai.get(tw)):
            break
        total += float(nilai[tw])
        label = tw if sebelum is None else f"s.d. {tw}"
        if sebelum is not None and total < sebelum[1] - 1e-9 * max(1.0, abs(sebelum[1])):
            return label, total, sebelum[0], sebelum[1]
        sebelum = (label, total)
    return None


def pesan_kumulatif(turun: tuple[str, float, str, float]) -> str:
    label, v, label0, v0 = turun
    return (
        f"realisasi kumulatif {label} ({format_angka(v)}) lebih kecil daripada {label0} ({format_angka(v0)}): "
        "indikator kumulatif menjumlahkan realisasi tiap triwulan, sehingga totalnya tidak mungkin berkurang; "
        "periksa realisasi triwulan yang negatif (isi realisasi triwulan itu saja, bukan s.d. triwulan)"
    )


def cek_kumulatif(realisasi: pd.DataFrame) -> Iterator[Temuan]:
    """Cumulative indicators whose total so far falls within a year (``_realisasi_kumulatif``)."""
    for (_, tahun), g in realisasi.groupby(["indikator_id", "tahun"], sort=True):
        turun = kumulatif_turun(dict(zip(g["periode"], g["nilai"], strict=True)))
        if turun is None:
            continue
        akhir = g[g["periode"] == (turun[0].removeprefix("s.d. "))].iloc[0]
        yield Temuan(
            akhir["kecamatan"],
            _year(tahun),
            JENIS["tidak_wajar"],
            akhir["indikator"],
            pesan_kumulatif(turun)[0].upper() + pesan_kumulatif(turun)[1:],
            format_angka(turun[1]),
            None,
            akhir["sumber_dokumen"],
            akhir["sumber_tabel"],
        )


def cek_nilai_tidak_wajar(nilai: pd.DataFrame, tahun_maks: int) -> Iterator[Temuan]:
    """Targets and realisations beyond BATAS_ANGKA or not finite, realisations of a year not measurable yet
    (``_nilai_tidak_wajar``)."""
    for r in nilai.to_dict("records"):
        v = float(r["nilai"]) if not is_missing(r["nilai"]) else None
        jenis = "Target" if r["tabel"] == "target" else "Realisasi"
        if v is not None and (not math.isfinite(v) or abs(v) > BATAS_ANGKA):
            pesan = (
                f"{jenis} {angka_singkat(v)} di luar batas wajar ±1.000.000.000.000.000; capaian tidak dapat dihitung"
            )
        else:
            pesan = f"{jenis} tahun {r['tahun']} belum mungkin terukur (paling akhir tahun {tahun_maks})"
        yield Temuan(
            r["kecamatan"],
            _year(r["tahun"]),
            JENIS["tidak_wajar"],
            f"{r['indikator']} {r['periode']}",
            pesan,
            None if v is None else angka_singkat(v),
            None,
            r["sumber_dokumen"],
            r["sumber_tabel"],
        )


def cek_responden(skm: pd.DataFrame, tahun_maks: int, responden_min: int = RESPONDEN_MIN) -> Iterator[Temuan]:
    """SKM surveys (``_skm_responden``) with too few respondents for a meaningful IKM, of a year not measurable
    yet, or with answers of an impossible age or dated after today."""
    for s in skm.to_dict("records"):
        subjek = f"SKM {s['periode']} ({s['jenis_layanan']})"
        dokumen = s["sumber_dokumen"] if isinstance(s["sumber_dokumen"], str) else s["dokumen_jawaban"]
        tabel = s["sumber_tabel"] if isinstance(s["sumber_tabel"], str) else "Lembar skm_jawaban"
        pesan = []
        if not is_missing(s["responden"]) and int(s["responden"]) < responden_min:
            pesan.append(
                f"Hanya {int(s['responden'])} responden; di bawah {responden_min} responden IKM dan mutunya belum "
                "bermakna"
            )
        if s["tahun"] > tahun_maks:
            pesan.append(f"SKM tahun {s['tahun']} belum mungkin terukur (paling akhir tahun {tahun_maks})")
        if s["usia_salah"]:
            pesan.append(
                f"{int(s['usia_salah'])} jawaban dengan usia di luar 0–{USIA_MAKS} (mis. {int(s['usia_contoh'])})"
            )
        if s["tanggal_salah"]:
            pesan.append(
                f"{int(s['tanggal_salah'])} jawaban bertanggal setelah hari ini (hingga {s['tanggal_akhir']:%Y-%m-%d})"
            )
        for p in pesan:
            yield Temuan(
                s["kecamatan"],
                _year(s["tahun"]),
                JENIS["tidak_wajar"],
                subjek,
                p,
                None if is_missing(s["responden"]) else str(int(s["responden"])),
                None,
                dokumen,
                tabel,
            )


def to_frame(temuan: list[Temuan]) -> pd.DataFrame:
    df = pd.DataFrame([asdict(t) for t in temuan], columns=COLUMNS)
    df["tahun"] = df["tahun"].astype("Int64")
    return df.drop_duplicates().reset_index(drop=True)
