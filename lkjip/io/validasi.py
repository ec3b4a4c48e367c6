"""Problems found in input, listed all at once with file/sheet, row and column."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import pandera.pandas as pa

from lkjip.errors import DataError

_CHECK_TEXT = {
    "column_in_schema": "kolom tidak dikenal",
    "column_in_dataframe": "kolom wajib tidak ada",
    "str_length": "wajib diisi",
    "isin": "nilai tidak diperbolehkan",
    "not_nullable": "wajib diisi",
}


@dataclass(frozen=True)
class Masalah:
    berkas: str  # file (and sheet) name
    baris: int | None  # 1-based row as a spreadsheet shows it (header is row 1)
    kolom: str
    pesan: str

    def __str__(self) -> str:
        where = self.berkas if self.baris is None else f"{self.berkas} baris {self.baris}"
        return f"{where}, kolom '{self.kolom}': {self.pesan}"


class ValidasiGagal(DataError):
    """Every problem of an input; nothing was written."""

    judul = "Data tidak valid"

    def __init__(self, masalah: list[Masalah]) -> None:
        self.masalah = masalah
        shown = "\n".join(f"- {m}" for m in masalah[:50])
        more = f"\n… dan {len(masalah) - 50} masalah lain" if len(masalah) > 50 else ""
        super().__init__(f"{len(masalah)} masalah ditemukan; tidak ada yang ditulis:\n{shown}{more}")

    def as_frame(self) -> pd.DataFrame:
        return pd.DataFrame(
            [{"berkas": m.berkas, "baris": m.baris, "kolom": m.kolom, "pesan": m.pesan} for m in self.masalah]
        )


def pandera_masalah(berkas: str, schema: pa.DataFrameSchema, df: pd.DataFrame) -> list[Masalah]:
    """Validate lazily and translate every failure case to a Masalah (row numbers as in a spreadsheet)."""
    try:
        schema.validate(df, lazy=True)
    except pa.errors.SchemaErrors as exc:
        out = []
        for case in exc.failure_cases.itertuples():
            check = str(case.check)
            text = next((v for k, v in _CHECK_TEXT.items() if check.startswith(k)), check)
            if check.startswith("isin"):
                allowed = check[check.find("[") + 1 : check.rfind("]")]
                text = f"'{case.failure_case}' tidak diperbolehkan; pilihan: {allowed}"
            kolom = str(case.column) if case.column is not None else str(case.failure_case)
            baris = int(case.index) + 2 if isinstance(case.index, (int, float)) and not pd.isna(case.index) else None
            out.append(Masalah(berkas, baris, kolom, text))
        return out
    return []
