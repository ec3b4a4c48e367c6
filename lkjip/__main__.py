"""Command line: ``python -m lkjip build|check|import|pengguna ...``.

The command line acts as the local mode (``Pengguna.lokal($USER)``): an admin over everything, recorded in the change
log as local. It is where the first admin is made (``pengguna tambah``).

Errors print their Indonesian title and message on stderr and exit with status 2, without a traceback: every
LkjipError, and an OSError on a file the command reads or writes (``--out``, the imported file).
"""

from __future__ import annotations

import argparse
import errno
import os
import sys
from pathlib import Path

from lkjip.config import UrlPostgres, get_settings, tulis_ke
from lkjip.errors import LkjipError


def _db(args: argparse.Namespace) -> Path:
    return Path(args.db) if args.db else get_settings().db_path


def _sumber(args: argparse.Namespace) -> Path | UrlPostgres:
    """The database a backup is made of or restored into: --db or LKJIP_DB, a file or a PostgreSQL URL."""
    if args.db:
        return UrlPostgres.dari(args.db) or Path(args.db)
    return tulis_ke()


def cmd_build(args: argparse.Namespace) -> int:
    from lkjip.build import build, is_stale

    db = _db(args)
    data = Path(args.data) if args.data else get_settings().data_dir
    if args.if_stale and not is_stale(db, data):
        print(f"Basis data {db} sudah mutakhir.")
        return 0
    result = build(db, data)
    print(f"Basis data dibangun: {result.db_path}")
    for table, n in result.rows.items():
        print(f"  {table:<20} {n:>7} baris")
    print(f"  temuan pemeriksaan   {result.temuan:>7}")
    return 0


def cmd_synth(args: argparse.Namespace) -> int:
    import time

    from lkjip.db.synth import build_synthetic
    from lkjip.errors import DataError

    try:
        awal, _, akhir = args.tahun.partition("-")
        tahun_awal, tahun_akhir = int(awal), int(akhir or awal)
    except ValueError:
        raise DataError(f"--tahun '{args.tahun}' tidak dikenal; tulis AWAL-AKHIR, mis. 2017-2026.") from None
    start = time.perf_counter()
    result = build_synthetic(Path(args.out), args.kecamatan, tahun_awal, tahun_akhir, seed=args.seed)
    print(f"Basis data SINTETIS (bukan data nyata) dibangun: {result.db_path} ({time.perf_counter() - start:.1f} s)")
    for table, n in result.rows.items():
        print(f"  {table:<20} {n:>10} baris")
    return 0


def cmd_migrasi(args: argparse.Namespace) -> int:
    from lkjip.format import format_angka
    from lkjip.pg.salin import migrasi

    if not args.ke.startswith(("postgresql://", "postgres://")):
        print("Migrasi: --ke harus URL PostgreSQL (postgresql://pengguna:sandi@host:port/basisdata).", file=sys.stderr)
        return 2
    db = _db(args)
    print(f"Menyalin {db} ke PostgreSQL ...", flush=True)
    hasil, model, beda = migrasi(db, args.ke)
    for table, n in hasil.baris.items():
        print(f"  {table:<22} {format_angka(n, 0):>12} baris")
    print(
        f"Tersalin dalam {format_angka(hasil.detik, 1)} detik. Model baca dibangun dari PostgreSQL dalam "
        f"{format_angka(model.detik, 1)} detik dan dibandingkan dengan berkas: {len(beda)} view dan tabel, "
        "semuanya sama (EXCEPT ALL dua arah)."
    )
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    import pandas as pd

    from lkjip.db.derive import temuan
    from lkjip.db.repository import Repository
    from lkjip.io.ekspor import aman

    repo = Repository.open(_db(args), read_only=True)
    try:
        df = temuan(repo)
    finally:
        repo.close()
    if args.kecamatan:
        df = df[df["kecamatan"] == args.kecamatan]
    if args.format == "csv":
        aman(df).to_csv(sys.stdout, index=False)
        return 0
    if df.empty:
        print("Tidak ada temuan.")
        return 0
    with pd.option_context("display.max_colwidth", 90, "display.width", 250):
        print(
            df[
                ["kecamatan", "tahun", "jenis", "subjek", "nilai_dilaporkan", "nilai_dihitung", "sumber_tabel"]
            ].to_string(index=False)
        )
    print(f"\n{len(df)} temuan. Rincian lengkap: python -m lkjip check --format csv")
    return 0


def _materi(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from lkjip.db.repository import Repository
    from lkjip.errors import DataError
    from lkjip.laporan import daftar_kecamatan, daftar_tahun
    from lkjip.report.disetujui import materi_rapat
    from lkjip.report.materi import MAKS_BANDING

    repo = Repository.open(_db(args), read_only=True)
    names = daftar_kecamatan(repo)["kecamatan"].tolist()
    banding = list(dict.fromkeys(getattr(args, "banding", None) or []))
    if len(banding) > MAKS_BANDING:
        raise DataError(f"Paling banyak {MAKS_BANDING} kecamatan pembanding; diberikan {len(banding)}.")
    for name in (args.kecamatan, *banding):
        if name not in names:
            raise DataError(f"Kecamatan '{name}' tidak ada; pilihan: {', '.join(names)}.")
    if args.tahun not in daftar_tahun(repo, args.kecamatan):
        raise DataError(
            f"Belum ada data {args.kecamatan} tahun {args.tahun}; tahun yang ada: "
            f"{', '.join(map(str, daftar_tahun(repo, args.kecamatan)))}."
        )

    def progress(frac: float, text: str) -> None:
        print(f"[{frac:>4.0%}] {text}", file=sys.stderr)

    repo.close()
    return materi_rapat(
        _db(args),
        args.kecamatan,
        args.tahun,
        banding=banding or None,
        hanya_disetujui=not args.termasuk_belum_disetujui,
        progress=progress,
    )


_BELUM_DISETUJUI = (
    "muat juga masukan operator yang belum disetujui camat (bawaan: hanya nilai yang sudah disetujui; slide judul "
    "menyebutnya)"
)


def cmd_deck(args: argparse.Namespace) -> int:
    from lkjip.report.deck import build_deck

    data = build_deck(_materi(args))
    Path(args.out).write_bytes(data)
    print(f"Deck ditulis: {args.out}")
    return 0


def cmd_pdf(args: argparse.Namespace) -> int:
    from lkjip.report.pdf import build_pdf

    Path(args.out).write_bytes(build_pdf(_materi(args)))
    print(f"Ringkasan PDF ditulis: {args.out}")
    return 0


def cmd_export_template(args: argparse.Namespace) -> int:
    from lkjip.db.repository import Repository
    from lkjip.io.templat import templat

    repo = Repository.open(_db(args), read_only=True)
    Path(args.out).write_bytes(templat(repo))
    repo.close()
    print(f"Templat ditulis: {args.out}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from lkjip.db.repository import Repository
    from lkjip.io.cadangan import ekspor

    sumber = _sumber(args)
    if isinstance(sumber, UrlPostgres):  # its raw tables read in one snapshot
        from lkjip.pg.salin import salinan_mentah

        repo = salinan_mentah(sumber)
    else:
        repo = Repository.open(sumber, read_only=True)
    try:
        data = ekspor(repo)
    finally:
        repo.close()
    Path(args.out).write_bytes(data)
    print(f"Cadangan seluruh basis data ditulis: {args.out}")
    return 0


def _restore(args: argparse.Namespace, path: Path, data: bytes) -> int:
    from lkjip.io.cadangan import periksa_cadangan, periksa_tujuan, pulihkan
    from lkjip.io.validasi import ValidasiGagal

    try:
        pemulihan = periksa_cadangan(path.name, data, terima_ubahan=args.terima_ubahan)
    except ValidasiGagal as exc:
        print(exc.as_frame().to_string(index=False), file=sys.stderr)
        print(f"\n{len(exc.masalah)} masalah; tidak ada yang ditulis.", file=sys.stderr)
        return 2
    db = _sumber(args)
    if isinstance(db, UrlPostgres):
        from lkjip.pg.salin import periksa_kosong

        periksa_kosong(db)  # none of our tables: a restore never merges
    else:
        periksa_tujuan(db)
    print(f"Berkas cadangan: {pemulihan.baris} baris dalam {len(pemulihan.data)} tabel.")
    print(pemulihan.ringkasan().to_string(index=False))
    if not args.yes:
        print("Pratinjau saja: tidak ada yang ditulis. Ulangi dengan --yes untuk memulihkan ke basis data kosong.")
        return 0
    if isinstance(db, UrlPostgres):
        import tempfile

        from lkjip.pg.salin import migrasi, sandi_tersamar

        # the restore into a new DuckDB file, exactly as into a file, then copied into PostgreSQL in one
        # transaction and compared with that file view by view
        with tempfile.TemporaryDirectory(prefix="lkjip-pulih-") as tmp:
            n = pulihkan(Path(tmp) / "pulih.duckdb", pemulihan, pengguna=os.environ.get("USER"))
            migrasi(Path(tmp) / "pulih.duckdb", db)
        print(f"{n} baris dipulihkan ke {sandi_tersamar(db)}; nilai turunan dihitung ulang dan dibandingkan per view.")
    else:
        n = pulihkan(db, pemulihan, pengguna=os.environ.get("USER"))
        print(f"{n} baris dipulihkan ke {db}; nilai turunan dihitung ulang.")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    import pandas as pd

    from lkjip.db.repository import Repository
    from lkjip.io.cadangan import adalah_cadangan
    from lkjip.io.impor import LABEL_PRATINJAU, periksa, terapkan
    from lkjip.io.validasi import ValidasiGagal

    path = Path(args.file)
    if not path.exists():
        print(f"Berkas {path} tidak ada.", file=sys.stderr)
        return 2
    if adalah_cadangan(path.name, path.read_bytes()):
        return _restore(args, path, path.read_bytes())
    db = _db(args)
    repo = Repository.open(db, read_only=True)
    try:
        rencana = periksa(repo, path.name, path.read_bytes())
    except ValidasiGagal as exc:
        print(exc.as_frame().to_string(index=False), file=sys.stderr)
        print(f"\n{len(exc.masalah)} masalah; tidak ada yang ditulis.", file=sys.stderr)
        return 2
    finally:
        repo.close()
    with pd.option_context("display.width", 200, "display.max_colwidth", 60):
        print(rencana.ringkasan().rename(columns=LABEL_PRATINJAU).to_string(index=False))
        if rencana.ada_perubahan:
            print(rencana.perubahan().rename(columns=LABEL_PRATINJAU).to_string(index=False))
        if rencana.peringatan:
            print(f"\n{len(rencana.peringatan)} peringatan (tetap disimpan bila disetujui):")
            print(rencana.peringatan_tabel().to_string(index=False))
    if not rencana.ada_perubahan:
        print("Tidak ada perubahan: semua baris sudah sama dengan basis data.")
        return 0
    if not args.yes:
        print("Pratinjau saja: tidak ada yang ditulis. Ulangi dengan --yes untuk menyimpan.")
        return 0
    n = terapkan(db, rencana, pengguna=os.environ.get("USER"))
    print(f"{n} baris disimpan dari {path.name}.")
    return 0


def cmd_pengguna(args: argparse.Namespace) -> int:
    import pandas as pd

    from lkjip.akses import Pengguna
    from lkjip.db.pengguna import daftar_pengguna, hapus_pengguna, tambah_pengguna
    from lkjip.db.repository import Repository
    from lkjip.format import LABEL_KOLOM

    db = _db(args)
    oleh = Pengguna.lokal(os.environ.get("USER"))
    if args.aksi == "daftar":
        repo = Repository.open(db, read_only=True)
        try:
            df = daftar_pengguna(repo)
        finally:
            repo.close()
        if df.empty:
            print("Belum ada pengguna terdaftar. Buat admin pertama: python -m lkjip pengguna tambah --peran admin ...")
            return 0
        kolom = ["email", "nama", "peran", "jenis_lingkup", "lingkup", "aktif"]
        with pd.option_context("display.width", 200, "display.max_colwidth", 50):
            print(df[kolom].rename(columns=LABEL_KOLOM).fillna("–").to_string(index=False))
        return 0
    if args.aksi == "hapus":
        hapus_pengguna(db, args.email, oleh=oleh)
        print(f"Pengguna {args.email.strip().lower()} dihapus.")
        return 0
    baru = Pengguna(args.email, args.nama, args.peran, args.lingkup, args.jenis_lingkup)
    p = tambah_pengguna(db, baru, oleh=oleh, ganti=args.ganti)
    wilayah = f" untuk {p.lingkup} ({p.jenis_lingkup})" if p.lingkup else ""
    print(f"Pengguna {p.email} ({p.nama}) terdaftar sebagai {p.peran}{wilayah}.")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m lkjip", description="Dasbor kinerja kecamatan (LKjIP).")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("build", help="bangun (ulang) basis data dari data/")
    p.add_argument("--db", help="berkas DuckDB (bawaan: LKJIP_DB atau data/lkjip.duckdb)")
    p.add_argument("--data", help="folder data sumber (bawaan: data/)")
    p.add_argument(
        "--if-stale", action="store_true", help="hanya bila basis data belum ada atau lebih tua dari sumbernya"
    )
    p.set_defaults(func=cmd_build)
    p = sub.add_parser("synth", help="data SINTETIS untuk uji kinerja (tidak pernah di data/)")
    p.add_argument("--kecamatan", type=int, required=True, help="jumlah kecamatan sintetis (1–9999)")
    p.add_argument("--tahun", default="2017-2026", help="rentang tahun AWAL-AKHIR (bawaan 2017-2026)")
    p.add_argument("--out", required=True, help="berkas DuckDB tujuan, di luar data/")
    p.add_argument("--seed", type=int, default=1)
    p.set_defaults(func=cmd_synth)

    p = sub.add_parser("migrasi", help="salin basis data tertanam ke PostgreSQL kosong, diperiksa view demi view")
    p.add_argument("--db", help="berkas DuckDB asal (bawaan: LKJIP_DB atau data/lkjip.duckdb)")
    p.add_argument("--ke", required=True, help="URL PostgreSQL tujuan: postgresql://pengguna:sandi@host:port/basisdata")
    p.set_defaults(func=cmd_migrasi)

    p = sub.add_parser("check", help="periksa konsistensi laporan (temuan)")
    p.add_argument("--db")
    p.add_argument("--format", choices=["table", "csv"], default="table")
    p.add_argument("--kecamatan")
    p.set_defaults(func=cmd_check)
    p = sub.add_parser("deck", help="bahan rapat evaluasi: deck PowerPoint 16:9")
    p.add_argument("--db")
    p.add_argument("--kecamatan", required=True)
    p.add_argument("--tahun", type=int, required=True)
    p.add_argument(
        "--banding",
        action="append",
        metavar="KECAMATAN",
        help="kecamatan pembanding (boleh diulang, sampai 5: --banding A --banding B)",
    )
    p.add_argument("--out", required=True)
    p.add_argument("--termasuk-belum-disetujui", action="store_true", help=_BELUM_DISETUJUI)
    p.set_defaults(func=cmd_deck)
    p = sub.add_parser("pdf", help="ringkasan satu-dua halaman (PDF) untuk map rapat")
    p.add_argument("--db")
    p.add_argument("--kecamatan", required=True)
    p.add_argument("--tahun", type=int, required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--termasuk-belum-disetujui", action="store_true", help=_BELUM_DISETUJUI)
    p.set_defaults(func=cmd_pdf)
    p = sub.add_parser("export-template", help="templat Excel untuk staf")
    p.add_argument("--db")
    p.add_argument("--out", required=True)
    p.set_defaults(func=cmd_export_template)

    p = sub.add_parser("export", help="cadangan seluruh basis data (.xlsx; dipulihkan dengan 'import')")
    p.add_argument("--db")
    p.add_argument("--out", required=True)
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("import", help="impor templat Excel atau CSV per lembar (pratinjau; --yes untuk menyimpan)")
    p.add_argument("file")
    p.add_argument("--db")
    p.add_argument("--yes", action="store_true", help="simpan tanpa bertanya setelah pratinjau")
    p.add_argument(
        "--terima-ubahan",
        metavar="TEKS",
        help='cadangan saja: pulihkan lembar yang diubah sejak cadangan dibuat bila TEKS persis "saya tahu cadangan '
        'ini diubah" (dicatat di log perubahan)',
    )
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("pengguna", help="kelola pengguna dan perannya (admin pertama dibuat di sini)")
    aksi = p.add_subparsers(dest="aksi", required=True)
    q = aksi.add_parser("tambah", help="daftarkan pengguna (--ganti: ubah peran pengguna yang sudah ada)")
    q.add_argument("--db")
    q.add_argument("--email", required=True)
    q.add_argument("--nama", required=True)
    q.add_argument("--peran", required=True, choices=["admin", "verifikator", "camat", "operator", "pembaca"])
    q.add_argument("--lingkup", help="kecamatan (camat, operator), kab/kota atau provinsi (admin, verifikator)")
    q.add_argument("--jenis-lingkup", choices=["kecamatan", "kab_kota", "provinsi"], help="bawaan: dari nama lingkup")
    q.add_argument("--ganti", action="store_true", help="ganti peran/lingkup pengguna yang sudah terdaftar")
    q.set_defaults(func=cmd_pengguna)
    q = aksi.add_parser("daftar", help="daftar pengguna")
    q.add_argument("--db")
    q.set_defaults(func=cmd_pengguna)
    q = aksi.add_parser("hapus", help="hapus pengguna")
    q.add_argument("--db")
    q.add_argument("--email", required=True)
    q.set_defaults(func=cmd_pengguna)
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except LkjipError as exc:
        print(f"{exc.judul}: {exc.pesan}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"Berkas tidak dapat dipakai: {_pesan_berkas(exc)}", file=sys.stderr)
        return 2


_SEBAB_BERKAS = {
    errno.ENOENT: "tidak ada (periksa nama berkas dan foldernya)",
    errno.EACCES: "tidak boleh dibuka oleh pengguna ini (periksa izinnya)",
    errno.EPERM: "tidak boleh dibuka oleh pengguna ini (periksa izinnya)",
    errno.ENOSPC: "tidak dapat ditulis: disk penuh (kosongkan ruang)",
    errno.EDQUOT: "tidak dapat ditulis: kuota disk habis (kosongkan ruang)",
    errno.EROFS: "tidak dapat ditulis: foldernya hanya dapat dibaca (pilih folder lain)",
    errno.EISDIR: "adalah folder, bukan berkas",
    errno.ENOTDIR: "berada di jalur yang bukan folder",
}


def _pesan_berkas(exc: OSError) -> str:
    """An OSError in Indonesian: which file, and what to do."""
    sebab = _SEBAB_BERKAS.get(exc.errno or 0, f"gagal dipakai ({exc.strerror or exc})")
    nama = str(exc.filename) if exc.filename else "Berkas"
    return f"{nama} {sebab}; coba lagi setelah diperbaiki."


if __name__ == "__main__":
    sys.exit(main())
