"""Refresh the hitung_* tables from the raw tables with the lkjip.calc rules.

Runs inside the caller's transaction after every write (build, import, form),
so the public views never show a computed value that disagrees with its inputs.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from lkjip.calc import checks
from lkjip.calc.anggaran import serapan
from lkjip.calc.capaian import ALASAN_REALISASI, ALASAN_TARGET, capaian_array, kategori_array
from lkjip.calc.hasil import is_missing
from lkjip.calc.ikm import UNSUR, ikm_dari_nrr, ikm_unsur, mutu_kode
from lkjip.calc.sakip import predikat
from lkjip.db.repository import Repository


def _capaian(repo: Repository) -> pd.DataFrame:
    df = repo.fetch("_capaian_input")
    values, reasons = capaian_array(
        df["target"].to_numpy(dtype=float, na_value=np.nan),
        df["realisasi"].to_numpy(dtype=float, na_value=np.nan),
        df["formula_capaian"].to_numpy(dtype=object),
        df["target_atas"].to_numpy(dtype=float, na_value=np.nan),
    )
    reasons = reasons.copy()
    for i, (reason, jenis, t_teks, r_teks) in enumerate(
        zip(reasons, df["target_jenis"], df["target_teks"], df["realisasi_teks"], strict=True)
    ):
        if reason == ALASAN_TARGET:
            if is_missing(jenis):
                reasons[i] = "Tidak ada target untuk indikator dan periode ini"
            elif isinstance(t_teks, str) and t_teks.strip():
                reasons[i] = f"Target tercetak '{t_teks}' bukan angka (predikat atau teks): tidak dapat dibagi"
            else:
                reasons[i] = f"Target {jenis} tidak tercetak atau tidak terbaca di dokumen"
        elif reason == ALASAN_REALISASI and not (isinstance(r_teks, str) and r_teks.strip()):
            reasons[i] = "Realisasi belum diisi (sel kosong)"
        elif reason == ALASAN_REALISASI:
            reasons[i] = f"Realisasi tercetak '{r_teks}' bukan angka"
    return pd.DataFrame(
        {
            "indikator_id": df["indikator_id"],
            "tahun": df["tahun"],
            "periode": df["periode"],
            "formula": df["formula_capaian"],
            "capaian_persen": values,
            "kategori": kategori_array(values),
            "alasan": reasons,
        }
    )


def _skm(repo: Repository) -> tuple[pd.DataFrame, pd.DataFrame]:
    key = ["kecamatan", "tahun", "periode", "jenis_layanan"]
    reported = repo.fetch("_skm_unsur_laporan")
    from_answers = repo.fetch("_skm_jawaban_nrr")
    unsur_rows, skm_rows = [], []
    answered = {tuple(r[k] for k in key): r for r in from_answers.to_dict("records")}
    groups = {k: g for k, g in reported.groupby(key)} if not reported.empty else {}
    for k in sorted(set(answered) | set(groups)):
        if k in answered:
            a = answered[k]
            nrr = {u.kode: a[u.kode] for u in UNSUR}
            dasar, responden = "jawaban responden", int(a["responden"])
            src = {u.kode: (a["sumber_dokumen"], a["sumber_tabel"]) for u in UNSUR}
        else:
            g = groups[k]
            nrr = dict(zip(g["unsur_kode"], g["nrr"], strict=True))
            dasar, responden = "NRR dilaporkan", None
            src = {r.unsur_kode: (r.sumber_dokumen, r.sumber_tabel) for r in g.itertuples()}
        for kode, v in nrr.items():
            if kode not in src:
                continue
            iu = ikm_unsur(v)
            unsur_rows.append(
                {
                    **dict(zip(key, k, strict=True)),
                    "unsur_kode": kode,
                    "nrr": v,
                    "dasar": dasar,
                    "ikm_unsur": iu,
                    "mutu": mutu_kode(iu),
                    "sumber_dokumen": src[kode][0],
                    "sumber_tabel": src[kode][1],
                }
            )
        hasil = ikm_dari_nrr(nrr)
        skm_rows.append(
            {
                **dict(zip(key, k, strict=True)),
                "responden_dihitung": responden,
                "ikm_dihitung": hasil.nilai,
                "dasar": dasar if hasil.nilai is not None else None,
                "mutu": mutu_kode(hasil.nilai),
                "alasan": hasil.alasan,
            }
        )
    hitung_skm = pd.DataFrame(skm_rows, columns=[*key, "responden_dihitung", "ikm_dihitung", "dasar", "mutu", "alasan"])
    # Units with only a reported IKM (no NRR): mutu from the reported value, reason stated.
    laporan = repo.fetch("_skm_laporan")
    known = set(map(tuple, hitung_skm[key].itertuples(index=False))) if not hitung_skm.empty else set()
    extra = []
    for s in laporan.to_dict("records"):
        k = tuple(s[c] for c in key)
        if k in known:
            continue
        known.add(k)
        extra.append(
            {
                **dict(zip(key, k, strict=True)),
                "responden_dihitung": None,
                "ikm_dihitung": None,
                "dasar": None,
                "mutu": mutu_kode(s["ikm"]),
                "alasan": "NRR per unsur tidak tersedia: IKM tidak dapat dihitung ulang; mutu dari IKM yang dilaporkan",
            }
        )
    if extra:
        hitung_skm = pd.concat([hitung_skm, pd.DataFrame(extra)], ignore_index=True)
    return hitung_skm, pd.DataFrame(
        unsur_rows, columns=[*key, "unsur_kode", "nrr", "dasar", "ikm_unsur", "mutu", "sumber_dokumen", "sumber_tabel"]
    )


def _anggaran(repo: Repository) -> pd.DataFrame:
    a = repo.fetch("_anggaran")
    hasil = [serapan(r, m, p) for r, m, p in zip(a["realisasi"], a["pagu_murni"], a["pagu_perubahan"], strict=True)]
    return pd.DataFrame(
        {
            "anggaran_id": a["anggaran_id"],
            "sumber_dokumen": a["sumber_dokumen"],
            "sumber_tabel": a["sumber_tabel"],
            "serapan_persen": [h.nilai for h in hasil],
            "alasan": [h.alasan for h in hasil],
        }
    )


def _sakip(repo: Repository) -> pd.DataFrame:
    e = repo.fetch("_evaluasi_sakip")
    e = e[e["komponen"] == "Total"]
    return pd.DataFrame(
        {
            "kecamatan": e["kecamatan"],
            "tahun_dinilai": e["tahun_dinilai"],
            "komponen": e["komponen"],
            "sumber_dokumen": e["sumber_dokumen"],
            "sumber_tabel": e["sumber_tabel"],
            "predikat": [predikat(v).label for v in e["nilai"]],
        }
    )


def temuan(repo: Repository) -> pd.DataFrame:
    """All consistency findings over the current raw and computed tables."""
    indikator = repo.fetch_view("v_indikator", ordered=True).rename(columns={"indikator": "nama"})
    target, realisasi = repo.fetch("_target"), repo.fetch("_realisasi")
    cap_lap = repo.fetch("_capaian_laporan")
    anggaran = repo.fetch("_anggaran")
    skm = repo.fetch("_skm_laporan")
    found: list[checks.Temuan] = []
    found += checks.cek_capaian(cap_lap, target, realisasi, indikator)
    found += checks.cek_kategori(cap_lap, indikator)
    found += checks.cek_skm(skm, repo.fetch("_hitung_skm"), repo.fetch("_skm_unsur_semua"))
    found += checks.cek_anggaran(anggaran)
    found += checks.cek_kas(repo.fetch("_anggaran_kas"), anggaran)
    found += checks.cek_pembanding(repo.fetch("_pembanding"))
    found += checks.cek_pendukung(repo.fetch("_data_pendukung"))
    found += checks.cek_efisiensi(
        repo.fetch("_efisiensi_laporan"), repo.fetch_view("v_capaian", ordered=True), anggaran
    )
    found += checks.cek_sakip(repo.fetch("_evaluasi_sakip"))
    found += checks.cek_beda_tabel(repo.fetch_view("v_laporan_nilai", ordered=True))
    found += checks.cek_perbaikan(
        {"target": target, "realisasi": realisasi, "anggaran": anggaran, "anggaran_kas": repo.fetch("_anggaran_kas")}
    )
    found += checks.cek_tahun(realisasi, repo.fetch("_dokumen"))
    return checks.to_frame(found)


def refresh_derived(repo: Repository) -> None:
    """Recompute every hitung_* table (call inside the writer's transaction)."""
    repo.replace_df("hitung_capaian", _capaian(repo))
    hitung_skm, hitung_unsur = _skm(repo)
    repo.replace_df("hitung_skm", hitung_skm)
    repo.replace_df("hitung_skm_unsur", hitung_unsur)
    repo.replace_df("hitung_anggaran", _anggaran(repo))
    repo.replace_df("hitung_sakip", _sakip(repo))
    repo.replace_df("hitung_temuan", temuan(repo))
