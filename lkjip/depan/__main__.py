"""``python -m lkjip.depan serve|serve-stop|jaga``: the production front (``make serve`` / ``make serve-stop``)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from lkjip.depan import RUN_BAWAAN, Depan, DepanError, berjalan, hentikan, jaga, mulai, pulihkan, replika_bawaan


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m lkjip.depan", description="Server produksi: nginx + replika.")
    sub = parser.add_subparsers(dest="perintah", required=True)
    p = sub.add_parser("serve", help="nyalakan nginx dan replika Streamlit")
    p.add_argument("--run", type=Path, default=RUN_BAWAAN, help="folder kerja (bawaan .run/)")
    p.add_argument("--port", type=int, default=8080, help="port nginx (bawaan 8080)")
    p.add_argument("--alamat", default="0.0.0.0", help="alamat dengar nginx (bawaan 0.0.0.0)")
    p.add_argument("--replika", type=int, default=replika_bawaan(), help="jumlah replika (bawaan: jumlah inti, 1-4)")
    p.add_argument("--db", type=Path, help="berkas DuckDB (bawaan: LKJIP_DB atau data/lkjip.duckdb)")
    p.add_argument("--header-pengguna", help="header email pengguna dari proxy luar tepercaya, mis. X-Forwarded-Email")
    p.add_argument(
        "--proxy-tepercaya",
        action="append",
        help="alamat/CIDR proxy luar yang boleh mengirim header itu (boleh diulang; bawaan 127.0.0.1 dan ::1)",
    )
    p.add_argument(
        "--pg",
        help="PostgreSQL sebagai sumber data: 'lokal' (server sendiri di folder kerja, diisi dari berkas DuckDB bila "
        "kosong) atau URL postgresql://",
    )
    q = sub.add_parser("serve-stop", help="hentikan nginx dan semua replika")
    q.add_argument("--run", type=Path, default=RUN_BAWAAN)
    j = sub.add_parser("jaga", help="penjaga: nyalakan ulang replika atau nginx yang mati (dinyalakan oleh serve)")
    j.add_argument("--run", type=Path, default=RUN_BAWAAN)
    args = parser.parse_args(argv)
    if args.perintah == "jaga":
        jaga(args.run)
        return 0
    if args.perintah == "serve-stop":
        n = hentikan(args.run)
        print(f"Server produksi dihentikan ({n} proses)." if n else "Tidak ada server produksi yang berjalan.")
        return 0
    if berjalan(args.run.resolve()):
        try:
            dinyalakan = pulihkan(args.run)
        except DepanError as exc:
            print(f"{exc.judul}: {exc.pesan}", file=sys.stderr)
            return 2
        if dinyalakan:
            print(f"Server produksi sudah berjalan dari {args.run}; dinyalakan ulang: {', '.join(dinyalakan)}.")
        else:
            print(f"Server produksi sudah berjalan dari {args.run} (hentikan dengan make serve-stop).")
        return 0
    d = Depan(
        run=args.run,
        port=args.port,
        alamat=args.alamat,
        replika=max(1, args.replika),
        db=args.db,
        header_pengguna=args.header_pengguna,
        proxy_tepercaya=tuple(args.proxy_tepercaya or ("127.0.0.1", "::1")),
        pg=args.pg,
    )
    try:
        url = mulai(d)
    except DepanError as exc:
        print(f"{exc.judul}: {exc.pesan}", file=sys.stderr)
        return 2
    print(f"Server produksi berjalan: {url} ({d.replika} replika; log dan pid di {d.run}).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
