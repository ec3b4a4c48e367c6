"""What the pages ask for: one function per page section, each reading the public views and
applying the lkjip.calc rules (no Streamlit here, no SQL outside lkjip.db)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from lkjip.calc.agregasi import kumulatif_berjalan
from lkjip.calc.anggaran import METODE_EFISIENSI, METODE_SERAGAM, efisiensi
from lkjip.calc.capaian import tercapai
from lkjip.calc.ikm import mutu_kode
from lkjip.calc.periode import PERIODE_URUT
from lkjip.calc.trajectory import perubahan_tahunan, progres_renstra
from lkjip.config import get_settings
from lkjip.db.repository import Repository
from lkjip.format import format_angka, format_isian
from lkjip.missing import is_missing

TINGKAT_UTAMA = ("iku", "tujuan")  # the main indicators: headline tiles, default charts, the rapat deck


def daftar_kecamatan(repo: Repository) -> pd.DataFrame:
    return repo.fetch("kecamatan_list")


@dataclass(frozen=True)
class Wilayah:
    """Every kecamatan and where it lies, as the lookups the sidebar filter needs on each rerun (built once per
    database version: at national scale, forming them from the 7.300-row list took 30-80 ms of every filter change)."""

    tabel: pd.DataFrame  # kecamatan_list
    nama: tuple[str, ...]  # every kecamatan, in provinsi, kab/kota, kecamatan order
    ada_data: tuple[str, ...]  # those with any indikator, anggaran or SKM row
    bawaan: str | None  # where a first visit opens (Wilayah.bawaan)
    kab_kota: dict[str, str]  # kecamatan -> kab/kota
    provinsi: dict[str, str]  # kecamatan -> provinsi
    sintetis: frozenset[str]
    daftar_provinsi: tuple[str, ...]  # sorted
    kab_per_provinsi: dict[str, tuple[str, ...]]  # sorted kab/kota of each provinsi
    kecamatan_per_kab: dict[str, tuple[str, ...]]  # kecamatan of each kab/kota, in list order


def wilayah(repo: Repository) -> Wilayah:
    kec = daftar_kecamatan(repo)
    nama = tuple(kec["kecamatan"].tolist())
    kab = kec["kab_kota"].tolist()
    prov = kec["provinsi"].tolist()
    kab_per_provinsi: dict[str, set[str]] = {}
    kecamatan_per_kab: dict[str, list[str]] = {}
    for n, k, p in zip(nama, kab, prov, strict=True):
        kab_per_provinsi.setdefault(p, set()).add(k)
        kecamatan_per_kab.setdefault(k, []).append(n)
    return Wilayah(
        tabel=kec,
        nama=nama,
        ada_data=tuple(kec.loc[kec["ada_data"], "kecamatan"].tolist()),
        bawaan=_bawaan(kec),
        kab_kota=dict(zip(nama, kab, strict=True)),
        provinsi=dict(zip(nama, prov, strict=True)),
        sintetis=frozenset(kec.loc[kec["sintetis"], "kecamatan"].tolist()),
        daftar_provinsi=tuple(sorted(kab_per_provinsi)),
        kab_per_provinsi={p: tuple(sorted(ks)) for p, ks in kab_per_provinsi.items()},
        kecamatan_per_kab={k: tuple(ns) for k, ns in kecamatan_per_kab.items()},
    )


def _bawaan(kec: pd.DataFrame) -> str | None:
    """The kecamatan a first visit opens: the first in list order whose indicators come from a published report,
    else the first with any data, else the first. Never decided by an import alone: an imported provinsi or
    kecamatan named to sort first ('!Aceh', '0 ...') does not become every visitor's landing page."""
    for kolom in ("dari_laporan", "ada_data"):
        pilihan = kec.loc[kec[kolom], "kecamatan"] if kolom in kec else pd.Series(dtype=object)
        if len(pilihan):
            return str(pilihan.iloc[0])
    return str(kec["kecamatan"].iloc[0]) if len(kec) else None


def daftar_tahun(repo: Repository, kecamatan: str) -> list[int]:
    return tahun_kecamatan(repo, kecamatan).tahun


@dataclass(frozen=True)
class TahunKecamatan:
    """The years a kecamatan has data for (newest first), and the year its pages open on."""

    tahun: list[int]
    tahunan: frozenset[int]  # years with an annual realisation of at least one indicator

    @property
    def bawaan(self) -> int | None:
        """The latest year with annual realisation; a year with only quarterly (or only budget/SKM) data is not
        where a camat's review starts. Without any annual realisation, the latest year."""
        return next((t for t in self.tahun if t in self.tahunan), self.tahun[0] if self.tahun else None)


def tahun_kecamatan(repo: Repository, kecamatan: str) -> TahunKecamatan:
    df = repo.fetch("tahun_list", kecamatan=kecamatan)
    return TahunKecamatan(
        tahun=[int(t) for t in df["tahun"]],
        tahunan=frozenset(int(t) for t, a in zip(df["tahun"], df["ada_tahunan"], strict=True) if a),
    )


# ---------------------------------------------------------------- Ringkasan / Target vs Realisasi
def capaian_tahunan(repo: Repository, kecamatan: str, tahun: int) -> pd.DataFrame:
    """Yearly capaian of every indicator, with the change from the previous year's realisasi."""
    return _capaian_tahunan(repo.fetch("capaian_tahunan_dan_sebelumnya", kecamatan=kecamatan, tahun=tahun), tahun)


def _capaian_tahunan(both: pd.DataFrame, tahun: int) -> pd.DataFrame:
    now = _teks_kosong_none(both[both["tahun"] == tahun].reset_index(drop=True))
    before = both[both["tahun"] == tahun - 1]
    prev = dict(zip(before["indikator_id"], before["realisasi"], strict=True))
    change = [perubahan_tahunan(prev.get(i), r) for i, r in zip(now["indikator_id"], now["realisasi"], strict=True)]
    now["realisasi_tahun_lalu"] = [prev.get(i) for i in now["indikator_id"]]
    now["perubahan_persen"] = [c.nilai for c in change]
    return now


def _teks_kosong_none(df: pd.DataFrame) -> pd.DataFrame:
    """Missing text as None in every text column (a text column that is partly filled would otherwise hold NaN,
    which is truthy and prints as 'nan')."""
    out = df.copy()
    for col in out.columns:
        if out[col].dtype == object or str(out[col].dtype).startswith(("str", "string")):
            out[col] = out[col].astype(object).where(out[col].notna(), None)
    return out


@dataclass(frozen=True)
class Ringkasan:
    capaian: pd.DataFrame
    skm: pd.Series | None
    anggaran: pd.Series | None
    sakip: pd.Series | None
    n_temuan: int


def ringkasan(repo: Repository, kecamatan: str, tahun: int) -> Ringkasan:
    """Everything the home page shows for one kecamatan and year."""
    skm, ang, sakip, both, cek = repo.fetch_many(
        ("skm", {"kecamatan": kecamatan}),
        ("anggaran", {"kecamatan": kecamatan, "tahun": tahun}),
        ("evaluasi_sakip", {"kecamatan": kecamatan}),
        ("capaian_tahunan_dan_sebelumnya", {"kecamatan": kecamatan, "tahun": tahun}),
        ("temuan", {"kecamatan": kecamatan}),
    )
    skm = skm[(skm["tahun"] == tahun) & (skm["periode"] == "Tahunan")]
    ang = ang[ang["level"] == "total"]
    sakip = sakip[(sakip["komponen"] == "Total") & (sakip["tahun_dinilai"] <= tahun)].sort_values("tahun_dinilai")
    return Ringkasan(
        capaian=_capaian_tahunan(both, tahun),
        skm=None if skm.empty else skm.iloc[0],
        anggaran=None if ang.empty else ang.iloc[0],
        sakip=None if sakip.empty else sakip.iloc[-1],
        n_temuan=len(cek),
    )


def riwayat_indikator(repo: Repository, kecamatan: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(yearly realisations and targets per indicator over all years, progress toward the end-of-Renstra target)."""
    cap = repo.fetch("capaian_kecamatan", kecamatan=kecamatan)
    cap = cap[cap["periode"] == "Tahunan"]
    tgt = repo.fetch("target_kecamatan", kecamatan=kecamatan)
    tgt = tgt[tgt["periode"] == "Tahunan"]
    rows = []
    # only the columns used, and the targets split by indicator once: masking and dropna on the full frames per
    # indicator were most of the page's run at 30 indicators (the same rows in the same order, so the same result)
    renstra = tgt.loc[
        tgt["jenis"].isin(["Kondisi Awal", "Target Akhir Renstra"]), ["indikator_id", "jenis", "target", "tahun"]
    ]
    per_indikator = dict(iter(renstra.groupby("indikator_id")))
    kosong = renstra.iloc[:0]
    kolom = ["indikator_id", "tahun", "realisasi", "indikator", "satuan", "arah"]
    for iid, g in cap[kolom].groupby("indikator_id"):
        g = g.sort_values("tahun")
        terisi = g.dropna(subset=["realisasi"])
        last = terisi.tail(1)
        t = per_indikator.get(iid, kosong)
        awal = t[t["jenis"] == "Kondisi Awal"].dropna(subset=["target"]).sort_values("tahun")
        akhir = t[t["jenis"] == "Target Akhir Renstra"].dropna(subset=["target"]).sort_values("tahun")
        # without a printed baseline, the first year with a realisation serves as one
        base = awal.iloc[0] if not awal.empty else None
        first = terisi.head(1)
        x0 = base["target"] if base is not None else (first["realisasi"].iloc[0] if not first.empty else None)
        t0 = int(base["tahun"]) if base is not None else (int(first["tahun"].iloc[0]) if not first.empty else None)
        p = progres_renstra(
            nilai_awal=x0,
            tahun_awal=t0,
            nilai_kini=None if last.empty else last["realisasi"].iloc[0],
            tahun_kini=int(last["tahun"].iloc[0]) if not last.empty else 0,
            target_akhir=None if akhir.empty else akhir["target"].iloc[-1],
            tahun_target=None if akhir.empty else int(akhir["tahun"].iloc[-1]),
            arah=g["arah"].iloc[0],
        )
        rows.append(
            {
                "indikator_id": iid,
                "indikator": g["indikator"].iloc[0],
                "satuan": g["satuan"].iloc[0],
                "tahun_terakhir": None if last.empty else int(last["tahun"].iloc[0]),
                "realisasi_terakhir": None if last.empty else last["realisasi"].iloc[0],
                "target_akhir": None if akhir.empty else akhir["target"].iloc[-1],
                "tahun_target_akhir": None if akhir.empty else int(akhir["tahun"].iloc[-1]),
                "dasar": "kondisi awal Renstra" if base is not None else "realisasi tahun pertama",
                "status": p.status,
                "rasio_laju": p.rasio,
                "alasan": p.alasan,
            }
        )
    out = pd.DataFrame(rows).astype({"status": object, "alasan": object})
    return cap, out.where(out.notna(), None)


def target_per_tahun(repo: Repository, kecamatan: str) -> pd.DataFrame:
    return repo.fetch("target_kecamatan", kecamatan=kecamatan)


def indikator(repo: Repository, kecamatan: str) -> pd.DataFrame:
    return repo.fetch("indikator_kecamatan", kecamatan=kecamatan)


# ---------------------------------------------------------------- Progres Triwulan
def triwulan(repo: Repository, kecamatan: str, tahun: int) -> pd.DataFrame:
    """Quarter and semester rows of every indicator; a running total for cumulative indicators."""
    cap = repo.fetch("capaian", kecamatan=kecamatan, tahun=tahun)
    q = cap[cap["periode"] != "Tahunan"].copy()
    if q.empty:
        return q
    q["urut"] = q["periode"].map({p: i for i, p in enumerate(PERIODE_URUT)})
    berjalan: dict[object, float | None] = {}  # row label -> running total (one assignment, not one per cell)
    for _, g in q[q["agregasi"] == "kumulatif"].groupby("indikator_id"):
        running = kumulatif_berjalan(dict(zip(g["periode"], g["realisasi"], strict=True)))
        berjalan.update({idx: running.get(per) for idx, per in zip(g.index, g["periode"], strict=True)})
    q["realisasi_kumulatif"] = pd.Series(berjalan, index=q.index, dtype=float)
    yearly = cap[cap["periode"] == "Tahunan"].set_index("indikator_id")["target"].dropna()
    if not set(q["indikator_id"]) <= set(yearly.index):  # a year under way has no annual row yet: its plan's target
        yearly = pd.concat([_target_tahunan_rencana(repo, kecamatan, tahun), yearly])
        yearly = yearly[~yearly.index.duplicated(keep="last")]
    q["target_tahunan"] = q["indikator_id"].map(yearly)
    return q.sort_values(["indikator_id", "urut"]).reset_index(drop=True)


def _target_tahunan_rencana(repo: Repository, kecamatan: str, tahun: int) -> pd.Series:
    """Each indicator's annual target for ``tahun`` in force in the plans (PK Perubahan, else PK, else Renstra)."""
    return repo.fetch("target_tahunan_berlaku", kecamatan=kecamatan, tahun=tahun).set_index("indikator_id")["target"]


def periode_terakhir(q: pd.DataFrame) -> str | None:
    """The latest quarter or semester of a year that has a realisation (\"s.d. TW3\")."""
    terisi = q.dropna(subset=["realisasi"])
    return None if terisi.empty else str(terisi.sort_values("urut")["periode"].iloc[-1])


GRAFIK_TRIWULAN_MAKS = 6  # more quarter charts than this are chosen by the user (30 take 8 s to draw in a browser)


def indikator_grafik_bawaan(q: pd.DataFrame, maks: int = GRAFIK_TRIWULAN_MAKS) -> list[str]:
    """The indicators whose quarter charts are drawn at first, in page order: all when there are at most ``maks``,
    else the main ones (IKU/tujuan) up to ``maks``, or the first ``maks`` when none is main."""
    urutan = list(dict.fromkeys(q["indikator_id"]))
    if len(urutan) <= maks:
        return urutan
    utama = list(dict.fromkeys(q.loc[q["tingkat"].isin(TINGKAT_UTAMA), "indikator_id"]))
    return (utama or urutan)[:maks]


def anggaran_kas(repo: Repository, kecamatan: str, tahun: int) -> pd.DataFrame:
    return repo.fetch("anggaran_kas", kecamatan=kecamatan, tahun=tahun)


# ---------------------------------------------------------------- SKM per Unsur
def skm_unsur(repo: Repository, kecamatan: str, tahun: int) -> pd.DataFrame:
    df = repo.fetch("skm_unsur", kecamatan=kecamatan, tahun=tahun)
    df["terlemah"] = False
    for _, g in df.groupby("periode"):
        df.loc[g["ikm_unsur"].idxmin(), "terlemah"] = True
    return df


def skm_unsur_banding(repo: Repository, kecamatan: str, lainnya: list[str] | None = None) -> pd.DataFrame:
    """IKM per unsur side by side: each kecamatan's most recent period with all nine unsur.

    Compared with ``lainnya`` when given, else with the kecamatan of its comparison area (``cakupan_banding``); when
    that area has more than GARIS_MAKS kecamatan, with the area's median per unsur instead of each of them."""
    if lainnya is not None:
        df = repo.fetch("skm_unsur_terakhir", provinsi=None, kab_kota=None, urut=list(PERIODE_URUT))
        df = df[df["kecamatan"].isin([kecamatan, *lainnya])]
    else:
        provinsi, kab_kota, cakupan = cakupan_banding(repo, kecamatan)
        df = repo.fetch("skm_unsur_terakhir", provinsi=provinsi, kab_kota=kab_kota, urut=list(PERIODE_URUT))
        n = df["kecamatan"].nunique()
        if n > GARIS_MAKS:
            median = (
                df.groupby(["unsur_kode", "unsur_nama"], as_index=False)[["nrr", "ikm_unsur"]]
                .median()
                .assign(kecamatan=f"Median {cakupan}", label=f"Median {cakupan} ({n} kecamatan, periode terakhir)")
            )
            median["sumber_dokumen"] = "dihitung dari v_skm_unsur"
            median["sumber_tabel"] = f"median {n} kecamatan"
            sendiri = df[df["kecamatan"] == kecamatan]
            df = pd.concat([_label_unsur(sendiri), median], ignore_index=True)
            return df
    return _label_unsur(df)


def _label_unsur(df: pd.DataFrame) -> pd.DataFrame:
    df = df.copy()
    df["label"] = df["kecamatan"] + " (" + df["periode"] + " " + df["tahun"].astype(str) + ")"
    return df.reset_index(drop=True)


def skm(repo: Repository, kecamatan: str) -> pd.DataFrame:
    return repo.fetch("skm", kecamatan=kecamatan)


def sebaran_jawaban(repo: Repository, kecamatan: str) -> pd.DataFrame:
    return repo.fetch("data_pendukung", kecamatan=kecamatan, topik="Sebaran jawaban SKM%")


# ---------------------------------------------------------------- Benchmark
TEMA: dict[str, str] = {
    "kepuasan_layanan": "Kepuasan layanan (IKM/SKM)",
    "akuntabilitas": "Akuntabilitas (nilai SAKIP)",
    "serapan_anggaran": "Serapan anggaran",
    "efisiensi": "Efisiensi (capaian rata-rata IKU − serapan)",
    "ketentraman_ketertiban": "Ketentraman dan ketertiban",
    "pemberdayaan_masyarakat": "Pemberdayaan masyarakat",
}
CATATAN_TEMA: dict[str, str] = {
    "kepuasan_layanan": "IKM dibentuk berbeda: Bantargebang merata-ratakan nilai semester, Bontang Barat merata-ratakan unit "
    "layanan, Kota Bangun dari 567 kuesioner; tahun data juga berbeda.",
    "akuntabilitas": "Balikpapan Selatan dinilai dengan bobot lama (ada komponen Capaian Kinerja); tahun yang dinilai "
    "berbeda antar kecamatan. Nilai Kota Bangun berasal dari indikator program, tanpa komponen.",
    "serapan_anggaran": "Serapan terhadap pagu yang berlaku (perubahan bila ada).",
    "efisiensi": "Metode seragam proyek ini (capaian − serapan); tiap laporan memakai metodenya sendiri.",
    "ketentraman_ketertiban": "Indikator berbeda: laporan gangguan yang ditindaklanjuti (Bontang Barat), wilayah tertib "
    "(Bantargebang), capaian trantibum (Kota Bangun). Yang dibandingkan adalah capaian (%), bukan nilainya.",
    "pemberdayaan_masyarakat": "Indikator berbeda: partisipasi Pokmas (Bontang Barat), pertumbuhan PADes (Kota Bangun), "
    "nilai swadaya (Balikpapan Selatan). Yang dibandingkan adalah capaian (%).",
}


BANYAK_KECAMATAN = 30  # above this, choose and compare within provinsi and kab/kota
GARIS_MAKS = 12  # more kecamatan than this in one chart are shown as a spread, not one line each


def cakupan_banding(repo: Repository, kecamatan: str) -> tuple[str | None, str | None, str]:
    """Whom a kecamatan is compared with: everyone in a small database; in a national one its kab/kota when it has
    other kecamatan, else its provinsi. Returns (provinsi, kab_kota, label)."""
    wil = daftar_kecamatan(repo)
    if len(wil) <= BANYAK_KECAMATAN:
        return None, None, "semua kecamatan"
    row = wil[wil["kecamatan"] == kecamatan].iloc[0]
    if (wil["kab_kota"] == row["kab_kota"]).sum() >= 2:
        return row["provinsi"], row["kab_kota"], row["kab_kota"]
    return row["provinsi"], None, row["provinsi"]


KOLOM_BENCHMARK = ["tema", "kecamatan", "kab_kota", "provinsi", "tahun", "nilai", "satuan", "keterangan"]
KOLOM_BENCHMARK += ["sumber_dokumen", "sumber_tabel"]


def benchmark(repo: Repository, tema: str, provinsi: str | None = None, kab_kota: str | None = None) -> pd.DataFrame:
    """One theme's comparable values (v_benchmark, filtered in DuckDB to a provinsi or kab/kota when given);
    efisiensi is formed from the serapan rows with the project's uniform method."""
    df = repo.fetch(
        "benchmark", tema="serapan_anggaran" if tema == "efisiensi" else tema, provinsi=provinsi, kab_kota=kab_kota
    )
    if tema == "efisiensi":
        df = _efisiensi_dari_serapan(df)
    return df[KOLOM_BENCHMARK].reset_index(drop=True)


def peringkat(bench: pd.DataFrame, tema: str) -> pd.DataFrame:
    """League table of one theme: each kecamatan's latest year, rank, and the change from its previous year."""
    df = (
        bench[bench["tema"] == tema]
        .groupby(["kecamatan", "kab_kota", "tahun"], as_index=False)
        .agg(nilai=("nilai", "mean"), keterangan=("keterangan", "first"), sumber_tabel=("sumber_tabel", "first"))
    )
    if df.empty:
        return df
    df = df.sort_values(["kecamatan", "tahun"])
    df["nilai_sebelumnya"] = df.groupby("kecamatan")["nilai"].shift()
    latest = df.groupby("kecamatan").tail(1).copy()
    latest["tren"] = [
        "–" if is_missing(p) else ("naik" if v > p else "turun" if v < p else "tetap")
        for v, p in zip(latest["nilai"], latest["nilai_sebelumnya"], strict=True)
    ]
    latest = latest.sort_values("nilai", ascending=False).reset_index(drop=True)
    latest.insert(0, "peringkat", range(1, len(latest) + 1))
    return latest


def pembanding(repo: Repository) -> pd.DataFrame:
    return repo.fetch("pembanding")


# An indicator's theme read from its name, where a table names no theme (values a report cites of other units): the
# one definition, for the IKM indicator of a kecamatan and for the cited values of the benchmark.
POLA_TEMA = {"kepuasan_layanan": "Kepuasan|SKM|IKM"}


def pembanding_tema(cited: pd.DataFrame, tema: str) -> pd.DataFrame:
    """The cited values of other units (``pembanding``) whose indicator belongs to ``tema``; none for a theme that
    cannot be read from a name."""
    if tema not in POLA_TEMA:
        return cited.iloc[0:0]
    return cited[cited["indikator"].str.contains(POLA_TEMA[tema], case=False, regex=True)]


def indikator_utama(cap: pd.DataFrame) -> pd.DataFrame:
    """The main indicators (IKU and tujuan) of a capaian table, or every indicator when it names none as main: a
    report without IKU still has a headline."""
    utama = cap[cap["tingkat"].isin(TINGKAT_UTAMA)]
    return utama if not utama.empty else cap


# ---------------------------------------------------------------- Anggaran & Efisiensi
NILAI_ANGGARAN = {
    "sumber_pagu_murni": "pagu murni",
    "sumber_pagu_perubahan": "pagu perubahan",
    "sumber_realisasi": "realisasi",
}


def catatan_sumber_nilai(ang: pd.DataFrame) -> list[str]:
    """One sentence per (value, table) where values come from another table of the document than their rows: the
    screen says so beside the table, not only in a column off to its right."""
    out = []
    for kolom, nama in NILAI_ANGGARAN.items():
        lain = ang[ang[kolom].notna() & (ang[kolom] != ang["sumber_tabel"])]
        for tabel, rows in lain.groupby(kolom, sort=True):
            siapa = rows["nama"].iloc[0] if len(rows) == 1 else f"{len(rows)} baris"
            out.append(f"Nilai {nama} {siapa} diambil dari {tabel}: tabel baris ini tidak mencetaknya.")
    return out


def sumber_nilai_lain(ang: pd.DataFrame) -> list[str]:
    """The per-value source columns of v_anggaran worth a column on screen: those where some value comes from
    another table of the document than its row (Kota Bangun 2023's pagu murni from Tabel 2.6)."""
    out = []
    for kolom in NILAI_ANGGARAN:
        lain = ang[kolom].notna() & (ang[kolom] != ang["sumber_tabel"])
        if lain.any():
            out.append(kolom)
    return out


def anggaran(repo: Repository, kecamatan: str, tahun: int) -> pd.DataFrame:
    return repo.fetch("anggaran", kecamatan=kecamatan, tahun=tahun)


def efisiensi_banding(repo: Repository, kecamatan: str, tahun: int) -> pd.DataFrame:
    """Each efficiency the report states, beside the same line by the uniform method (capaian − serapan)."""
    e = repo.fetch("efisiensi_laporan", kecamatan=kecamatan, tahun=tahun)
    if e.empty:
        return e
    ang = anggaran(repo, kecamatan, tahun).set_index("anggaran_id")
    cap = capaian_tahunan(repo, kecamatan, tahun).set_index("indikator_id")["capaian_persen"]
    out = []
    for r in e.itertuples():
        serapan = ang["serapan_persen"].get(r.anggaran_id) if r.anggaran_id in ang.index else None
        c = (
            r.capaian_dilaporkan
            if not is_missing(r.capaian_dilaporkan)
            else (cap.get(r.indikator_id) if isinstance(r.indikator_id, str) else 100.0)
        )
        metode = efisiensi(r.metode, c, serapan)
        seragam = efisiensi(METODE_SERAGAM, c, serapan)
        out.append(
            {
                "pos": r.anggaran_nama or r.anggaran_id,
                "level": r.level,
                "metode_laporan": METODE_EFISIENSI[r.metode],
                "capaian_persen": c,
                "serapan_persen": serapan,
                "efisiensi_dilaporkan": r.nilai if not is_missing(r.nilai) else r.label,
                "efisiensi_dihitung": metode.nilai if metode.nilai is not None else (metode.label or metode.alasan),
                "efisiensi_seragam": seragam.nilai,
                "sumber_tabel": r.sumber_tabel,
            }
        )
    return pd.DataFrame(out)


# ---------------------------------------------------------------- Kualitas Data / Sumber
def temuan(repo: Repository, kecamatan: str | None = None) -> pd.DataFrame:
    return repo.fetch("temuan", kecamatan=kecamatan)


def dokumen(repo: Repository) -> pd.DataFrame:
    """Every real document (synthetic ones are counted by ``dokumen_sintetis``, not listed one by one)."""
    return repo.fetch("dokumen")


def dokumen_sintetis(repo: Repository) -> pd.Series | None:
    """How many synthetic documents the database holds (None when it holds none)."""
    row = repo.fetch("dokumen_sintetis").iloc[0]
    return None if row["dokumen"] == 0 else row


def mutu_dari(ikm: float | None) -> str | None:
    """Mutu code of an IKM on the settings' scale."""
    return mutu_kode(ikm, get_settings().skala_mutu)


def ikm_terhadap_target(repo: Repository, kecamatan: str, tahun: int) -> pd.Series | None:
    """The yearly IKM indicator row (target, realisasi, capaian) of a kecamatan, if it has one."""
    cap = capaian_tahunan(repo, kecamatan, tahun)
    sel = cap[
        (cap["tema"] == "kepuasan_layanan")
        & cap["tingkat"].isin(TINGKAT_UTAMA)
        & cap["indikator"].str.contains(POLA_TEMA["kepuasan_layanan"], case=False, regex=True)
    ]
    if sel.empty:
        return None
    row = sel.iloc[0].copy()
    row["tercapai"] = tercapai(row["capaian_persen"])
    return row


def faktor(repo: Repository, kecamatan: str, tahun: int) -> pd.DataFrame:
    """The causes of success or failure a report states, per indicator (verbatim)."""
    return repo.fetch("faktor", kecamatan=kecamatan, tahun=tahun)


def audit(repo: Repository) -> pd.DataFrame:
    return repo.fetch("audit")


def lembar_entri(repo: Repository, kecamatan: str, tahun: int, periode: str) -> pd.DataFrame:
    """The form rows for one kecamatan and period: every indicator with its target and current realisation."""
    ind = indikator(repo, kecamatan)
    semua = repo.fetch("capaian", kecamatan=kecamatan, tahun=tahun)
    cap = semua[semua["periode"] == periode].set_index("indikator_id")
    tahunan = semua[semua["periode"] == "Tahunan"].set_index("indikator_id")["target"]
    return pd.DataFrame(
        {
            "indikator_id": ind["indikator_id"],
            "indikator": ind["indikator"],
            "satuan": ind["satuan"],
            "target": [cap["target"].get(i) for i in ind["indikator_id"]],
            "target_tahunan": [tahunan.get(i) for i in ind["indikator_id"]],
            "realisasi": [  # as typed: "100", "95,1" (not "100,0"); empty when missing (NaN and pd.NA alike)
                format_isian(cap.at[i, "realisasi"]) if i in cap.index else None for i in ind["indikator_id"]
            ],
        }
    )


# ---------------------------------------------------------------- Perbandingan (chosen kecamatan side by side)
BANDING_MAKS = 6  # kecamatan side by side at most
MEDIAN_MIN = 3  # a kab/kota median needs at least this many kecamatan with a value of the same year

# (tema, ukuran as people read it, unit) in the order of the page; the nine SKM unsur come after the IKM
UKURAN_BANDING: tuple[tuple[str, str, str], ...] = (
    ("kepuasan_layanan", "IKM (SKM)", "IKM"),
    ("serapan_anggaran", "Serapan anggaran", "%"),
    ("efisiensi", "Efisiensi: capaian IKU − serapan", "poin %"),
    ("akuntabilitas", "Nilai SAKIP", "nilai"),
    ("ketentraman_ketertiban", "Capaian IKU ketentraman dan ketertiban", "%"),
    ("pemberdayaan_masyarakat", "Capaian IKU pemberdayaan masyarakat", "%"),
)
KOLOM_BANDING = [
    "tema",
    "ukuran",
    "urut",
    "kecamatan",
    "kab_kota",
    "tahun",
    "periode",
    "nilai",
    "satuan",
    "label",
    "nilai_dihitung",
    "keterangan",
    "metode",
    "median_kab_kota",
    "n_kab_kota",
    "sumber_dokumen",
    "sumber_tabel",
]


def peer_bawaan(repo: Repository, kecamatan: str, maks: int = BANDING_MAKS) -> list[str]:
    """Whom a kecamatan is compared with by default: itself and the others of its comparison area that have data
    (everyone in a small database; its kab/kota, else its provinsi, in a national one), at most ``maks``."""
    provinsi, kab_kota, _ = cakupan_banding(repo, kecamatan)
    wil = daftar_kecamatan(repo)
    wil = wil[wil["ada_data"]]
    if provinsi is not None:
        wil = wil[wil["provinsi"] == provinsi]
    if kab_kota is not None:
        wil = wil[wil["kab_kota"] == kab_kota]
    lain = [k for k in wil["kecamatan"] if k != kecamatan]
    return [kecamatan, *lain][:maks]


def _efisiensi_dari_serapan(df: pd.DataFrame) -> pd.DataFrame:
    """Serapan rows (v_benchmark) as efficiency rows by the project's uniform method (capaian IKU − serapan)."""
    hasil = [efisiensi(METODE_SERAGAM, c, s).nilai for c, s in zip(df["capaian_iku"], df["nilai"], strict=True)]
    out = df.assign(
        tema="efisiensi",
        nilai=hasil,
        satuan="poin %",
        keterangan=[f"capaian IKU rata-rata {format_angka(c)}" for c in df["capaian_iku"]],
    )
    return out[out["nilai"].notna()]


def _terakhir(df: pd.DataFrame) -> pd.DataFrame:
    """Per kecamatan and theme, the latest year (several indicators of one theme and year: their mean, names
    joined), with its first source."""
    if df.empty:
        return df
    df = df[df["tahun"] == df.groupby(["tema", "kecamatan"])["tahun"].transform("max")]
    return df.groupby(["tema", "kecamatan", "kab_kota", "tahun"], as_index=False, sort=False).agg(
        nilai=("nilai", "mean"),
        satuan=("satuan", "first"),
        keterangan=("keterangan", lambda k: "; ".join(dict.fromkeys(str(x) for x in k if isinstance(x, str)))),
        sumber_dokumen=("sumber_dokumen", "first"),
        sumber_tabel=("sumber_tabel", "first"),
    )


def median_kab_kota(nilai: pd.DataFrame, kunci: list[str]) -> pd.DataFrame:
    """The median per kab/kota, ``kunci`` and year over its kecamatan (each kecamatan's mean first), with their
    number; only where at least MEDIAN_MIN kecamatan have a value that year."""
    per_kec = nilai.groupby([*kunci, "kab_kota", "tahun", "kecamatan"], as_index=False)["nilai"].mean()
    m = per_kec.groupby([*kunci, "kab_kota", "tahun"], as_index=False).agg(
        median_kab_kota=("nilai", "median"), n_kab_kota=("nilai", "size")
    )
    return m[m["n_kab_kota"] >= MEDIAN_MIN]


def perbandingan(repo: Repository, kecamatan: list[str]) -> pd.DataFrame:
    """The chosen kecamatan side by side on every theme: IKM and mutu, each SKM unsur, serapan, efisiensi, SAKIP
    score and predikat, capaian of the IKU per theme. One row per (ukuran, kecamatan): its latest value, the year
    (and period) of it, how it was formed (``metode``), its source, and the median of its kab/kota over the
    kecamatan with a value of THE SAME year (never a median across years)."""
    kec = list(dict.fromkeys(kecamatan))
    bench, skm, sakip, unsur = repo.fetch_many(
        ("benchmark_daftar", {"kecamatan": kec, "kab_kota": None}),
        ("skm_tahunan_daftar", {"kecamatan": kec}),
        ("evaluasi_sakip_daftar", {"kecamatan": kec}),
        ("skm_unsur_terakhir_daftar", {"kecamatan": kec, "kab_kota": None, "urut": list(PERIODE_URUT)}),
    )
    kabs = sorted(set(bench["kab_kota"]) | set(unsur["kab_kota"]))
    sekitar, unsur_sekitar = repo.fetch_many(
        ("benchmark_daftar", {"kecamatan": None, "kab_kota": kabs}),
        ("skm_unsur_terakhir_daftar", {"kecamatan": None, "kab_kota": kabs, "urut": list(PERIODE_URUT)}),
    )
    rows = []
    semua = pd.concat([bench, _efisiensi_dari_serapan(bench[bench["tema"] == "serapan_anggaran"])], ignore_index=True)
    sekitar = pd.concat(
        [sekitar, _efisiensi_dari_serapan(sekitar[sekitar["tema"] == "serapan_anggaran"])], ignore_index=True
    )
    median = median_kab_kota(sekitar, ["tema"])
    nilai = _terakhir(semua).merge(median, on=["tema", "kab_kota", "tahun"], how="left")
    cara = {(r.kecamatan, int(r.tahun)): r for r in skm.itertuples()}
    komponen = sakip.groupby(["kecamatan", "tahun_dinilai"])["komponen"].agg(set).to_dict()
    for urut, (tema, ukuran, satuan) in enumerate(UKURAN_BANDING):
        for r in nilai[nilai["tema"] == tema].itertuples():
            label, dihitung, metode = None, None, None
            if tema == "kepuasan_layanan":
                s = cara.get((r.kecamatan, int(r.tahun)))
                label = r.keterangan.replace("mutu ", "") if isinstance(r.keterangan, str) else None
                if s is not None:
                    dihitung = s.ikm_dihitung
                    metode = s.cara_bentuk if isinstance(s.cara_bentuk, str) else None
            elif tema == "akuntabilitas":
                label = r.keterangan.replace("predikat ", "") if isinstance(r.keterangan, str) else None
                k = komponen.get((r.kecamatan, int(r.tahun)), set())
                metode = (
                    "bobot lama (dengan komponen Capaian Kinerja)"
                    if "Capaian Kinerja" in k
                    else "komponen PermenPANRB 88/2021"
                    if k - {"Total"}
                    else "nilai total saja, tanpa komponen"
                )
            elif tema in ("ketentraman_ketertiban", "pemberdayaan_masyarakat"):
                metode = r.keterangan  # the indicator: each kecamatan measures the theme its own way
            elif tema == "efisiensi":
                metode = METODE_EFISIENSI[METODE_SERAGAM]
            rows.append(
                {
                    "tema": tema,
                    "ukuran": ukuran,
                    "urut": urut if urut == 0 else urut + 9,
                    "kecamatan": r.kecamatan,
                    "kab_kota": r.kab_kota,
                    "tahun": int(r.tahun),
                    "periode": "Tahunan",
                    "nilai": r.nilai,
                    "satuan": satuan,
                    "label": label,
                    "nilai_dihitung": dihitung,
                    "keterangan": r.keterangan if tema in ("efisiensi",) else None,
                    "metode": metode,
                    "median_kab_kota": r.median_kab_kota,
                    "n_kab_kota": r.n_kab_kota,
                    "sumber_dokumen": r.sumber_dokumen,
                    "sumber_tabel": r.sumber_tabel,
                }
            )
    m_unsur = median_kab_kota(unsur_sekitar.assign(nilai=unsur_sekitar["ikm_unsur"]), ["unsur_kode"])
    unsur = unsur.merge(m_unsur, on=["unsur_kode", "kab_kota", "tahun"], how="left")
    for r in unsur.itertuples():
        rows.append(
            {
                "tema": "skm_unsur",
                "ukuran": f"{r.unsur_kode} {r.unsur_nama}",
                "urut": int(r.unsur_kode[1:]),
                "kecamatan": r.kecamatan,
                "kab_kota": r.kab_kota,
                "tahun": int(r.tahun),
                "periode": r.periode,
                "nilai": r.ikm_unsur,
                "satuan": "IKM unsur",
                "label": r.mutu,
                "nilai_dihitung": None,
                "keterangan": f"NRR {format_angka(r.nrr, 3)} × 25",
                "metode": None,
                "median_kab_kota": r.median_kab_kota,
                "n_kab_kota": r.n_kab_kota,
                "sumber_dokumen": r.sumber_dokumen,
                "sumber_tabel": r.sumber_tabel,
            }
        )
    out = pd.DataFrame(rows, columns=KOLOM_BANDING)
    urutan = {k: i for i, k in enumerate(kec)}
    out = out.assign(_k=out["kecamatan"].map(urutan)).sort_values(["urut", "_k"]).drop(columns="_k")
    return out.reset_index(drop=True)


def catatan_banding(df: pd.DataFrame) -> pd.DataFrame:
    """Per ukuran: whether the kecamatan's values are of different years (or periods), or formed differently."""
    out = []
    for ukuran, g in df.groupby("ukuran", sort=False):
        catatan = []
        tahun = sorted(set(g["tahun"]))
        if len(tahun) > 1 or g["periode"].nunique() > 1:
            catatan.append(f"tahun berbeda ({tahun[0]}–{tahun[-1]})" if len(tahun) > 1 else "periode berbeda")
        if g["metode"].dropna().nunique() > 1:
            catatan.append("cara/indikator berbeda")
        out.append({"ukuran": ukuran, "catatan": "; ".join(catatan) or None})
    return pd.DataFrame(out, columns=["ukuran", "catatan"])


def matriks_banding(df: pd.DataFrame, kecamatan: list[str]) -> pd.DataFrame:
    """The comparison as people read it: a row per ukuran, a column per kecamatan ('94,75 A · 2024', and the
    kab/kota median of that year when there is one), and a note where years or methods differ."""
    catatan = catatan_banding(df).set_index("ukuran")["catatan"]
    rows = []
    for ukuran, g in df.groupby("ukuran", sort=False):
        row: dict[str, object] = {"Ukuran": ukuran}
        per = g.set_index("kecamatan")
        for k in kecamatan:
            if k not in per.index:
                row[k] = "–"
                continue
            r = per.loc[k]
            label = f" {r['label']}" if isinstance(r["label"], str) else ""
            waktu = str(int(r["tahun"])) + ("" if r["periode"] == "Tahunan" else f" {r['periode']}")
            teks = f"{format_angka(r['nilai'])}{label} · {waktu}"
            if not is_missing(r["median_kab_kota"]):
                teks += f" (median kab/kota {format_angka(r['median_kab_kota'])})"
            row[k] = teks
        row["Catatan"] = catatan.get(ukuran) or "–"
        rows.append(row)
    return pd.DataFrame(rows, columns=["Ukuran", *kecamatan, "Catatan"])
