"""Refresh the hitung_* tables from the raw tables with the lkjip.calc rules.

Runs inside the caller's transaction after every write (build, import, form),
so the public views never show a computed value that disagrees with its inputs.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from lkjip.calc import checks
from lkjip.calc.anggaran import serapan_array
from lkjip.calc.capaian import ALASAN_REALISASI, ALASAN_TARGET, capaian_array, kategori_array
from lkjip.calc.ikm import UNSUR, ikm_dari_nrr_array, mutu_kode_array
from lkjip.calc.sakip import predikat_array
from lkjip.config import Settings, get_settings
from lkjip.db.queries import KUNCI_MENTAH
from lkjip.db.repository import Repository
from lkjip.db.statements import TABEL_HITUNG
from lkjip.errors import DataError
from lkjip.missing import is_missing


class _Bacaan:
    """The input rows of one chunk, each named query read once (the rules and the checks read the same tables).

    Only for tables a refresh does not write: the hitung_* inputs of the checks are read after they are inserted."""

    def __init__(self, repo: Repository, lingkup: list[str]) -> None:
        self.repo, self.lingkup = repo, lingkup
        self._sudah: dict[str, pd.DataFrame] = {}

    def __call__(self, name: str) -> pd.DataFrame:
        if name not in self._sudah:
            df = self.repo.fetch_arrow(name, lingkup=self.lingkup)  # about twice as fast as fetch for large reads
            for col in df.columns:  # as fetch gives it: a text column with no value at all holds None
                if str(df[col].dtype).startswith("str") and df[col].isna().all():
                    df[col] = pd.Series([None] * len(df), index=df.index, dtype=object)
            self._sudah[name] = df
        return self._sudah[name]


def _capaian(repo: Repository, lingkup: list[str], settings: Settings) -> pd.DataFrame:
    df = repo.fetch_arrow("_capaian_input", lingkup=lingkup)  # the largest read of a refresh
    values, reasons = capaian_array(
        df["target"].to_numpy(dtype=float, na_value=np.nan),
        df["realisasi"].to_numpy(dtype=float, na_value=np.nan),
        df["formula_capaian"].to_numpy(dtype=object),
        df["target_atas"].to_numpy(dtype=float, na_value=np.nan),
    )
    reasons = reasons.copy()
    jenis_, t_teks_, r_teks_ = df["target_jenis"].tolist(), df["target_teks"].tolist(), df["realisasi_teks"].tolist()
    for i in [i for i, reason in enumerate(reasons) if reason is not None]:  # only rows without a capaian
        reason, jenis, t_teks, r_teks = reasons[i], jenis_[i], t_teks_[i], r_teks_[i]
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
    kolom_masukan = ["indikator_id", "kecamatan", "tahun", "periode", "target", "target_atas", "target_teks"]
    kolom_masukan += ["target_jenis", "target_sumber_dokumen", "target_sumber_tabel", "realisasi", "realisasi_teks"]
    kolom_masukan += ["sumber_dokumen", "sumber_tabel"]
    return pd.DataFrame(
        {
            **{k: df[k] for k in kolom_masukan},
            "formula": df["formula_capaian"],
            "capaian_persen": values,
            "kategori": kategori_array(values, settings.skala_capaian),
            "alasan": reasons,
        }
    )


def _skm(baca: _Bacaan, settings: Settings) -> tuple[pd.DataFrame, pd.DataFrame]:
    """NRR, IKM and mutu per unit: from raw answers where there are any, else from the NRR a report prints.

    Computed for all units at once (an n × 9 array of NRR), so a national dataset costs array operations, not a
    Python loop per unit."""
    key = ["kecamatan", "tahun", "periode", "jenis_layanan"]
    kode = [u.kode for u in UNSUR]
    reported = baca("_skm_unsur_laporan")
    from_answers = baca("_skm_jawaban_nrr")
    # long form: one row per (unit, unsur) with its NRR, basis and source
    answered = from_answers.melt(
        id_vars=[*key, "responden", "sumber_dokumen", "sumber_tabel"],
        value_vars=kode,
        var_name="unsur_kode",
        value_name="nrr",
    ).assign(dasar="jawaban responden")
    done = set(map(tuple, from_answers[key].itertuples(index=False)))
    if done:
        keep = [tuple(k) not in done for k in reported[key].itertuples(index=False)]
        reported = reported[np.array(keep, dtype=bool)]
    unsur = pd.concat(
        [answered, reported.assign(responden=None, dasar="NRR dilaporkan")[answered.columns]], ignore_index=True
    ).sort_values([*key, "unsur_kode"], kind="stable", ignore_index=True)
    unsur["nrr"] = unsur["nrr"].astype(float)
    unsur["ikm_unsur"] = unsur["nrr"] * 25.0  # ikm_unsur rule (NRR × 25)
    unsur["mutu"] = mutu_kode_array(unsur["ikm_unsur"].to_numpy(), settings.skala_mutu)
    hitung_unsur = unsur[[*key, "unsur_kode", "nrr", "dasar", "ikm_unsur", "mutu", "sumber_dokumen", "sumber_tabel"]]

    wide = unsur.groupby([*key, "unsur_kode"])["nrr"].first().unstack("unsur_kode").reindex(columns=kode)
    units = unsur.drop_duplicates(key).set_index(key)
    nilai, alasan = ikm_dari_nrr_array(wide.to_numpy(dtype=float, na_value=np.nan))
    units = units.loc[wide.index]
    hitung_skm = pd.DataFrame(
        {
            "responden_dihitung": units["responden"].to_numpy(),
            "ikm_dihitung": nilai,
            "dasar": np.where(np.isnan(nilai), None, units["dasar"].to_numpy()),
            "mutu": mutu_kode_array(nilai, settings.skala_mutu),
            "alasan": alasan,
        },
        index=wide.index,
    ).reset_index()
    # Units with only a reported IKM (no NRR): mutu from the reported value, reason stated.
    laporan = baca("_skm_laporan")
    extra = laporan.drop_duplicates(key)
    if not hitung_skm.empty and not extra.empty:
        extra = extra.merge(hitung_skm[key], on=key, how="left", indicator=True)
        extra = extra[extra["_merge"] == "left_only"]
    if not extra.empty:
        extra = pd.DataFrame(
            {
                **{k: extra[k].to_numpy() for k in key},
                "responden_dihitung": None,
                "ikm_dihitung": None,
                "dasar": None,
                "mutu": mutu_kode_array(extra["ikm"].to_numpy(dtype=float, na_value=np.nan), settings.skala_mutu),
                "alasan": "NRR per unsur tidak tersedia: IKM tidak dapat dihitung ulang; mutu dari IKM yang dilaporkan",
            }
        )
        hitung_skm = pd.concat([hitung_skm, extra], ignore_index=True)
    return hitung_skm, hitung_unsur


def _anggaran(baca: _Bacaan) -> pd.DataFrame:
    """Serapan of every budget item, on the values its public row shows (each value chosen on its own)."""
    a = baca("_anggaran_dipilih")
    nilai, alasan = serapan_array(
        *(a[k].to_numpy(dtype=float, na_value=np.nan) for k in ("realisasi", "pagu_murni", "pagu_perubahan"))
    )
    return pd.DataFrame(
        {
            "anggaran_id": a["anggaran_id"],
            "kecamatan": a["kecamatan"],
            "sumber_dokumen": a["sumber_dokumen"],
            "sumber_tabel": a["sumber_tabel"],
            "serapan_persen": nilai,
            "alasan": alasan,
        }
    )


def _sakip(baca: _Bacaan, settings: Settings) -> pd.DataFrame:
    e = baca("_evaluasi_sakip")
    e = e[e["komponen"] == "Total"]
    return pd.DataFrame(
        {
            "kecamatan": e["kecamatan"],
            "tahun_dinilai": e["tahun_dinilai"],
            "komponen": e["komponen"],
            "sumber_dokumen": e["sumber_dokumen"],
            "sumber_tabel": e["sumber_tabel"],
            "predikat": predikat_array(e["nilai"].to_numpy(dtype=float, na_value=np.nan), settings.skala_predikat),
        }
    )


def temuan(
    repo: Repository,
    lingkup: list[str] | None = None,
    baca: _Bacaan | None = None,
    settings: Settings | None = None,
) -> pd.DataFrame:
    """All consistency findings over the current raw and computed tables (``baca``: the chunk's rows already read),
    on the scales of ``settings`` (those of the environment when None)."""
    settings = settings or get_settings()
    lingkup = semua_kecamatan(repo) if lingkup is None else lingkup
    baca = baca or _Bacaan(repo, lingkup)
    indikator = baca("_indikator")
    target, realisasi = (
        baca("_target_diperiksa"),
        baca("_realisasi_diperiksa"),
    )
    cap_lap = baca("_capaian_laporan")
    anggaran = baca("_anggaran")
    skm = baca("_skm_laporan")
    found: list[checks.Temuan] = []
    found += checks.cek_capaian(cap_lap, target, realisasi, indikator)
    found += checks.cek_kategori(cap_lap, indikator, (settings.skala_capaian, *settings.skala_capaian_lain))
    found += checks.cek_skm(skm, baca("_hitung_skm"), baca("_skm_unsur_semua"), settings.skala_mutu)
    found += checks.cek_anggaran(anggaran)
    found += checks.cek_kas(baca("_anggaran_kas"), anggaran)
    found += checks.cek_pembanding(baca("_pembanding"))
    found += checks.cek_pendukung(baca("_data_pendukung"))
    found += checks.cek_efisiensi(baca("_efisiensi_laporan"), baca("_capaian_efisiensi"), anggaran)
    found += checks.cek_sakip(baca("_evaluasi_sakip"), settings.skala_predikat)
    # Without a fact printed twice nothing can differ; the view's query would still join the whole of
    # hitung_capaian, which grows with the country (3,8 s for the last chunk of a national build).
    if len(baca("_fakta_ganda")):
        found += checks.cek_beda_tabel(baca("_laporan_nilai_beda"))
    found += checks.cek_perbaikan(
        {
            "target": target,
            "realisasi": realisasi,
            "anggaran": anggaran,
            "anggaran_kas": baca("_anggaran_kas"),
        }
    )
    found += checks.cek_tahun(realisasi, repo.fetch("_dokumen"))
    found += checks.cek_kumulatif(baca("_realisasi_kumulatif"))
    tahun_maks = checks.tahun_maks_terukur()
    found += checks.cek_nilai_tidak_wajar(
        repo.fetch("_nilai_tidak_wajar", lingkup=lingkup, batas=checks.BATAS_ANGKA, tahun_maks=tahun_maks), tahun_maks
    )
    found += checks.cek_responden(
        repo.fetch("_skm_responden", lingkup=lingkup, usia_maks=checks.USIA_MAKS, hari_ini=date.today()), tahun_maks
    )
    return checks.to_frame(found)


PER_BAGIAN = 500  # kecamatan per chunk: bounds memory at national scale; the real data is one chunk


def periksa_kunci(repo: Repository, lingkup: list[str]) -> None:
    """Refuse the write (DataError, nothing committed) when a value table holds a key twice for these kecamatan."""
    masalah = []
    for table, key in KUNCI_MENTAH.items():
        ganda = repo.fetch(f"_kunci_ganda_{table}", lingkup=lingkup)
        for row in ganda.itertuples(index=False):
            isi = ", ".join(f"{k}={v}" for k, v in zip(key, row[:-1], strict=True))
            masalah.append(f"tabel {table}: baris dengan kunci ({isi}) ada {row[-1]} kali")
    if masalah:
        raise DataError(
            "Baris ganda; tidak ada yang disimpan. Setiap fakta hanya boleh satu baris per dokumen dan tabel: "
            + "; ".join(masalah)
        )


def semua_kecamatan(repo: Repository) -> list[str]:
    return repo.fetch("_semua_kecamatan")["kecamatan"].tolist()


def refresh_derived(repo: Repository, kecamatan: list[str] | None = None, settings: Settings | None = None) -> None:
    """Recompute the hitung_* rows of ``kecamatan`` (every kecamatan when None), inside the writer's transaction.

    A kecamatan's derived values depend on its own raw rows only, so a write recomputes the kecamatan it touched;
    a full refresh goes PER_BAGIAN kecamatan at a time. The rules apply the scales of ``settings`` (those of the
    environment when None)."""
    settings = settings or get_settings()
    if not repo.simpan_turunan:  # a PostgreSQL write's scratch (lkjip.db.tulis_pg): the read models derive; keys only
        semua = semua_kecamatan(repo) if kecamatan is None else sorted(set(kecamatan))
        for i in range(0, len(semua), PER_BAGIAN):
            periksa_kunci(repo, semua[i : i + PER_BAGIAN])
        return
    if kecamatan is None:
        for table in TABEL_HITUNG:
            repo.run(f"kosongkan_{table}")
        semua = semua_kecamatan(repo)
    else:
        semua = sorted(set(kecamatan))
        for table in TABEL_HITUNG:
            repo.run(f"hapus_{table}_kecamatan", kecamatan=semua)
    for i in range(0, len(semua), PER_BAGIAN):
        lingkup = semua[i : i + PER_BAGIAN]
        periksa_kunci(repo, lingkup)
        repo.insert_df("hitung_capaian", _capaian(repo, lingkup, settings))
        baca = _Bacaan(repo, lingkup)
        hitung_skm, hitung_unsur = _skm(baca, settings)
        repo.insert_df("hitung_skm", hitung_skm)
        repo.insert_df("hitung_skm_unsur", hitung_unsur)
        repo.insert_df("hitung_anggaran", _anggaran(baca))
        repo.insert_df("hitung_sakip", _sakip(baca, settings))
        repo.insert_df("hitung_temuan", temuan(repo, lingkup, baca, settings))


# One row per key in each computed table. The schema declares no PRIMARY KEY on them: refresh_derived is their only
# writer, and DuckDB's key indexes made a national build's inserts and commits about 30% slower (issue 7);
# tests/data/test_build.py checks these keys instead.
KUNCI_HITUNG = {
    "hitung_capaian": ("indikator_id", "tahun", "periode"),
    "hitung_skm": ("kecamatan", "tahun", "periode", "jenis_layanan"),
    "hitung_skm_unsur": ("kecamatan", "tahun", "periode", "jenis_layanan", "unsur_kode"),
    "hitung_anggaran": ("anggaran_id", "sumber_dokumen", "sumber_tabel"),
    "hitung_sakip": ("kecamatan", "tahun_dinilai", "komponen", "sumber_dokumen", "sumber_tabel"),
}
