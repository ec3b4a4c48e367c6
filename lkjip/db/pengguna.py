"""Users in the database (the ``pengguna`` table): look-up by email, the list, adding and removing, each write through
the one write path (lkjip.db.tukar) with its change-log rows.

Managing users is the admin's (``kelola_pengguna``), and only inside the admin's own scope: an admin of Kota Bontang
gives roles in Kota Bontang, never in Kota Bangun. The first admin is made on the command line, which acts as the
local mode (``Pengguna.lokal``). A role's scope must name a kecamatan, kab/kota or provinsi the database knows.

A user's first sign-in records the identity provider's subject (``catat_subjek``); a later sign-in with the same
email and another subject is refused (``periksa_subjek``): an email address the provider gave to someone else does
not inherit the role.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import pandas as pd

from lkjip.akses import JENIS_LINGKUP, LINGKUP_PERAN, PERAN, Letak, Pengguna, izinkan, mencakup_lingkup
from lkjip.db.repository import Repository
from lkjip.db.tukar import tulis_lalu_tukar
from lkjip.db.tulis_pg import Lingkup
from lkjip.errors import AksesDitolak, DataError
from lkjip.missing import is_missing

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_KOLOM_LOG = ("nama", "peran", "jenis_lingkup", "lingkup")
_NAMA_JENIS = {"kecamatan": "kecamatan", "kab_kota": "kabupaten/kota", "provinsi": "provinsi"}


def letak_kecamatan(repo: Repository) -> dict[str, tuple[str, str]]:
    """kecamatan -> (kab_kota, provinsi): the map lkjip.akses.izinkan reads the scopes with."""
    kec = repo.fetch("kecamatan_list")
    return {k: (kk, p) for k, kk, p in zip(kec["kecamatan"], kec["kab_kota"], kec["provinsi"], strict=True)}


def cari_pengguna(repo: Repository, email: str) -> Pengguna | None:
    """The active user of this email (any case, spaces around ignored), or None: the app then says "akun belum
    terdaftar; hubungi admin" and shows nothing else."""
    if not email or not email.strip():
        return None
    rows = repo.fetch("pengguna_email", email=email)
    if rows.empty or not bool(rows.iloc[0]["aktif"]):
        return None
    return _dari_baris(rows.iloc[0].to_dict())


def daftar_pengguna(repo: Repository) -> pd.DataFrame:
    """Every user (email, subjek, nama, peran, jenis_lingkup, lingkup, aktif, dibuat), by role and scope."""
    return repo.fetch("pengguna_semua")


def periksa_pengguna(repo: Repository, baru: Pengguna) -> Pengguna:
    """The user as stored: email lowercased, the kind of scope filled in from the name when not given; DataError in
    Indonesian when the email, the role or the scope is not valid (a camat's scope must be a kecamatan the database
    knows, an admin's a kab/kota or provinsi, ...)."""
    email = (baru.email or "").strip().lower()
    nama = (baru.nama or "").strip()
    if not _EMAIL.match(email):
        raise DataError(f"Email '{baru.email}' tidak sah; tulis alamat lengkap, mis. nama@bontangkota.go.id.")
    if not nama:
        raise DataError(f"Nama pengguna {email} wajib diisi.")
    if baru.peran not in PERAN:
        raise DataError(f"Peran '{baru.peran}' tidak dikenal; pilih salah satu: {', '.join(PERAN)}.")
    boleh = LINGKUP_PERAN[baru.peran]
    lingkup = (baru.lingkup or "").strip() or None
    if lingkup is None:
        if baru.peran != "pembaca":
            raise DataError(f"Peran {baru.peran} memerlukan lingkup: {_daftar_jenis(boleh)}.")
        return Pengguna(email, nama, baru.peran, None, None)
    if baru.jenis_lingkup is not None and baru.jenis_lingkup not in JENIS_LINGKUP:
        raise DataError(f"Jenis lingkup '{baru.jenis_lingkup}' tidak dikenal; pilih: {', '.join(JENIS_LINGKUP)}.")
    if baru.jenis_lingkup is not None and baru.jenis_lingkup not in boleh:
        raise DataError(
            f"Peran {baru.peran} berlaku untuk {_daftar_jenis(boleh)}, bukan {_NAMA_JENIS[baru.jenis_lingkup]}."
        )
    nama_wilayah = repo.fetch("nama_wilayah")
    ada = {j: set(nama_wilayah.loc[nama_wilayah["jenis"] == j, "nama"]) for j in JENIS_LINGKUP}
    jenis = [baru.jenis_lingkup] if baru.jenis_lingkup else list(boleh)
    cocok = next((j for j in jenis if lingkup in ada[j]), None)
    if cocok is None:
        lain = next((j for j in JENIS_LINGKUP if lingkup in ada[j]), None)
        sebab = f"'{lingkup}' adalah {_NAMA_JENIS[lain]}" if lain else f"'{lingkup}' tidak tercatat di basis data"
        raise DataError(f"Lingkup peran {baru.peran} harus {_daftar_jenis(jenis)} yang tercatat; {sebab}.")
    return Pengguna(email, nama, baru.peran, lingkup, cocok)


def tambah_pengguna(db_path: Path, baru: Pengguna, *, oleh: Pengguna, ganti: bool = False) -> Pengguna:
    """Add a user (``ganti``: or replace the role of one already registered, keeping the date it was registered and
    the identity it signed in with); returns the user as stored.

    ``oleh`` must be an admin whose scope holds the new user's scope (AksesDitolak otherwise); the change log records
    each value, who and the role."""

    def isi(repo: Repository) -> Pengguna:
        p = periksa_pengguna(repo, baru)
        _boleh_kelola(repo, oleh, p)
        lama = repo.fetch("pengguna_email", email=p.email)
        if not lama.empty and not ganti:
            raise DataError(f"Pengguna {p.email} sudah terdaftar; hapus dulu atau ubah perannya.")
        sebelum = None if lama.empty else lama.iloc[0].to_dict()
        if sebelum is not None:
            _boleh_kelola(repo, oleh, _dari_baris(sebelum))
            if sebelum["peran"] == "admin" and p.peran != "admin" and _admin_terakhir(repo) and not oleh.adalah_lokal:
                raise AksesDitolak(
                    f"{p.email} adalah admin terakhir; daftarkan admin lain dulu sebelum mengubah perannya (atau ubah "
                    "lewat baris perintah: python -m lkjip pengguna tambah --ganti)."
                )
        now = datetime.now()
        with repo.transaction():
            repo.run("hapus_pengguna", email=p.email)
            repo.run(
                "tambah_pengguna",
                email=p.email,
                nama=p.nama,
                peran=p.peran,
                jenis_lingkup=p.jenis_lingkup,
                lingkup=p.lingkup,
                dibuat=now if sebelum is None else sebelum["dibuat"],  # a changed role keeps its registration date
            )
            if sebelum is not None and not is_missing(sebelum.get("subjek")):  # and the identity it signed in with
                repo.run("simpan_subjek_pengguna", email=p.email, subjek=sebelum["subjek"])
            baris = [
                (k, _teks(None if sebelum is None else sebelum.get(k)), _teks(getattr(p, k)))
                for k in _KOLOM_LOG
                if sebelum is None or _teks(sebelum.get(k)) != _teks(getattr(p, k))
            ]
            _catat(repo, now, p.email, baris, oleh, "tambah pengguna" if sebelum is None else "ubah pengguna")
        return p

    return tulis_lalu_tukar(db_path, isi, dari_awal=False, lingkup=Lingkup())


def hapus_pengguna(db_path: Path, email: str, *, oleh: Pengguna) -> None:
    """Remove a user (DataError when not registered). An admin removes only users inside their scope, and the last
    admin is removed (or, in ``tambah_pengguna``, given another role) only from the command line (the local mode), so
    an organisation never locks itself out."""

    def isi(repo: Repository) -> None:
        lama = repo.fetch("pengguna_email", email=email)
        if lama.empty:
            raise DataError(f"Pengguna {email.strip().lower()} tidak terdaftar.")
        p = _dari_baris(lama.iloc[0].to_dict())
        _boleh_kelola(repo, oleh, p)
        if p.peran == "admin" and _admin_terakhir(repo) and not oleh.adalah_lokal:
            raise AksesDitolak(
                f"{p.email} adalah admin terakhir; hapus lewat baris perintah (python -m lkjip pengguna hapus) "
                "setelah ada admin lain."
            )
        now = datetime.now()
        with repo.transaction():
            repo.run("hapus_pengguna", email=p.email)
            _catat(repo, now, p.email, [(k, _teks(getattr(p, k)), None) for k in _KOLOM_LOG], oleh, "hapus pengguna")

    tulis_lalu_tukar(db_path, isi, dari_awal=False, lingkup=Lingkup())


def pengguna_kelola(repo: Repository, oleh: Pengguna) -> pd.DataFrame:
    """The users ``oleh`` may manage (those inside the admin's scope; every user in the local mode): email, nama,
    peran, jenis_lingkup, lingkup, aktif, terhubung (whether an identity is recorded, see ``catat_subjek``), dibuat.
    The subject itself stays out: it names nobody to a person."""
    semua = daftar_pengguna(repo)
    letak = letak_kecamatan(repo)
    dalam = [
        mencakup_lingkup(oleh, _teks(j), _teks(lk), letak)
        for j, lk in zip(semua["jenis_lingkup"], semua["lingkup"], strict=True)
    ]
    out = semua.loc[dalam].assign(terhubung=[not is_missing(v) for v in semua.loc[dalam, "subjek"]])
    kolom = ["email", "nama", "peran", "jenis_lingkup", "lingkup", "aktif", "terhubung", "dibuat"]
    return out[kolom].reset_index(drop=True)


def pilihan_lingkup(oleh: Pengguna, letak: Letak) -> dict[str, tuple[str, ...]]:
    """Per kind of scope, the kecamatan, kab/kota and provinsi ``oleh`` may give a role in (sorted): an admin of Kota
    Bontang its kecamatan and Kota Bontang itself, an admin of a provinsi also its kab/kota and the provinsi, the
    local mode everything the database knows."""
    calon = {
        "kecamatan": set(letak),
        "kab_kota": {kk for kk, _ in letak.values()},
        "provinsi": {p for _, p in letak.values()},
    }
    return {j: tuple(sorted(n for n in nama if mencakup_lingkup(oleh, j, n, letak))) for j, nama in calon.items()}


def periksa_subjek(repo: Repository, email: str, subjek: str) -> bool:
    """Whether the identity provider's subject of a sign-in must still be recorded for this user (True: none is
    stored yet; False: this one is). AksesDitolak when another subject is stored: the email was given to another
    identity at the provider, and the sign-in is refused."""
    rows = repo.fetch("pengguna_email", email=email)
    if rows.empty:
        raise DataError(f"Pengguna {email.strip().lower()} tidak terdaftar.")
    tersimpan = _teks(rows.iloc[0]["subjek"])
    if tersimpan is None:
        return True
    if tersimpan != subjek:
        raise AksesDitolak(
            f"Akun {email.strip().lower()} sudah terhubung dengan identitas login lain: alamat email ini kini dipakai "
            "oleh akun lain di penyedia login. Masuk dengan akun yang didaftarkan, atau minta admin dasbor di kab/kota "
            "Anda menghapus lalu mendaftarkan ulang email ini."
        )
    return False


def catat_subjek(db_path: Path, pengguna: Pengguna, subjek: str) -> bool:
    """Record the subject the signed-in ``pengguna`` came with, once (the first sign-in), with its change-log row;
    from then on a sign-in with this email and another subject is refused (``periksa_subjek``). Checked again under
    the lock: a subject another session recorded meanwhile is kept (AksesDitolak when it differs). Returns whether
    it wrote."""
    subjek = (subjek or "").strip()
    if not subjek:
        raise DataError("Penyedia login tidak memberikan subjek; identitas tidak dapat dicatat.")

    def isi(repo: Repository) -> bool:
        if not periksa_subjek(repo, pengguna.email, subjek):
            return False
        now = datetime.now()
        with repo.transaction():
            repo.run("simpan_subjek_pengguna", email=pengguna.email, subjek=subjek)
            _catat(repo, now, pengguna.email.strip().lower(), [("subjek", None, subjek)], pengguna, "masuk pertama")
        return True

    return tulis_lalu_tukar(db_path, isi, dari_awal=False, lingkup=Lingkup())


def salin_pengguna(lama: Path, repo: Repository) -> int:
    """Copy the users of the database file ``lama`` (if it exists and has them) into ``repo``: what a rebuild from
    data/ keeps (lkjip.build). A file that cannot be read gives no users rather than no rebuild."""
    if not lama.exists():
        return 0
    try:
        asal = Repository.open(lama, read_only=True)
    except Exception:  # noqa: BLE001 (a broken old file is what a rebuild repairs)
        return 0
    try:
        if int(asal.fetch("_ada_tabel_pengguna")["n"].iloc[0]) == 0:
            return 0
        rows = daftar_pengguna(asal)
    except Exception:  # noqa: BLE001
        return 0
    finally:
        asal.close()
    repo.insert_df("pengguna", rows)
    return len(rows)


# ---------------------------------------------------------------- helpers
def _boleh_kelola(repo: Repository, oleh: Pengguna, p: Pengguna) -> None:
    letak: Letak = letak_kecamatan(repo)
    izinkan(oleh, "kelola_pengguna", None, letak)
    if not mencakup_lingkup(oleh, p.jenis_lingkup, p.lingkup, letak):
        wilayah = p.lingkup or "seluruh wilayah"
        raise AksesDitolak(
            f"{oleh.sebutan} tidak boleh mengelola pengguna {p.email} ({p.peran} {wilayah}): di luar wilayahnya."
        )


def _admin_terakhir(repo: Repository) -> bool:
    """At most one active admin is left: removing or demoting it would leave nobody to manage users."""
    semua = daftar_pengguna(repo)
    return int(((semua["peran"] == "admin") & semua["aktif"]).sum()) <= 1


def _dari_baris(r: dict) -> Pengguna:
    def teks(v: object) -> str | None:
        return None if is_missing(v) else str(v)

    return Pengguna(str(r["email"]), str(r["nama"]), str(r["peran"]), teks(r["lingkup"]), teks(r["jenis_lingkup"]))


def _teks(v: object) -> str | None:
    return None if is_missing(v) else str(v)


def _daftar_jenis(jenis: list[str] | tuple[str, ...]) -> str:
    return " atau ".join(_NAMA_JENIS[j] for j in jenis)


def _catat(
    repo: Repository,
    now: datetime,
    email: str,
    baris: list[tuple[str, str | None, str | None]],
    oleh: Pengguna,
    sumber: str,
) -> None:
    rows = [
        {
            "waktu": now,
            "tabel": "pengguna",
            "kunci": email,
            "kolom": k,
            "nilai_lama": a,
            "nilai_baru": b,
            "sumber": sumber,
            "sha256": None,
            "pengguna": oleh.pengguna_log,
            "peran": oleh.peran_log,
        }
        for k, a, b in baris
    ]
    if rows:
        repo.insert_df("audit_log", pd.DataFrame(rows))
