"""Who may do what, where: the acting user (``Pengguna``) and the one rule (``izinkan``) every write of lkjip asks.

Pure: no Streamlit, no database. The pages hide what a role cannot do; this is what holds when a request is forged.

Roles (issue 16) and what each may do inside its scope:

- ``admin`` (a kab/kota or a provinsi): everything, including unlocking a period, managing users and restoring;
- ``verifikator`` (a kab/kota): locks an approved period (and reads);
- ``camat`` (one kecamatan): approves or returns a submitted period;
- ``operator`` (one kecamatan): enters and imports data, submits a period;
- ``pembaca``: reads only.

Every role but pembaca may also write a catatan verifikasi (``catat``: a note on a period or one of its values, in
any workflow state) inside its scope.

Without ``[auth]`` the app and the command line act as ``Pengguna.lokal``: one local admin over everything, recorded
in the change log as local (``peran_log``), with the name a person typed, if any.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from lkjip.errors import AksesDitolak

PERAN = ("admin", "verifikator", "camat", "operator", "pembaca")
JENIS_LINGKUP = ("kecamatan", "kab_kota", "provinsi")
TINDAKAN = (
    "tulis", "ajukan", "setujui", "kembalikan", "kunci", "buka_kunci", "kelola_pengguna", "pulihkan", "catat",
)  # fmt: skip

# What each role may do (inside its scope).
BOLEH: dict[str, frozenset[str]] = {
    "admin": frozenset(TINDAKAN),
    "verifikator": frozenset({"kunci", "catat"}),
    "camat": frozenset({"setujui", "kembalikan", "catat"}),
    "operator": frozenset({"tulis", "ajukan", "catat"}),
    "pembaca": frozenset(),
}
# The scopes a role may hold (pembaca: any, or none).
LINGKUP_PERAN: dict[str, tuple[str, ...]] = {
    "admin": ("kab_kota", "provinsi"),
    "verifikator": ("kab_kota",),
    "camat": ("kecamatan",),
    "operator": ("kecamatan",),
    "pembaca": JENIS_LINGKUP,
}

EMAIL_LOKAL = "lokal"
PERAN_LOKAL = "lokal"  # the role the change log records for the local mode

# kecamatan -> (kab_kota, provinsi), as lkjip.laporan.wilayah / the kecamatan_list query give it
Letak = Mapping[str, tuple[str, str]]

_KATA_KERJA = {
    "tulis": "mengubah data {kec}",
    "ajukan": "mengajukan data {kec}",
    "setujui": "menyetujui data {kec}",
    "kembalikan": "mengembalikan data {kec}",
    "kunci": "mengunci periode {kec}",
    "buka_kunci": "membuka kunci periode {kec}",
    "kelola_pengguna": "mengelola pengguna",
    "pulihkan": "memulihkan cadangan",
    "catat": "menulis catatan verifikasi {kec}",
}
_TUGAS = {
    "admin": "mengelola seluruh data, pengguna, kunci dan cadangan di wilayahnya",
    "verifikator": "hanya mengunci periode yang sudah disetujui dan menulis catatan verifikasi",
    "camat": "hanya menyetujui atau mengembalikan data yang diajukan, serta menulis catatan verifikasi",
    "operator": "hanya mengisi, mengimpor dan mengajukan data kecamatannya serta menulis catatan verifikasi",
    "pembaca": "hanya membaca",
}


@dataclass(frozen=True)
class Pengguna:
    """The acting user. ``email`` is lowercased (the key of the ``pengguna`` table); ``lingkup`` names the kecamatan
    (camat, operator), the kab/kota or the provinsi (admin, verifikator) of ``jenis_lingkup``; both None: everywhere
    (the local mode, or a pembaca without scope)."""

    email: str
    nama: str
    peran: str  # admin | verifikator | camat | operator | pembaca
    lingkup: str | None = None
    jenis_lingkup: str | None = None  # kecamatan | kab_kota | provinsi

    @classmethod
    def lokal(cls, nama: str | None = None) -> Pengguna:
        """The single-user local mode (no ``[auth]``, or the command line): admin over everything. ``nama`` is the
        name a person typed (or $USER), recorded in the change log."""
        return cls(email=EMAIL_LOKAL, nama=(nama or "").strip(), peran="admin", lingkup=None, jenis_lingkup=None)

    @property
    def adalah_lokal(self) -> bool:
        return self.email == EMAIL_LOKAL

    @property
    def pengguna_log(self) -> str | None:
        """What the change log's ``pengguna`` column records: the email, or in local mode the typed name (if any)."""
        return (self.nama or None) if self.adalah_lokal else self.email

    @property
    def peran_log(self) -> str:
        """What the change log's ``peran`` column records: the role, or 'lokal'."""
        return PERAN_LOKAL if self.adalah_lokal else self.peran

    @property
    def sebutan(self) -> str:
        """The user as a message names them: "operator Bontang Barat", "admin Kota Bontang", "mode lokal"."""
        if self.adalah_lokal:
            return "mode lokal"
        return f"{self.peran} {self.lingkup}" if self.lingkup else self.peran


def sebagai_pengguna(pengguna: Pengguna | str | None) -> Pengguna:
    """A Pengguna from what a caller passes: a Pengguna as it is; a typed name or None (the callers before sign-in,
    the command line) as the local mode."""
    return pengguna if isinstance(pengguna, Pengguna) else Pengguna.lokal(pengguna)


def mencakup(pengguna: Pengguna, kecamatan: str, letak: Letak) -> bool:
    """Whether the user's scope holds this kecamatan (an unknown kecamatan only for a scope of everywhere)."""
    if pengguna.jenis_lingkup is None:
        return True
    if pengguna.jenis_lingkup == "kecamatan":
        return kecamatan == pengguna.lingkup
    if kecamatan not in letak:
        return False
    kab_kota, provinsi = letak[kecamatan]
    return (kab_kota if pengguna.jenis_lingkup == "kab_kota" else provinsi) == pengguna.lingkup


def mencakup_lingkup(pengguna: Pengguna, jenis: str | None, lingkup: str | None, letak: Letak) -> bool:
    """Whether the user's scope holds another scope (an admin gives users only inside their own)."""
    if pengguna.jenis_lingkup is None:
        return True
    if jenis is None or lingkup is None:
        return False
    if jenis == "kecamatan":
        return mencakup(pengguna, lingkup, letak)
    if jenis == pengguna.jenis_lingkup:
        return lingkup == pengguna.lingkup
    if jenis == "kab_kota" and pengguna.jenis_lingkup == "provinsi":
        return any(k == lingkup and p == pengguna.lingkup for k, p in letak.values())
    return False


def boleh(pengguna: Pengguna, tindakan: str, kecamatan: str | None, letak: Letak) -> bool:
    """``izinkan`` as a yes/no, for pages that hide what a role cannot do."""
    try:
        izinkan(pengguna, tindakan, kecamatan, letak)
    except AksesDitolak:
        return False
    return True


def izinkan(pengguna: Pengguna, tindakan: str, kecamatan: str | None, letak: Letak) -> None:
    """Nothing when the role may do ``tindakan`` on ``kecamatan`` (None: an action not bound to one, such as managing
    users or restoring); otherwise AksesDitolak with the Indonesian reason ("operator Bontang Barat tidak boleh
    mengubah data Kota Bangun")."""
    if tindakan not in TINDAKAN:
        raise ValueError(f"tindakan tidak dikenal: {tindakan}")
    apa = _KATA_KERJA[tindakan].format(kec=kecamatan or "")
    siapa = pengguna.sebutan
    if tindakan not in BOLEH.get(pengguna.peran, frozenset()):
        tugas = _TUGAS.get(pengguna.peran, "tidak dikenal")
        raise AksesDitolak(f"{siapa} tidak boleh {apa}: peran {pengguna.peran} {tugas}.")
    if kecamatan is not None and not mencakup(pengguna, kecamatan, letak):
        if pengguna.jenis_lingkup != "kecamatan" and kecamatan not in letak:
            sebab = f"kecamatan {kecamatan} tidak tercatat di wilayah mana pun"
        else:
            sebab = f"{kecamatan} di luar wilayahnya ({pengguna.lingkup})"
        raise AksesDitolak(f"{siapa} tidak boleh {apa}: {sebab}.")
