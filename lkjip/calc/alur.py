"""The approval workflow of one kecamatan × year × period × kind of data: a pure state machine.

    draf --ajukan--> diajukan --setujui--> disetujui --kunci--> terkunci --buka_kunci--> dibuka --kunci--> terkunci
      ^                 |  \\__kembalikan__      |
      |                 |                 \\      | kembalikan
      +---- ubah -------+                  v     v
                                          dikembalikan --ajukan--> diajukan

- ``ubah`` (entry or import) of a diajukan or disetujui period returns it to draf (it must be submitted again);
  a dikembalikan period stays dikembalikan while it is fixed, so the camat's reason stays in view until resubmitted;
- ``kembalikan`` (the camat) and ``buka_kunci`` (the admin) need a reason;
- ``terkunci`` changes only by ``buka_kunci``: the period becomes ``dibuka`` (editable: the deliberate exception, in
  view on the status page) and is locked again by the verifikator's ``kunci``, without a new round of approval.

The issue's diverifikasi/terkunci is one state here: the verifikator's verification is the lock. Who may take a
step (the role and its scope) is lkjip.akses's rule, asked by the writers; this module knows only the states.
"""

from __future__ import annotations

from lkjip.errors import AlurDitolak, PeriodeTerkunci

STATUS = ("draf", "diajukan", "dikembalikan", "disetujui", "terkunci", "dibuka")
AWAL = "draf"  # a period without a recorded state
LANGKAH = ("ubah", "ajukan", "setujui", "kembalikan", "kunci", "buka_kunci")
PERLU_ALASAN = frozenset({"kembalikan", "buka_kunci"})

# step -> {state before: state after}
TRANSISI: dict[str, dict[str, str]] = {
    "ubah": {
        "draf": "draf",
        "dikembalikan": "dikembalikan",
        "diajukan": "draf",
        "disetujui": "draf",
        "dibuka": "dibuka",
    },
    "ajukan": {"draf": "diajukan", "dikembalikan": "diajukan"},
    "setujui": {"diajukan": "disetujui"},
    "kembalikan": {"diajukan": "dikembalikan", "disetujui": "dikembalikan"},
    "kunci": {"disetujui": "terkunci", "dibuka": "terkunci"},
    "buka_kunci": {"terkunci": "dibuka"},
}
# The lkjip.akses action a step needs.
TINDAKAN = {"ubah": "tulis", **{s: s for s in LANGKAH if s != "ubah"}}

LABEL_STATUS = {
    "belum_diisi": "Belum diisi",
    "draf": "Draf",
    "diajukan": "Diajukan",
    "dikembalikan": "Dikembalikan",
    "disetujui": "Disetujui",
    "terkunci": "Terkunci",
    "dibuka": "Dibuka kembali",
}
_NAMA_LANGKAH = {
    "ubah": "diubah",
    "ajukan": "diajukan",
    "setujui": "disetujui",
    "kembalikan": "dikembalikan",
    "kunci": "dikunci",
    "buka_kunci": "dibuka kuncinya",
}
_SEBAB = {
    "ajukan": "hanya data berstatus draf atau dikembalikan yang dapat diajukan",
    "setujui": "hanya data yang sudah diajukan yang dapat disetujui",
    "kembalikan": "hanya data yang diajukan atau disetujui yang dapat dikembalikan",
    "kunci": "hanya periode yang sudah disetujui (atau dibuka kembali) yang dapat dikunci",
    "buka_kunci": "hanya periode terkunci yang dapat dibuka kuncinya",
}


def transisi(status: str | None, langkah: str, alasan: str | None = None, *, periode: str = "periode ini") -> str:
    """The state after ``langkah`` from ``status`` (None: never recorded, i.e. draf); AlurDitolak (PeriodeTerkunci for
    a change of a locked period) when the step is not allowed from there or lacks its required reason. ``periode``
    names the period in the message ("realisasi TW1 2025 Bontang Barat")."""
    if langkah not in TRANSISI:
        raise ValueError(f"langkah tidak dikenal: {langkah}")
    sekarang = status or AWAL
    if sekarang not in STATUS:
        raise ValueError(f"status tidak dikenal: {sekarang}")
    if langkah in PERLU_ALASAN and not (alasan or "").strip():
        raise AlurDitolak(f"Alasan wajib diisi: {periode} tidak {_NAMA_LANGKAH[langkah]} tanpa alasan.")
    sesudah = TRANSISI[langkah].get(sekarang)
    if sesudah is not None:
        return sesudah
    if sekarang == "terkunci":
        raise PeriodeTerkunci(
            f"{periode[0].upper()}{periode[1:]} sudah terkunci; tidak dapat {_NAMA_LANGKAH[langkah]} sebelum admin "
            "membuka kuncinya (buka kunci, dengan alasan)."
        )
    raise AlurDitolak(
        f"{periode[0].upper()}{periode[1:]} berstatus {LABEL_STATUS[sekarang].lower()}: {_SEBAB[langkah]}."
    )


def dapat(status: str | None, langkah: str) -> bool:
    """Whether ``langkah`` is possible from ``status`` (its reason aside): for pages that offer only those steps."""
    return (status or AWAL) in TRANSISI[langkah]
