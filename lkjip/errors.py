"""One error hierarchy. Every error carries a user-facing title and message in Bahasa Indonesia."""

from __future__ import annotations


class LkjipError(Exception):
    """Base error: ``judul`` is a short title, ``pesan`` what happened and what to do."""

    judul = "Terjadi kesalahan"

    def __init__(self, pesan: str, *, judul: str | None = None) -> None:
        super().__init__(pesan)
        self.pesan = pesan
        if judul is not None:
            self.judul = judul

    def __str__(self) -> str:
        return f"{self.judul}: {self.pesan}"


class ConfigError(LkjipError):
    judul = "Konfigurasi tidak valid"


class AngkaError(LkjipError, ValueError):
    """A text that should be a number cannot be read as one (or only ambiguously)."""

    judul = "Angka tidak dapat dibaca"


class DataError(LkjipError):
    """Source data in data/ (or an import) breaks a rule; ``lokasi`` names file/sheet, row and column."""

    judul = "Data tidak valid"

    def __init__(self, pesan: str, *, lokasi: str = "") -> None:
        super().__init__(f"{lokasi}: {pesan}" if lokasi else pesan)
        self.lokasi = lokasi


class DatabaseError(LkjipError):
    """A query or write failed inside DuckDB; the driver's message is kept for the log."""

    judul = "Kesalahan basis data"


class DatabaseMissingError(DatabaseError):
    judul = "Basis data belum dibuat"


class DataBerubahError(LkjipError):
    """A plan was made against rows someone else has changed since: nothing was written (the second writer sees the
    first one's values instead of overwriting them)."""

    judul = "Tidak disimpan"


class DatabaseSibukError(DatabaseError):
    """Another writer held the write lock for longer than we wait; the message names it (PID, program, since when)."""

    judul = "Belum disimpan"


class DatabaseTakTertulisError(DatabaseError):
    """The database's folder cannot take the write (disk full, read-only, no permission); the old file is unchanged
    and no temporary file is left behind."""

    judul = "Basis data tidak dapat ditulis"


class AksesDitolak(LkjipError):
    """The acting user's role or scope does not allow this write (lkjip.akses.izinkan): nothing was written."""

    judul = "Tidak diizinkan"


class AlurDitolak(LkjipError):
    """A step of the approval workflow that the period's state does not allow (lkjip.calc.alur), or a step without
    its required reason: nothing was written."""

    judul = "Tidak dapat diproses"


class PeriodeTerkunci(AlurDitolak):
    """A write into a locked period: it changes only after an admin's buka kunci."""

    judul = "Periode terkunci"
