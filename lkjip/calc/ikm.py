"""SKM / IKM per PermenPANRB 14/2017.

NRR of an unsur = sum of answers / number of answers (answers 1–4).
IKM = Σ NRR_i × 1/9 × 25 (exact 1/9; round only for display); IKM unsur = NRR × 25.
Unsur are mapped by name, never by position: documents number U8/U9 differently.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np

from lkjip.calc.hasil import Hasil, as_float
from lkjip.calc.skala import Skala, kode_array, tingkat_dari
from lkjip.errors import DataError
from lkjip.missing import is_missing


@dataclass(frozen=True)
class Unsur:
    kode: str
    nama: str
    kata_kunci: frozenset[str]


UNSUR: tuple[Unsur, ...] = (
    Unsur("U1", "Persyaratan", frozenset({"persyaratan", "syarat"})),
    Unsur("U2", "Sistem, mekanisme dan prosedur", frozenset({"sistem", "mekanisme", "prosedur"})),
    Unsur("U3", "Waktu penyelesaian", frozenset({"waktu"})),
    Unsur("U4", "Biaya/tarif", frozenset({"biaya", "tarif", "tariff"})),
    Unsur("U5", "Produk spesifikasi jenis pelayanan", frozenset({"produk", "spesifikasi"})),
    Unsur("U6", "Kompetensi pelaksana", frozenset({"kompetensi"})),
    Unsur("U7", "Perilaku pelaksana", frozenset({"perilaku"})),
    Unsur("U8", "Penanganan pengaduan, saran dan masukan", frozenset({"pengaduan", "saran", "masukan"})),
    Unsur("U9", "Sarana dan prasarana", frozenset({"sarana", "prasarana"})),
)
UNSUR_BY_KODE = {u.kode: u for u in UNSUR}
RUMUS_IKM = (  # the rule of ikm_dari_nrr_array and ikm_unsur, in words
    "IKM = Σ NRR × 1/9 × 25 (1/9 eksak, dibulatkan hanya saat tampil); IKM unsur = NRR × 25 "
    "(PermenPANRB 14/2017). Unsur dipetakan menurut nama, bukan urutan."
)


def unsur_dari_nama(nama: str) -> Unsur:
    """Map an unsur name as a report prints it to its PermenPANRB code, by whole words.

    The unsur sharing most keywords wins ("Penanganan Pengaduan, sarana dan masukan", a typo
    for saran, is still U8); a tie or no match is an error, never a guess.
    """
    words = set(re.findall(r"[a-z]+", nama.lower()))
    scores = sorted(((len(u.kata_kunci & words), u) for u in UNSUR), key=lambda x: -x[0])
    best, runner_up = scores[0][0], scores[1][0]
    if best == 0 or best == runner_up:
        found = ", ".join(u.kode for n, u in scores if n and n == best) or "tidak ada"
        raise DataError(f"Nama unsur '{nama}' tidak dapat dipetakan dengan pasti ke U1–U9 (cocok: {found}).")
    return scores[0][1]


def nrr_dari_jawaban(jawaban: Iterable[object], unsur: str = "") -> float:
    """Mean of 1–4 answers. Missing or out-of-range answers are an error, never dropped."""
    values = list(jawaban)
    label = f" unsur {unsur}" if unsur else ""
    if not values:
        raise DataError(f"Tidak ada jawaban{label}: NRR tidak dapat dihitung.")
    bad = [
        (i + 1, v)
        for i, v in enumerate(values)
        if is_missing(v)
        or isinstance(v, bool)
        or not isinstance(v, (int, float, np.integer, np.floating))
        or float(v) not in (1.0, 2.0, 3.0, 4.0)
    ]
    if bad:
        shown = "; ".join(f"responden ke-{i}: {v!r}" for i, v in bad[:10])
        more = f" (dan {len(bad) - 10} lainnya)" if len(bad) > 10 else ""
        raise DataError(f"Jawaban{label} harus bilangan bulat 1–4: {shown}{more}.")
    return float(np.mean(np.asarray(values, dtype=float)))


def ikm_dari_nrr(nrr: Mapping[str, float | None]) -> Hasil:
    """IKM (25–100) from the nine NRR values keyed U1..U9."""
    row = np.array([[as_float(nrr.get(u.kode)) for u in UNSUR]])
    nilai, alasan = ikm_dari_nrr_array(row)
    return Hasil(None if np.isnan(nilai[0]) else float(nilai[0]), alasan[0])


def ikm_dari_nrr_array(nrr: np.ndarray) -> tuple[np.ndarray, list[str | None]]:
    """IKM for every row of an (n × 9) array of NRR in U1..U9 order (NaN = missing); NaN and a reason where it
    cannot be computed."""
    nrr = np.asarray(nrr, dtype=float).reshape(-1, len(UNSUR))
    missing = np.isnan(nrr)
    with np.errstate(invalid="ignore"):
        out_of_range = ((nrr < 1) | (nrr > 4)).any(axis=1)
    nilai = nrr.sum(axis=1) * (1.0 / 9.0) * 25.0
    bad = missing.any(axis=1) | out_of_range
    nilai[bad] = np.nan
    alasan: list[str | None] = [None] * len(nrr)
    for i in np.flatnonzero(bad):
        if missing[i].any():
            kode = [u.kode for u, m in zip(UNSUR, missing[i], strict=True) if m]
            alasan[i] = f"NRR {', '.join(kode)} tidak tersedia: IKM memerlukan kesembilan unsur"
        else:
            alasan[i] = "NRR harus berada pada rentang 1–4"
    return nilai, alasan


def ikm_dari_jawaban(jawaban_per_unsur: Mapping[str, Iterable[object]]) -> Hasil:
    """IKM from raw answers per unsur (all responses pooled, none subsampled)."""
    nrr = {kode: nrr_dari_jawaban(vals, kode) for kode, vals in jawaban_per_unsur.items()}
    return ikm_dari_nrr(nrr)


def ikm_unsur(nrr: float | None) -> float | None:
    return None if is_missing(nrr) else float(nrr) * 25.0  # type: ignore[arg-type]


def mutu(ikm: float | None, skala: Skala) -> Hasil:
    """Mutu pelayanan (A–D) of a 25–100 value on ``skala`` (PermenPANRB 14/2017); label is e.g. 'A (Sangat Baik)'."""
    if is_missing(ikm):
        return Hasil.gagal("Nilai IKM tidak tersedia")
    if not 25.0 <= float(ikm) <= 100.0:  # type: ignore[arg-type]
        return Hasil.gagal(f"Nilai IKM {ikm} di luar rentang 25–100")
    t = tingkat_dari(float(ikm), skala)  # type: ignore[arg-type]
    assert t is not None
    return Hasil(float(ikm), label=f"{t.kode} ({t.label})")  # type: ignore[arg-type]


def mutu_kode(ikm: float | None, skala: Skala) -> str | None:
    return mutu_kode_array(np.array([as_float(ikm)]), skala)[0]


def mutu_kode_array(ikm: np.ndarray, skala: Skala) -> list[str | None]:
    """Mutu code (A–D) of every value; None when missing or outside 25–100 (as ``mutu``)."""
    return kode_array(ikm, skala, 25.0, 100.0)
