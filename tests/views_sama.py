"""Every public view before and after a change, compared row for row (EXCEPT ALL both ways).

    python tests/views_sama.py simpan DB DIR      # each public view of DB to DIR/<view>.parquet
    python tests/views_sama.py banding DB DIR     # DB's views against what DIR holds; exit 1 on a difference

For a renovation that must keep every public view identical: save before, rebuild, compare after. Rows are compared
as multisets (EXCEPT ALL) on the columns both sides hold, and new or lost columns are named; the audit log's time stamps are the one thing expected to move.
"""

from __future__ import annotations

import sys
from pathlib import Path

import duckdb

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from lkjip.db.queries import PUBLIC_VIEWS  # noqa: E402

LEFT_OUT = {"v_audit"}  # its rows carry the time of the build


def simpan(db: Path, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(db), read_only=True)
    for view in PUBLIC_VIEWS:
        con.execute(f"COPY (SELECT * FROM {view}) TO '{folder / view}.parquet' (FORMAT parquet)")
        print(f"{view:<24} {con.execute(f'SELECT count(*) FROM {view}').fetchone()[0]:>10} baris")


def banding(db: Path, folder: Path) -> int:
    con = duckdb.connect(str(db), read_only=True)
    beda = 0
    for view in PUBLIC_VIEWS:
        if view in LEFT_OUT:
            continue
        lama = f"read_parquet('{folder / view}.parquet')"
        kolom_baru = con.execute(f"DESCRIBE {view}").fetchall()
        kolom_lama = con.execute(f"DESCRIBE SELECT * FROM {lama}").fetchall()
        kolom = "*"
        status_kolom = ""
        if [k[:2] for k in kolom_baru] != [k[:2] for k in kolom_lama]:
            baru = [k[0] for k in kolom_baru if k[:2] not in {x[:2] for x in kolom_lama}]
            hilang_kolom = [k[0] for k in kolom_lama if k[:2] not in {x[:2] for x in kolom_baru}]
            status_kolom = f"; KOLOM: baru {baru}, hilang {hilang_kolom}"
            kolom = ", ".join(f'"{k[0]}"' for k in kolom_lama if k[:2] in {x[:2] for x in kolom_baru})
        baru_q = f"SELECT {kolom} FROM {view}"
        lama_q = f"SELECT {kolom} FROM {lama}"
        hilang = con.execute(f"SELECT count(*) FROM ({lama_q} EXCEPT ALL {baru_q})").fetchone()
        tambah = con.execute(f"SELECT count(*) FROM ({baru_q} EXCEPT ALL {lama_q})").fetchone()
        status = "sama" if hilang[0] == tambah[0] == 0 else f"BEDA: {hilang[0]} baris hilang, {tambah[0]} baris baru"
        status += status_kolom
        beda += status != "sama"
        print(f"{view:<24} {status}")
    return 1 if beda else 0


if __name__ == "__main__":
    perintah, db, folder = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    if perintah == "simpan":
        simpan(db, folder)
    else:
        sys.exit(banding(db, folder))
