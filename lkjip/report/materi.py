"""The content of the rapat evaluasi materials, once: a list of sections that the PowerPoint deck, the
printable PDF and the in-app presentation mode all render. Every section carries the sources of its
numbers (document and table), which become the deck's speaker notes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go

from lkjip import laporan
from lkjip.calc.capaian import tercapai_array
from lkjip.charts.anggaran import anggaran_bar
from lkjip.charts.banding import banding_unsur
from lkjip.charts.capaian import capaian_bar
from lkjip.charts.skm import ikm_tren, unsur_bar
from lkjip.charts.tren import sebaran_tren, tren_indikator
from lkjip.config import get_settings
from lkjip.db.repository import Repository
from lkjip.format import format_angka, format_persen, format_rupiah
from lkjip.missing import is_missing

# Suggested follow-up (rencana tindak lanjut) for the weakest unsur, by PermenPANRB 14/2017 code.
TINDAK_LANJUT_UNSUR: dict[str, str] = {
    "U1": "Sederhanakan persyaratan dan umumkan daftarnya di loket, laman dan media sosial.",
    "U2": "Tinjau ulang SOP dan alur layanan; tampilkan alur di ruang layanan.",
    "U3": "Tetapkan dan umumkan waktu penyelesaian per layanan; pantau antrean dan berkas yang tertunda.",
    "U4": "Umumkan tarif (atau bebas biaya) secara jelas dan tutup peluang pungutan.",
    "U5": "Cocokkan produk layanan dengan standar pelayanan; periksa ulang sebelum diserahkan.",
    "U6": "Latih petugas front office sesuai jenis layanan; susun panduan kerja.",
    "U7": "Bina sikap dan keramahan petugas; minta umpan balik langsung dari pemohon.",
    "U8": "Sediakan kanal pengaduan yang jelas dan tindak lanjuti setiap aduan dengan batas waktu.",
    "U9": "Perbaiki ruang tunggu dan sarana layanan (kursi, antrean, akses disabilitas, jaringan).",
}
MAKS_BANDING = 5  # peers in a comparison (six kecamatan in all: a table that still reads on one slide or two)


@dataclass
class Bagian:
    """One slide / PDF block / presentation step."""

    judul: str
    poin: list[str] = field(default_factory=list)
    grafik: go.Figure | None = None
    tabel: pd.DataFrame | None = None
    sumber: list[str] = field(default_factory=list)  # "dokumen, tabel" lines for speaker notes
    jenis: str = "isi"  # "judul" for the title slide
    # True: a long list of which the deck shows the first rows that fit and counts the rest ("… dan N baris lain");
    # False: every row matters and the deck splits the table over slides
    tabel_ringkas: bool = False


def _sumber(df: pd.DataFrame) -> list[str]:
    if df is None or df.empty or "sumber_tabel" not in df.columns:
        return []
    cols = [c for c in ("sumber_dokumen", "sumber_tabel") if c in df.columns]
    return sorted({", ".join(str(v) for v in row) for row in df[cols].drop_duplicates().itertuples(index=False)})


def materi(
    repo: Repository,
    kecamatan: str,
    tahun: int,
    *,
    banding: list[str] | str | None = None,
    progress: Callable[[float, str], None] | None = None,
    keterangan: str | None = None,
) -> list[Bagian]:
    """All sections for one kecamatan and year; ``banding``: other kecamatan to compare with (a comparison section
    when given; one name is taken as a list of one). ``keterangan``: the title slide's line on which values the
    numbers are (lkjip.report.disetujui: approved values only, or not)."""
    step = progress or (lambda _f, _t: None)
    peers = [banding] if isinstance(banding, str) else [k for k in dict.fromkeys(banding or []) if k != kecamatan]
    step(0.05, "Mengambil ringkasan")
    out = bagian_judul(repo, kecamatan, tahun, keterangan)
    basis = _Basis.read(repo, kecamatan, tahun)
    out += _section_ringkasan(basis)
    step(0.2, "Menyusun tren per indikator")
    out += _section_indikator(basis)
    step(0.45, "Menyusun SKM per unsur")
    unsur = laporan.skm_unsur(repo, kecamatan, tahun)
    out += _section_skm(basis, unsur)
    step(0.6, "Menyusun anggaran dan efisiensi")
    out += _section_anggaran(basis)
    step(0.75, "Menyusun perbandingan antar kecamatan")
    out += _section_benchmark(basis)
    if peers:
        out += _banding(repo, kecamatan, peers, tahun)
    step(0.9, "Menyusun catatan kualitas data dan tindak lanjut")
    out += _section_kualitas_data(basis, unsur)
    step(1.0, "Selesai")
    return out


@dataclass(frozen=True)
class _Basis:
    """What the sections read: the kecamatan and year, its ringkasan and the indicators the deck leads with."""

    repo: Repository
    kecamatan: str
    tahun: int
    ring: laporan.Ringkasan
    iku: pd.DataFrame  # the IKU and tujuan rows of ring.capaian, or all of them where there are none

    @classmethod
    def read(cls, repo: Repository, kecamatan: str, tahun: int) -> _Basis:
        """The ringkasan of ``kecamatan`` in ``tahun`` and its main indicators."""
        ring = laporan.ringkasan(repo, kecamatan, tahun)
        cap = ring.capaian
        return cls(repo, kecamatan, tahun, ring, laporan.indikator_utama(cap))


def bagian_judul(repo: Repository, kecamatan: str, tahun: int, keterangan: str | None = None) -> list[Bagian]:
    """The title slide: kecamatan, year and region (and which values the numbers are), with every document of the
    kecamatan as its sources."""
    wil = laporan.daftar_kecamatan(repo).set_index("kecamatan").loc[kecamatan]
    docs = laporan.dokumen(repo)
    docs = docs[docs["kecamatan"] == kecamatan]
    return [
        Bagian(
            judul=f"Evaluasi Kinerja Kecamatan {kecamatan} Tahun {tahun}",
            poin=[
                f"{wil['kab_kota']}, Provinsi {wil['provinsi']}",
                "Bahan rapat evaluasi kinerja (LKjIP / SAKIP)",
                *([keterangan] if keterangan else []),
            ],
            sumber=[f"{d.dokumen_id}: {d.judul}" for d in docs.itertuples()],
            jenis="judul",
        )
    ]


def _section_ringkasan(b: _Basis) -> list[Bagian]:
    """The summary slide: how many main indicators met their target (table and chart), with IKM, serapan and SAKIP."""
    iku, ring = b.iku, b.ring
    met = int(tercapai_array(iku["capaian_persen"].to_numpy(dtype=float)).sum())
    tanpa = int(iku["capaian_persen"].isna().sum())
    tabel = pd.DataFrame(
        {
            "Indikator": iku["indikator"],
            "Target": [
                format_angka(n) if not is_missing(n) else (t or "–")
                for t, n in zip(iku["target_teks"], iku["target"], strict=True)
            ],
            "Realisasi": [format_angka(v) for v in iku["realisasi"]],
            "Capaian": [format_persen(v) for v in iku["capaian_persen"]],
            "Kategori": [k if isinstance(k, str) else "tidak dapat dihitung" for k in iku["kategori"]],
        }
    )
    poin = [
        f"{met} dari {len(iku)} indikator utama mencapai target"
        + (f" ({tanpa} tidak dapat dihitung)." if tanpa else ".")
    ]
    if ring.skm is not None:
        poin.append(f"IKM {format_angka(ring.skm['ikm_dilaporkan'])} (mutu {ring.skm['mutu']}).")
    if ring.anggaran is not None and not is_missing(ring.anggaran["serapan_persen"]):
        poin.append(
            f"Serapan anggaran {format_persen(ring.anggaran['serapan_persen'])} "
            f"({format_rupiah(ring.anggaran['realisasi'])})."
        )
    if ring.sakip is not None:
        poin.append(
            f"Nilai SAKIP {int(ring.sakip['tahun_dinilai'])}: {format_angka(ring.sakip['nilai'])} "
            f"(predikat {ring.sakip['predikat']})."
        )
    return [
        Bagian(
            judul="Ringkasan capaian indikator utama",
            poin=poin,
            tabel=tabel,
            grafik=capaian_bar(iku, kecamatan=b.kecamatan, tahun=b.tahun),
            sumber=_sumber(iku),
        )
    ]


def _section_indikator(b: _Basis) -> list[Bagian]:
    """A slide per main indicator: target, realisasi and capaian of the year, its trend chart and Renstra status."""
    tahun = b.tahun
    riwayat, progres = laporan.riwayat_indikator(b.repo, b.kecamatan)
    targets = laporan.target_per_tahun(b.repo, b.kecamatan)
    prog = progres.set_index("indikator_id")
    out = []
    for r in b.iku.itertuples():
        rw = riwayat[riwayat["indikator_id"] == r.indikator_id]
        tg = targets[targets["indikator_id"] == r.indikator_id]
        status = prog["status"].get(r.indikator_id) if r.indikator_id in prog.index else None
        poin = [
            f"Target {tahun}: {r.target_teks if is_missing(r.target) else _nilai(r.target, r.satuan)}",
            f"Realisasi {tahun}: {_nilai(r.realisasi, r.satuan)}",
            f"Capaian: {format_persen(r.capaian_persen)}"
            + (f" ({r.kategori})" if isinstance(r.kategori, str) else f" — {r.alasan}"),
        ]
        if (
            not is_missing(r.capaian_dilaporkan)
            and not is_missing(r.capaian_persen)
            and abs(r.capaian_dilaporkan - r.capaian_persen) > 0.01
        ):
            poin.append(f"Laporan mencetak capaian {format_persen(r.capaian_dilaporkan)}.")
        if isinstance(status, str):
            poin.append(f"Menuju target akhir Renstra: {status.lower()}.")
        fig = tren_indikator(
            rw, tg, indikator=r.indikator, satuan=r.satuan, status=status if isinstance(status, str) else None
        )
        # the section's title already names the indicator (slide title, presentation heading): the chart's title
        # states the finding instead
        fig.update_layout(title_text=_temuan_tren(rw, r.satuan, tahun))
        out.append(Bagian(judul=r.indikator, poin=poin, sumber=_sumber(rw) + _sumber(tg), grafik=fig))
    return out


def _section_skm(b: _Basis, unsur: pd.DataFrame) -> list[Bagian]:
    """The SKM slide: the last period's unsur, the weakest and its follow-up; else the printed IKM; else none."""
    kecamatan, tahun, ring = b.kecamatan, b.tahun, b.ring
    if not unsur.empty:
        last = unsur["periode"].iloc[-1]
        g = unsur[unsur["periode"] == last]
        weakest = g.loc[g["ikm_unsur"].idxmin()]
        return [
            Bagian(
                judul=f"SKM per unsur ({last} {tahun})",
                poin=[
                    f"Unsur terlemah: {weakest['unsur_kode']} {weakest['unsur_nama']} — IKM unsur "
                    f"{format_angka(weakest['ikm_unsur'])} (mutu {weakest['mutu']}).",
                    f"Usulan tindak lanjut: {TINDAK_LANJUT_UNSUR[weakest['unsur_kode']]}",
                ],
                grafik=unsur_bar(g, judul_periode=f"{kecamatan} {last} {tahun}", skala=get_settings().skala_mutu),
                sumber=_sumber(g),
            )
        ]
    if ring.skm is None:
        return []
    return [
        Bagian(
            judul=f"SKM {tahun}",
            poin=[
                f"IKM {format_angka(ring.skm['ikm_dilaporkan'])}, mutu {ring.skm['mutu']} "
                f"({ring.skm['periode']}, {ring.skm['sumber_tabel']}).",
                *(
                    [f"Cara laporan membentuk IKM: {ring.skm['cara_bentuk']}"]
                    if isinstance(ring.skm.get("cara_bentuk"), str)
                    else []
                ),
                *([f"{ring.skm['alasan']}."] if isinstance(ring.skm.get("alasan"), str) else []),
                "Laporan tidak memuat nilai per unsur; minta hasil per unsur dari penyelenggara survei.",
            ],
            sumber=[f"{ring.skm['sumber_dokumen']}, {ring.skm['sumber_tabel']}"],
        )
    ]


def _section_anggaran(b: _Basis) -> list[Bagian]:
    """The budget slide: pagu, realisasi, serapan, efisiensi (reported, uniform), the finest level; none without."""
    ang = laporan.anggaran(b.repo, b.kecamatan, b.tahun)
    if ang.empty:
        return []
    level = next((lv for lv in ("program", "sasaran", "jenis_belanja", "total") if lv in set(ang["level"])), "total")
    sel = ang[ang["level"] == level]
    poin = []
    if b.ring.anggaran is not None:
        a = b.ring.anggaran
        poin.append(
            f"Pagu berlaku {format_rupiah(a['pagu_perubahan'] if not is_missing(a['pagu_perubahan']) else a['pagu_murni'])}, "
            f"realisasi {format_rupiah(a['realisasi'])}, serapan {format_persen(a['serapan_persen'])}."
        )
    ef = laporan.efisiensi_banding(b.repo, b.kecamatan, b.tahun)
    for e in ef.head(4).itertuples():
        poin.append(
            f"Efisiensi {e.pos}: laporan {e.efisiensi_dilaporkan if isinstance(e.efisiensi_dilaporkan, str) else format_angka(e.efisiensi_dilaporkan)}; "
            f"metode seragam {format_angka(e.efisiensi_seragam)}."
        )
    return [
        Bagian(
            judul="Anggaran dan efisiensi",
            poin=poin,
            grafik=anggaran_bar(sel, judul_level=level.title()),
            sumber=_sumber(sel),
        )
    ]


def _section_benchmark(b: _Basis) -> list[Bagian]:
    """The IKM comparison slide: the kecamatan's rank among those of its province or kab/kota, and their trends."""
    kecamatan = b.kecamatan
    provinsi, kab_kota, cakupan = laporan.cakupan_banding(b.repo, kecamatan)
    ikm = laporan.benchmark(b.repo, "kepuasan_layanan", provinsi, kab_kota)
    liga = laporan.peringkat(ikm, "kepuasan_layanan")
    cited = laporan.pembanding(b.repo)
    cited = cited[cited["indikator"].str.contains("Kepuasan", case=False)]
    pos = liga[liga["kecamatan"] == kecamatan]
    poin = (
        [f"Peringkat IKM terakhir: {int(pos['peringkat'].iloc[0])} dari {len(liga)} kecamatan ({cakupan})."]
        if not pos.empty
        else []
    )
    poin.append(laporan.CATATAN_TEMA["kepuasan_layanan"])
    n_kec = ikm["kecamatan"].nunique()
    return [
        Bagian(
            judul="Perbandingan IKM antar kecamatan",
            poin=poin,
            grafik=ikm_tren(ikm, skala=get_settings().skala_mutu, pembanding=cited)
            if n_kec <= laporan.GARIS_MAKS
            else sebaran_tren(ikm, judul=f"IKM: sebaran {n_kec} kecamatan ({cakupan})", satuan="IKM"),
            sumber=_sumber(ikm) + _sumber(cited),
        )
    ]


def _section_kualitas_data(b: _Basis, unsur: pd.DataFrame) -> list[Bagian]:
    """The data-quality slide (the report's numbers that do not match, by kind) and the follow-up slide."""
    temuan = laporan.temuan(b.repo, b.kecamatan)
    ringkas = temuan.groupby("jenis").size().sort_values(ascending=False)
    cap = b.ring.capaian
    return [
        Bagian(
            judul="Catatan kualitas data laporan",
            poin=[
                f"{len(temuan)} temuan: angka yang dicetak laporan tidak cocok dengan hitungan ulang atau tabel lain."
            ]
            + [f"{j}: {n}" for j, n in ringkas.head(5).items()],
            tabel=temuan[["tahun", "subjek", "nilai_dilaporkan", "nilai_dihitung", "sumber_tabel"]]
            .astype({"tahun": str})  # a year, not a number to format ("2.022")
            .rename(
                columns={
                    "tahun": "Tahun",
                    "subjek": "Subjek",
                    "nilai_dilaporkan": "Dilaporkan",
                    "nilai_dihitung": "Dihitung",
                    "sumber_tabel": "Tabel",
                }
            ),
            tabel_ringkas=True,
            sumber=_sumber(temuan),
        ),
        Bagian(judul="Tindak lanjut", poin=tindak_lanjut(cap, unsur, temuan), sumber=_sumber(cap)),
    ]


def _temuan_tren(riwayat: pd.DataFrame, satuan: str, tahun: int) -> str:
    """What an indicator's trend chart shows: the realisasi of the first and the last year with a value (up to
    ``tahun``), or the one value there is."""
    r = riwayat.dropna(subset=["realisasi"])
    r = r[r["tahun"] <= tahun].sort_values("tahun").drop_duplicates("tahun", keep="last")
    if r.empty:
        return f"Belum ada realisasi sampai {tahun}"
    a, z = r.iloc[0], r.iloc[-1]
    if len(r) == 1:
        return f"Realisasi {int(z['tahun'])}: {_nilai(z['realisasi'], satuan)} (belum ada tahun sebelumnya)"
    arah = "naik" if z["realisasi"] > a["realisasi"] else "turun" if z["realisasi"] < a["realisasi"] else "tetap"
    return (
        f"Realisasi {arah} dari {_nilai(a['realisasi'], satuan)} ({int(a['tahun'])}) "
        f"menjadi {_nilai(z['realisasi'], satuan)} ({int(z['tahun'])})"
    )


def _nilai(v: float | None, satuan: str | None) -> str:
    """A value with its unit in Indonesian notation: Rp 7.303.930.952 for rupiah, else "75,00 %"."""
    if isinstance(satuan, str) and satuan.strip().lower() in ("rp", "rupiah"):
        return format_rupiah(v)
    return f"{format_angka(v)} {satuan}".rstrip() if isinstance(satuan, str) else format_angka(v)


def tindak_lanjut(cap: pd.DataFrame, unsur: pd.DataFrame, temuan: pd.DataFrame) -> list[str]:
    """Follow-ups that follow from the numbers: targets missed, the weakest unsur, report errors to correct."""
    out = []
    ada = cap["capaian_persen"].notna().to_numpy(dtype=bool)
    belum = ada & ~tercapai_array(cap["capaian_persen"].to_numpy(dtype=float))
    if ada.any() and not belum.any():
        out.append(
            "Semua indikator yang dapat dihitung mencapai target; pertahankan dan naikkan target bila realistis."
        )
    for r in cap[belum].itertuples():
        out.append(
            f"{r.indikator}: capaian {format_persen(r.capaian_persen)} — susun langkah perbaikan dan target triwulan."
        )
    for r in cap[cap["alasan"].notna() & cap["realisasi"].notna()].head(3).itertuples():
        out.append(f"{r.indikator}: {r.alasan.lower()} — lengkapi target pada dokumen perencanaan.")
    if not unsur.empty:
        w = unsur.loc[unsur["ikm_unsur"].idxmin()]
        out.append(f"SKM {w['unsur_kode']} {w['unsur_nama']}: {TINDAK_LANJUT_UNSUR[w['unsur_kode']]}")
    if not temuan.empty:
        out.append(f"Perbaiki {len(temuan)} angka yang tidak konsisten sebelum LKjIP berikutnya diterbitkan.")
    return out or ["Semua indikator mencapai target; pertahankan dan naikkan target bila realistis."]


def _banding(repo: Repository, kecamatan: str, banding: list[str], tahun: int) -> list[Bagian]:
    """The kecamatan and its peers side by side on every theme (laporan.perbandingan, as on /banding): a row per
    theme, a column per kecamatan, each value with its mutu/predikat and its own (latest) year, and a note where
    years or methods differ; then IKM per unsur when at least two of them have unsur values."""
    semua = [kecamatan, *banding]
    df = laporan.perbandingan(repo, semua)
    tema = df[df["tema"] != "skm_unsur"]
    unsur = df[df["tema"] == "skm_unsur"]
    nama = (
        ", ".join(semua[:-1]) + f" dan {semua[-1]}"
        if len(semua) <= 3
        else f"{kecamatan} dan {len(banding)} kecamatan lain"
    )
    beda = laporan.catatan_banding(df)["catatan"].notna().sum()
    out = [
        Bagian(
            judul=f"Perbandingan {nama}",
            tabel=laporan.matriks_banding(tema, semua),
            poin=[
                "Nilai terakhir tiap kecamatan per tema, dengan tahunnya"
                + (f"; tahun atau cara berbeda pada {beda} ukuran (kolom Catatan)." if beda else ".")
            ],
            sumber=_sumber(tema),
        )
    ]
    if unsur["kecamatan"].nunique() >= 2:
        ada = list(dict.fromkeys(k for k in semua if k in set(unsur["kecamatan"])))
        out.append(
            Bagian(
                judul=f"IKM per unsur: {nama}",
                grafik=banding_unsur(unsur, semua, skala=get_settings().skala_mutu),
                poin=[
                    f"Periode terakhir yang memuat kesembilan unsur; tanpa nilai per unsur: {', '.join(k for k in semua if k not in ada)}."
                ]
                if len(ada) < len(semua)
                else ["Periode terakhir tiap kecamatan yang memuat kesembilan unsur."],
                sumber=_sumber(unsur),
            )
        )
    return out
