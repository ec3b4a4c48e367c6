"""The plan of an import: which rows it writes (new, changed, unchanged, old -> new), its preview, and the check that
it is still valid when it is written.

``Tersimpan`` looks up the stored row an operation replaces, by the key columns in ``KUNCI`` (only imported rows:
a report's own rows are never replaced); the write (``tulis``) replaces exactly the row of that key. A plan is made
on the database as it was; ``pastikan_belum_berubah`` refuses it, with DataBerubahError naming the rows and the values
stored now, when any row it changes is no longer stored as the plan saw it."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from lkjip.db.repository import Repository
from lkjip.errors import DataBerubahError
from lkjip.io.impor.tampilan import DIPERLIHATKAN, NAMA_TABEL, STATUS, kolom_tampilan, nilai_tampilan
from lkjip.io.validasi import Masalah, ValidasiGagal
from lkjip.missing import is_missing


@dataclass
class Operasi:
    """One row to write: ``lama`` is the row it replaces (None for a new one)."""

    tabel: str
    kunci: str
    baru: dict
    lama: dict | None
    status: str  # baru | berubah | tetap


@dataclass
class Rencana:
    """What an import will write (``operasi``, in the order of the sheets) and its warnings; nothing is written
    until ``terapkan``. ``berkas`` names the source (file or form), ``sha256`` its content."""

    berkas: str
    sha256: str
    operasi: list[Operasi] = field(default_factory=list)
    peringatan: list[Masalah] = field(default_factory=list)  # saved anyway, shown in the preview

    def ringkasan(self) -> pd.DataFrame:
        """Rows per sheet: how many are new, changed and unchanged (headers: LABEL_PRATINJAU)."""
        hitung: dict[str, dict[str, int]] = {}
        for o in self.operasi:
            n = hitung.setdefault(o.tabel, {s: 0 for s in STATUS})
            n[o.status] += 1
        return pd.DataFrame(
            [{"tabel": NAMA_TABEL.get(t, t), **{f"jumlah_{s}": k for s, k in n.items()}} for t, n in hitung.items()],
            columns=["tabel", *(f"jumlah_{s}" for s in STATUS)],
        )

    def perubahan(self) -> pd.DataFrame:
        """New and changed rows, one line per value a person checks (old -> new), as a person reads them: the
        sheet by its name, the column in words, numbers in Indonesian format, empty as a dash."""
        rows = []
        for o in self.operasi:
            if o.status == "tetap":
                continue
            for k in DIPERLIHATKAN[o.tabel]:
                v = len(o.baru["jawaban"]) if k == "responden" and o.tabel == "skm_jawaban" else o.baru.get(k)
                old = None if o.lama is None else o.lama.get(k)
                if o.lama is None or teks_mesin(old) != teks_mesin(v):
                    rows.append(
                        {
                            "tabel": NAMA_TABEL.get(o.tabel, o.tabel),
                            "kunci": o.kunci,
                            "kolom": kolom_tampilan(o.tabel, k),
                            "lama": nilai_tampilan(o.tabel, k, old),
                            "baru": nilai_tampilan(o.tabel, k, v),
                            "status": STATUS[o.status],
                        }
                    )
        return pd.DataFrame(rows, columns=["tabel", "kunci", "kolom", "lama", "baru", "status"])

    def peringatan_tabel(self) -> pd.DataFrame:
        return ValidasiGagal(self.peringatan).as_frame() if self.peringatan else pd.DataFrame()

    @property
    def ada_perubahan(self) -> bool:
        return any(o.status != "tetap" for o in self.operasi)


def teks_mesin(v: object) -> str | None:
    """The exact machine text of a value (95.1, 1000000): what the change log stores and what plans compare.
    Never for the screen: nilai_tampilan formats it."""
    if is_missing(v):
        return None
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


# ---------------------------------------------------------------- the rows stored now
# The stored row an operation replaces, per sheet: the query of the imported rows (a report's own rows are never
# replaced) and the columns naming one row, the same in that query and in Operasi.baru.
KUNCI: dict[str, tuple[str, tuple[str, ...]]] = {
    "kecamatan": ("kecamatan_list", ("kecamatan",)),
    "target": ("_impor_target", ("indikator_id", "tahun", "periode", "jenis")),
    "realisasi": ("_impor_realisasi", ("indikator_id", "tahun", "periode")),
    "skm_jawaban": ("_impor_skm_jawaban", ("kecamatan", "tahun", "periode", "jenis_layanan")),
    "skm_unsur": ("_impor_skm_unsur", ("kecamatan", "tahun", "periode", "jenis_layanan", "unsur_kode")),
    "anggaran": ("_impor_anggaran", ("anggaran_id",)),
    "anggaran_kas": ("_impor_anggaran_kas", ("anggaran_id", "triwulan")),
    "evaluasi_sakip": ("_impor_evaluasi_sakip", ("kecamatan", "tahun_dinilai", "komponen")),
}
_DEFINISI_INDIKATOR = ("nama", "satuan", "arah", "agregasi", "tingkat", "formula_capaian", "definisi", "sumber_data")
# What must be as the plan saw it for the plan to be written: the values a person checks in the preview (and, for SKM
# answers, which file they came from; for an indicator, its whole definition).
_DIBANDINGKAN: dict[str, tuple[str, ...]] = {
    **DIPERLIHATKAN,
    "skm_jawaban": ("responden", "sha256"),
    "indikator": _DEFINISI_INDIKATOR,
}


def lama_indikator(x: dict) -> dict:
    """An indicator as v_indikator gives it, in the columns of the indikator table."""
    return {"indikator_id": x["indikator_id"], "kecamatan": x["kecamatan"], "nama": x["indikator"]} | {
        k: x[k] for k in _DEFINISI_INDIKATOR if k != "nama"
    }


class Tersimpan:
    """The rows already stored that a plan may replace, looked up by an operation's ``baru``.

    Read from the database when first needed; ``potret`` reads some sheets' rows at once and keeps them, so that a form
    can make its plan against the database as it was when the form was opened (then ``terapkan`` refuses the plan if
    someone else changed one of its rows since)."""

    def __init__(self, repo: Repository | None, baris: dict[str, dict[tuple, dict]] | None = None) -> None:
        self._repo = repo
        self._baris: dict[str, dict[tuple, dict]] = dict(baris or {})

    @classmethod
    def potret(cls, repo: Repository, tabel: tuple[str, ...]) -> Tersimpan:
        t = cls(repo)
        for nama in tabel:
            t._per_kunci(nama)
        t._repo = None
        return t

    def _per_kunci(self, tabel: str) -> dict[tuple, dict]:
        if tabel not in self._baris:
            if self._repo is None:
                raise KeyError(f"potret tanpa lembar {tabel}")
            query, kunci = KUNCI[tabel]
            rows = self._repo.fetch(query).to_dict("records")
            per: dict[tuple, dict] = {}
            for r in rows:
                per.setdefault(tuple(teks_mesin(r[k]) for k in kunci), r)
            self._baris[tabel] = per
        return self._baris[tabel]

    def semua(self, tabel: str) -> list[dict]:
        return list(self._per_kunci(tabel).values())

    def baris(self, tabel: str, baru: dict) -> dict | None:
        """The stored row ``baru`` replaces (None: a new row)."""
        if tabel == "indikator":
            if self._repo is None:
                raise KeyError("potret tanpa lembar indikator")
            ind = self._repo.fetch("_indikator_disebut", sebutan=[baru["indikator_id"]])
            ind = ind[ind["indikator_id"] == baru["indikator_id"]]
            return None if ind.empty else lama_indikator(ind.iloc[0].to_dict())
        kunci = KUNCI[tabel][1]
        return self._per_kunci(tabel).get(tuple(teks_mesin(baru[k]) for k in kunci))


def _sama(tabel: str, a: dict | None, b: dict | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return all(teks_mesin(a.get(k)) == teks_mesin(b.get(k)) for k in _DIBANDINGKAN[tabel])


# ---------------------------------------------------------------- a plan made on a stale database
def pastikan_belum_berubah(repo: Repository, rencana: Rencana) -> None:
    """Every row the plan changes must still be stored as the plan saw it (``Operasi.lama``, or absent for a new
    row); otherwise someone saved in between, and DataBerubahError names up to five rows and what is stored now.
    ``repo`` is the database as it is now (the writer's copy, taken under the write lock)."""
    ada = Tersimpan(repo)
    berubah = []
    for o in rencana.operasi:
        if o.status == "tetap":
            continue
        sekarang = ada.baris(o.tabel, o.baru)
        if not _sama(o.tabel, sekarang, o.lama):
            berubah.append((o, sekarang))
    if not berubah:
        return
    ids = sorted({o.baru["indikator_id"] for o, _ in berubah if "indikator_id" in o.baru})
    nama = dict(repo.fetch("_indikator_disebut", sebutan=ids)[["indikator_id", "indikator"]].itertuples(index=False))
    rincian = [f"{_uraian_baris(o, nama)}: {_uraian_beda(o, sekarang)}" for o, sekarang in berubah[:5]]
    lain = f"; dan {len(berubah) - 5} baris lain" if len(berubah) > 5 else ""
    raise DataBerubahError(
        f"Data berubah sejak dibuka: {'; '.join(rincian)}{lain}. Orang lain (atau impor lain) menyimpannya lebih "
        "dulu; tidak ada yang ditulis. Periksa nilai yang kini tersimpan, lalu simpan lagi bila tetap ingin "
        "menggantinya."
    )


def _uraian_baris(o: Operasi, nama_indikator: dict[str, str]) -> str:
    """The row as a person names it: "Realisasi Nilai SKM (BB-IKU1) 2024 TW1"."""
    b = o.baru
    if o.tabel in ("target", "realisasi"):
        jenis = f" {b['jenis']}" if o.tabel == "target" else ""
        iid = b["indikator_id"]
        return f"{NAMA_TABEL[o.tabel]}{jenis} {nama_indikator.get(iid, iid)} ({iid}) {b['tahun']} {b['periode']}"
    return f"{NAMA_TABEL.get(o.tabel, o.tabel)} {o.kunci}"


def _uraian_beda(o: Operasi, sekarang: dict | None) -> str:
    """What is stored now against what the plan saw: "kini 95,10 (saat dibuka belum ada)"."""
    kolom = DIPERLIHATKAN[o.tabel]

    def label(k: str) -> str:
        return "" if o.tabel in ("target", "realisasi") else f"{kolom_tampilan(o.tabel, k).lower()} "

    if sekarang is None:
        return "kini tidak tersimpan lagi"
    if o.lama is None:
        isi = ", ".join(f"{label(k)}{nilai_tampilan(o.tabel, k, sekarang.get(k))}" for k in kolom)
        return f"kini tersimpan {isi} (saat dibuka belum ada)"
    beda = [k for k in kolom if teks_mesin(sekarang.get(k)) != teks_mesin(o.lama.get(k))]
    if not beda:
        return "kini tersimpan dengan isi lain (dari berkas lain)"
    return ", ".join(
        f"{label(k)}kini {nilai_tampilan(o.tabel, k, sekarang.get(k))} "
        f"(saat dibuka {nilai_tampilan(o.tabel, k, o.lama.get(k))})"
        for k in beda
    )
