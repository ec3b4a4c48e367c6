"""The content of the rapat evaluasi materials, once: a list of sections that the PowerPoint deck, the
printable PDF and the in-app presentation mode all render. Every section carries the sources of its
numbers (document and table), which become the deck's speaker notes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go

from lkjip import laporan
from lkjip.calc.hasil import is_missing
from lkjip.charts.anggaran import anggaran_bar
from lkjip.charts.capaian import capaian_bar
from lkjip.charts.skm import ikm_tren, unsur_bar, unsur_per_kelompok
from lkjip.charts.tren import sebaran_tren, tren_indikator
from lkjip.db.repository import Repository
from lkjip.format import format_angka, format_persen, format_rupiah

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


@dataclass
class Bagian:
    """One slide / PDF block / presentation step."""

    judul: str
    poin: list[str] = field(default_factory=list)
    grafik: go.Figure | None = None
    tabel: pd.DataFrame | None = None
    sumber: list[str] = field(default_factory=list)  # "dokumen, tabel" lines for speaker notes
    jenis: str = "isi"  # "judul" for the title slide


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
    banding: str | None = None,
    progress: Callable[[float, str], None] | None = None,
) -> list[Bagian]:
    """All sections for one kecamatan and year (optionally with a second kecamatan to compare)."""
    step = progress or (lambda _f, _t: None)
    step(0.05, "Mengambil ringkasan")
    wil = laporan.daftar_kecamatan(repo).set_index("kecamatan").loc[kecamatan]
    ring = laporan.ringkasan(repo, kecamatan, tahun)
    cap = ring.capaian
    iku = cap[cap["tingkat"].isin(laporan.TINGKAT_UTAMA)]
    iku = iku if not iku.empty else cap
    docs = laporan.dokumen(repo)
    docs = docs[docs["kecamatan"] == kecamatan]
    out: list[Bagian] = [
        Bagian(
            judul=f"Evaluasi Kinerja Kecamatan {kecamatan} Tahun {tahun}",
            poin=[f"{wil['kab_kota']}, Provinsi {wil['provinsi']}", "Bahan rapat evaluasi kinerja (LKjIP / SAKIP)"],
            sumber=[f"{d.dokumen_id}: {d.judul}" for d in docs.itertuples()],
            jenis="judul",
        )
    ]

    # ---- ringkasan capaian
    met = int((iku["capaian_persen"] >= 100).sum())
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
    poin = [f"{met} dari {len(iku)} indikator utama mencapai target."]
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
    out.append(
        Bagian(
            judul="Ringkasan capaian indikator utama",
            poin=poin,
            tabel=tabel,
            grafik=capaian_bar(iku, kecamatan=kecamatan, tahun=tahun),
            sumber=_sumber(iku),
        )
    )

    # ---- one section per IKU
    step(0.2, "Menyusun tren per indikator")
    riwayat, progres = laporan.riwayat_indikator(repo, kecamatan)
    targets = laporan.target_per_tahun(repo, kecamatan)
    prog = progres.set_index("indikator_id")
    for r in iku.itertuples():
        rw = riwayat[riwayat["indikator_id"] == r.indikator_id]
        tg = targets[targets["indikator_id"] == r.indikator_id]
        status = prog["status"].get(r.indikator_id) if r.indikator_id in prog.index else None
        poin = [
            f"Target {tahun}: {r.target_teks if is_missing(r.target) else format_angka(r.target)} {r.satuan}",
            f"Realisasi {tahun}: {format_angka(r.realisasi)} {r.satuan}",
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
        out.append(
            Bagian(
                judul=r.indikator,
                poin=poin,
                sumber=_sumber(rw) + _sumber(tg),
                grafik=tren_indikator(
                    rw, tg, indikator=r.indikator, satuan=r.satuan, status=status if isinstance(status, str) else None
                ),
            )
        )

    # ---- SKM per unsur
    step(0.45, "Menyusun SKM per unsur")
    unsur = laporan.skm_unsur(repo, kecamatan, tahun)
    if not unsur.empty:
        last = unsur["periode"].iloc[-1]
        g = unsur[unsur["periode"] == last]
        weakest = g.loc[g["ikm_unsur"].idxmin()]
        out.append(
            Bagian(
                judul=f"SKM per unsur ({last} {tahun})",
                poin=[
                    f"Unsur terlemah: {weakest['unsur_kode']} {weakest['unsur_nama']} — IKM unsur "
                    f"{format_angka(weakest['ikm_unsur'])} (mutu {weakest['mutu']}).",
                    f"Usulan tindak lanjut: {TINDAK_LANJUT_UNSUR[weakest['unsur_kode']]}",
                ],
                grafik=unsur_bar(g, judul_periode=f"{kecamatan} {last} {tahun}"),
                sumber=_sumber(g),
            )
        )
    elif ring.skm is not None:
        out.append(
            Bagian(
                judul=f"SKM {tahun}",
                poin=[
                    f"IKM {format_angka(ring.skm['ikm_dilaporkan'])}, mutu {ring.skm['mutu']}.",
                    "Laporan tidak memuat nilai per unsur; minta hasil per unsur dari penyelenggara survei.",
                ],
                sumber=[f"{ring.skm['sumber_dokumen']}, {ring.skm['sumber_tabel']}"],
            )
        )

    # ---- anggaran & efisiensi
    step(0.6, "Menyusun anggaran dan efisiensi")
    ang = laporan.anggaran(repo, kecamatan, tahun)
    if not ang.empty:
        level = next(
            (lv for lv in ("program", "sasaran", "jenis_belanja", "total") if lv in set(ang["level"])), "total"
        )
        sel = ang[ang["level"] == level]
        poin = []
        if ring.anggaran is not None:
            a = ring.anggaran
            poin.append(
                f"Pagu berlaku {format_rupiah(a['pagu_perubahan'] if not is_missing(a['pagu_perubahan']) else a['pagu_murni'])}, "
                f"realisasi {format_rupiah(a['realisasi'])}, serapan {format_persen(a['serapan_persen'])}."
            )
        ef = laporan.efisiensi_banding(repo, kecamatan, tahun)
        for e in ef.head(4).itertuples():
            poin.append(
                f"Efisiensi {e.pos}: laporan {e.efisiensi_dilaporkan if isinstance(e.efisiensi_dilaporkan, str) else format_angka(e.efisiensi_dilaporkan)}; "
                f"metode seragam {format_angka(e.efisiensi_seragam)}."
            )
        out.append(
            Bagian(
                judul="Anggaran dan efisiensi",
                poin=poin,
                grafik=anggaran_bar(sel, judul_level=level.title()),
                sumber=_sumber(sel),
            )
        )

    # ---- benchmark
    step(0.75, "Menyusun perbandingan antar kecamatan")
    provinsi, kab_kota, cakupan = laporan.cakupan_banding(repo, kecamatan)
    ikm = laporan.benchmark(repo, "kepuasan_layanan", provinsi, kab_kota)
    liga = laporan.peringkat(ikm, "kepuasan_layanan")
    cited = laporan.pembanding(repo)
    cited = cited[cited["indikator"].str.contains("Kepuasan", case=False)]
    pos = liga[liga["kecamatan"] == kecamatan]
    poin = (
        [f"Peringkat IKM terakhir: {int(pos['peringkat'].iloc[0])} dari {len(liga)} kecamatan ({cakupan})."]
        if not pos.empty
        else []
    )
    poin.append(laporan.CATATAN_TEMA["kepuasan_layanan"])
    n_kec = ikm["kecamatan"].nunique()
    out.append(
        Bagian(
            judul="Perbandingan IKM antar kecamatan",
            poin=poin,
            grafik=ikm_tren(ikm, cited)
            if n_kec <= laporan.GARIS_MAKS
            else sebaran_tren(ikm, judul=f"IKM: sebaran {n_kec} kecamatan ({cakupan})", satuan="IKM"),
            sumber=_sumber(ikm) + _sumber(cited),
        )
    )
    if banding:
        out.append(_banding(repo, kecamatan, banding, tahun))

    # ---- data quality and follow-ups
    step(0.9, "Menyusun catatan kualitas data dan tindak lanjut")
    temuan = laporan.temuan(repo, kecamatan)
    ringkas = temuan.groupby("jenis").size().sort_values(ascending=False)
    out.append(
        Bagian(
            judul="Catatan kualitas data laporan",
            poin=[
                f"{len(temuan)} temuan: angka yang dicetak laporan tidak cocok dengan hitungan ulang atau tabel lain."
            ]
            + [f"{j}: {n}" for j, n in ringkas.head(5).items()],
            tabel=temuan.head(8)[["tahun", "subjek", "nilai_dilaporkan", "nilai_dihitung", "sumber_tabel"]].rename(
                columns={
                    "tahun": "Tahun",
                    "subjek": "Subjek",
                    "nilai_dilaporkan": "Dilaporkan",
                    "nilai_dihitung": "Dihitung",
                    "sumber_tabel": "Tabel",
                }
            ),
            sumber=_sumber(temuan.head(8)),
        )
    )
    out.append(Bagian(judul="Tindak lanjut", poin=tindak_lanjut(cap, unsur, temuan), sumber=_sumber(cap)))
    step(1.0, "Selesai")
    return out


def tindak_lanjut(cap: pd.DataFrame, unsur: pd.DataFrame, temuan: pd.DataFrame) -> list[str]:
    """Follow-ups that follow from the numbers: targets missed, the weakest unsur, report errors to correct."""
    out = []
    for r in cap[cap["capaian_persen"] < 100].itertuples():
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


def _banding(repo: Repository, kecamatan: str, banding: str, tahun: int) -> Bagian:
    """Side by side: IKM, serapan and SAKIP of two kecamatan (each its own latest year), and unsur if both have them."""
    rows = []
    for tema in ("kepuasan_layanan", "akuntabilitas", "serapan_anggaran"):
        liga = laporan.peringkat(laporan.benchmark(repo, tema), tema).set_index("kecamatan")
        for kec in (kecamatan, banding):
            if kec in liga.index:
                rows.append(
                    {
                        "Tema": laporan.TEMA[tema],
                        "Kecamatan": kec,
                        "Tahun": int(liga.loc[kec, "tahun"]),
                        "Nilai": format_angka(liga.loc[kec, "nilai"]),
                    }
                )
    unsur = laporan.skm_unsur_banding(repo, kecamatan, [banding])
    fig = (
        unsur_per_kelompok(unsur, kelompok="label", judul=f"IKM per unsur: {kecamatan} dan {banding}")
        if unsur["kecamatan"].nunique() == 2
        else None
    )
    return Bagian(
        judul=f"Perbandingan {kecamatan} dan {banding}",
        tabel=pd.DataFrame(rows),
        grafik=fig,
        poin=["Tahun data berbeda antar kecamatan; lihat kolom Tahun."],
        sumber=_sumber(unsur),
    )
