"""Step 2 of an import: every cell of the sheets checked against the spec and the database, and the plan.

``periksa_lembar`` returns the plan (``rencana.Rencana``) or raises ValidasiGagal listing *every* problem at once as
sheet, row, column and message (a row with a problem is reported and left out of the plan); a file without any data
row is a DataError. Nothing is written here."""

from __future__ import annotations

import difflib
import hashlib
from collections.abc import Iterator

from lkjip.calc.capaian import default_formula
from lkjip.calc.ikm import UNSUR, unsur_dari_nama
from lkjip.config import get_settings
from lkjip.db.repository import Repository
from lkjip.errors import AngkaError, DataError
from lkjip.format import format_rupiah
from lkjip.io.angka import parse_angka
from lkjip.io.impor.berkas import baca
from lkjip.io.impor.rencana import Operasi, Rencana, Tersimpan, lama_indikator, teks_mesin
from lkjip.io.impor.spec import LEMBAR, Kolom, Lembar, Sheets
from lkjip.io.impor.tampilan import DIPERLIHATKAN, angka_pesan
from lkjip.io.validasi import Masalah, ValidasiGagal

TAHUN_MIN, TAHUN_MAX = 2000, 2100


class _Pemeriksa:
    def __init__(self, repo: Repository, sheets: Sheets) -> None:
        self.repo = repo
        self.masalah: list[Masalah] = []
        wil = repo.fetch("kecamatan_list")
        self.kecamatan = set(wil["kecamatan"])
        # only the indicators the file can mean: of the kecamatan it names, or with an id it contains (a national
        # database has hundreds of thousands; ids are unique across kecamatan, so every id it uses is checked)
        sebutan = sorted({str(v).strip() for rows in sheets.values() for _, row in rows for v in row.values() if v})
        ind = repo.fetch("_indikator_disebut", sebutan=sebutan)
        self.ind = ind.set_index("indikator_id")
        self.indikator = {(r.kecamatan, r.indikator_id): r.indikator for r in ind.itertuples()}
        self.nama_ke_id = {(r.kecamatan, r.indikator.lower()): r.indikator_id for r in ind.itertuples()}

    def salah(self, lembar: str, baris: int, kolom: str, pesan: str) -> None:
        self.masalah.append(Masalah(lembar, baris, kolom, pesan))

    @staticmethod
    def saran(nilai: str, pilihan: list[str]) -> str:
        dekat = difflib.get_close_matches(nilai, pilihan, n=1, cutoff=0.6)
        return f" Maksud Anda '{dekat[0]}'?" if dekat else ""

    def nilai(self, lembar: str, baris: int, kolom: Kolom, mentah: object) -> object:
        teks = (teks_mesin(mentah) or "").strip()  # 1.0 from a spreadsheet reads as "1"
        if teks == "":
            if kolom.wajib:
                self.salah(lembar, baris, kolom.label, "wajib diisi")
            return None
        if kolom.pilihan and teks not in kolom.pilihan:
            self.salah(
                lembar,
                baris,
                kolom.label,
                f"'{teks}' tidak dikenal; pilihan: {', '.join(kolom.pilihan)}.{self.saran(teks, list(kolom.pilihan))}",
            )
            return None
        if kolom.jenis == "teks":
            return teks
        if kolom.jenis in ("bulat", "jawaban"):
            try:
                v = float(mentah) if isinstance(mentah, (int, float)) else float(teks.replace(",", "."))
            except ValueError:
                self.salah(lembar, baris, kolom.label, f"'{teks}' bukan bilangan bulat")
                return None
            if not v.is_integer():
                self.salah(lembar, baris, kolom.label, f"'{teks}' bukan bilangan bulat")
                return None
            if kolom.jenis == "jawaban" and not 1 <= v <= 4:
                self.salah(lembar, baris, kolom.label, f"jawaban {int(v)} di luar skala 1–4")
                return None
            return int(v)
        try:
            v = parse_angka(mentah, "auto")
        except AngkaError as exc:
            if kolom.jenis != "rupiah":
                self.salah(lembar, baris, kolom.label, exc.pesan)
                return None
            # rupiah never has three decimals: 'Rp 1.000' and '1.000' are one thousand
            try:
                v = parse_angka(teks.replace("Rp", "").replace("rp", "").strip(), "id")
            except AngkaError as exc2:
                self.salah(lembar, baris, kolom.label, exc2.pesan)
                return None
        if kolom.jenis == "rupiah" and v is not None and v < 0:
            self.salah(
                lembar, baris, kolom.label, f"jumlah rupiah negatif ({teks}); pagu dan realisasi tidak boleh < 0"
            )
            return None
        return v

    def baris(self, lembar: Lembar, rows: list[tuple[int, dict[str, object]]]) -> Iterator[tuple[int, dict]]:
        """Checked rows of a sheet (a row with any problem is reported and skipped); an absent sheet has none."""
        if not rows:
            return
        header = rows[0][1]
        by_label = {}
        for k in lembar.kolom:
            found = next((h for h in header if h in (k.label, k.nama)), None)
            if found is None and k.wajib:
                self.salah(lembar.nama, 1, k.label, "kolom wajib tidak ada (gunakan templat terbaru)")
            by_label[k.nama] = found
        if any(by_label[k.nama] is None and k.wajib for k in lembar.kolom):
            return
        for n, raw in rows[1:]:
            before = len(self.masalah)
            row = {
                k.nama: self.nilai(lembar.nama, n, k, raw.get(by_label[k.nama]) if by_label[k.nama] else None)
                for k in lembar.kolom
            }
            if "tahun" in row and row["tahun"] is not None and not TAHUN_MIN <= row["tahun"] <= TAHUN_MAX:
                self.salah(lembar.nama, n, "Tahun", f"tahun {row['tahun']} di luar rentang {TAHUN_MIN}–{TAHUN_MAX}")
            if (
                "kecamatan" in row
                and row["kecamatan"] is not None
                and lembar.nama != "kecamatan"
                and row["kecamatan"] not in self.kecamatan
            ):
                self.salah(
                    lembar.nama,
                    n,
                    "Kecamatan",
                    f"kecamatan '{row['kecamatan']}' belum ada; tambahkan lewat lembar 'kecamatan' bila memang baru."
                    + self.saran(row["kecamatan"], sorted(self.kecamatan)),
                )
            if len(self.masalah) == before:
                yield n, row

    def id_indikator(self, lembar: str, n: int, kecamatan: str, teks: str) -> str | None:
        if (kecamatan, teks) in self.indikator:
            return teks
        if (kecamatan, teks.lower()) in self.nama_ke_id:
            return self.nama_ke_id[(kecamatan, teks.lower())]
        pilihan = [nama for (kec, _), nama in self.indikator.items() if kec == kecamatan]
        pilihan += [i for (kec, i) in self.indikator if kec == kecamatan]
        self.salah(
            lembar,
            n,
            "Indikator",
            f"indikator '{teks}' tidak ada untuk {kecamatan}; tambahkan lewat lembar "
            f"'indikator' bila memang baru.{self.saran(teks, pilihan)}",
        )
        return None


def periksa(repo: Repository, nama: str, data: bytes) -> Rencana:
    """Validate a file and return the plan; ValidasiGagal lists every problem at once."""
    sheets, formulas = baca(nama, data)
    return periksa_lembar(repo, nama, sheets, hashlib.sha256(data).hexdigest(), formulas)


def periksa_lembar(
    repo: Repository,
    nama: str,
    sheets: Sheets,
    sha: str,
    formulas: list[Masalah] | None = None,
    *,
    tersimpan: Tersimpan | None = None,
) -> Rencana:
    """Validate parsed sheets (from a file or a form) and return the plan.

    The plan's old values (``Operasi.lama``) are the rows stored now, or those of ``tersimpan`` (a form's snapshot
    of the database as it was when opened): ``terapkan`` writes the plan only while they are still the stored ones."""
    p = _Pemeriksa(repo, sheets)
    ada = tersimpan or Tersimpan(repo)
    p.masalah.extend(formulas or [])
    rencana = Rencana(nama, sha)
    ops = rencana.operasi
    # kecamatan and indicators first: later sheets may use them
    wil = repo.fetch("kecamatan_list").set_index("kecamatan")
    for n, r in p.baris(LEMBAR["kecamatan"], sheets.get("kecamatan", [])):
        lama = (
            None
            if r["kecamatan"] not in wil.index
            else {"kecamatan": r["kecamatan"], "kab_kota": wil.at[r["kecamatan"], "kab_kota"]}
        )
        status = "baru" if lama is None else ("tetap" if lama["kab_kota"] == r["kab_kota"] else "berubah")
        if status == "berubah":
            p.salah("kecamatan", n, "Kabupaten/Kota", f"{r['kecamatan']} sudah tercatat di {lama['kab_kota']}")
        ops.append(Operasi("kecamatan", r["kecamatan"], r, lama, status))
        p.kecamatan.add(r["kecamatan"])
    ind = p.ind
    seen: dict[tuple, int] = {}

    def unik(lembar: str, n: int, key: tuple) -> bool:
        if key in seen:
            p.salah(lembar, n, "-", f"baris ganda: kunci yang sama sudah ada di baris {seen[key]}")
            return False
        seen[key] = n
        return True

    for n, r in p.baris(LEMBAR["indikator"], sheets.get("indikator", [])):
        if not unik("indikator", n, ("indikator", r["indikator_id"])):
            continue
        if r["indikator_id"] in ind.index and ind.at[r["indikator_id"], "kecamatan"] != r["kecamatan"]:
            p.salah("indikator", n, "Kode indikator", f"kode {r['indikator_id']} sudah dipakai kecamatan lain")
            continue
        baru = {
            "indikator_id": r["indikator_id"],
            "kecamatan": r["kecamatan"],
            "nama": r["nama"],
            "satuan": r["satuan"],
            "arah": r["arah"],
            "agregasi": r["agregasi"],
            "tingkat": r["tingkat"],
            "formula_capaian": default_formula(r["arah"], get_settings().formula_turun_default),
            "definisi": r["definisi"],
            "sumber_data": r["sumber_data"],
        }
        lama = None
        if r["indikator_id"] in ind.index:
            lama = lama_indikator({**ind.loc[r["indikator_id"]].to_dict(), "indikator_id": r["indikator_id"]})
        status = (
            "baru"
            if lama is None
            else ("tetap" if all(teks_mesin(lama[k]) == teks_mesin(v) for k, v in baru.items()) else "berubah")
        )
        ops.append(Operasi("indikator", r["indikator_id"], baru, lama, status))
        p.indikator[(r["kecamatan"], r["indikator_id"])] = r["nama"]
        p.nama_ke_id[(r["kecamatan"], r["nama"].lower())] = r["indikator_id"]

    for tabel in ("target", "realisasi"):
        for n, r in p.baris(LEMBAR[tabel], sheets.get(tabel, [])):
            iid = p.id_indikator(tabel, n, r["kecamatan"], r["indikator"])
            if iid is None:
                continue
            key = (iid, r["tahun"], r["periode"]) + ((r["jenis"],) if tabel == "target" else ())
            if not unik(tabel, n, (tabel, *key)):
                continue
            value = r[tabel]
            baru = {
                "indikator_id": iid,
                "tahun": r["tahun"],
                "periode": r["periode"],
                "nilai": value,
                "nilai_teks": teks_mesin(value),
                "utama": True,
                "sumber_tabel": f"Lembar {tabel} baris {n}",
            }
            if tabel == "target":
                baru["jenis"] = r["jenis"]
            else:
                baru["catatan"] = r.get("catatan")
            lama = ada.baris(tabel, baru)
            status = (
                "baru" if lama is None else ("tetap" if teks_mesin(lama["nilai"]) == teks_mesin(value) else "berubah")
            )
            ops.append(Operasi(tabel, " ".join(map(str, key)), baru, lama, status))

    answers: dict[tuple, list[tuple[int, dict]]] = {}
    for n, r in p.baris(LEMBAR["skm_jawaban"], sheets.get("skm_jawaban", [])):
        key = (r["kecamatan"], r["tahun"], r["periode"], r["jenis_layanan"] or "Semua layanan")
        answers.setdefault(key, []).append((n, r))
    for key, rows in answers.items():
        baru = {
            "kecamatan": key[0],
            "tahun": key[1],
            "periode": key[2],
            "jenis_layanan": key[3],
            "responden": len(rows),
            "jawaban": [r for _, r in rows],
        }
        old = ada.baris("skm_jawaban", baru)
        lama = None if old is None else {"responden": int(old["responden"]), "sha256": old["sha256"]}
        status = "baru" if lama is None else ("tetap" if lama["sha256"] == sha else "berubah")
        ops.append(Operasi("skm_jawaban", " ".join(map(str, key)), baru, lama, status))

    for n, r in p.baris(LEMBAR["skm_unsur"], sheets.get("skm_unsur", [])):
        teks = r["unsur"]
        kode = teks.upper() if teks.upper() in {u.kode for u in UNSUR} else None
        if kode is None:
            try:
                kode = unsur_dari_nama(teks).kode
            except DataError as exc:
                p.salah("skm_unsur", n, "Unsur", exc.pesan)
                continue
        if not 1 <= r["nrr"] <= 4:
            p.salah("skm_unsur", n, "NRR (1–4)", f"NRR {angka_pesan(r['nrr'])} di luar skala 1–4")
            continue
        layanan = r["jenis_layanan"] or "Semua layanan"
        key = (r["kecamatan"], r["tahun"], r["periode"], layanan, kode)
        if not unik("skm_unsur", n, ("skm_unsur", *key)):
            continue
        baru = {
            "kecamatan": key[0],
            "tahun": key[1],
            "periode": key[2],
            "jenis_layanan": layanan,
            "unsur_kode": kode,
            "unsur_nama_laporan": teks,
            "nrr": r["nrr"],
            "nrr_teks": teks_mesin(r["nrr"]),
            "sumber_tabel": f"Lembar skm_unsur baris {n}",
        }
        lama = ada.baris("skm_unsur", baru)
        status = "baru" if lama is None else ("tetap" if teks_mesin(lama["nrr"]) == teks_mesin(r["nrr"]) else "berubah")
        ops.append(Operasi("skm_unsur", " ".join(map(str, key)), baru, lama, status))

    _periksa_anggaran(p, sheets, rencana, unik, ada)
    _periksa_kas(p, sheets, rencana, unik, ada)
    _periksa_sakip(p, sheets, rencana, unik, ada)

    if p.masalah:
        raise ValidasiGagal(p.masalah)
    if not ops:
        raise DataError("Berkas tidak berisi baris data pada lembar yang dikenali.", lokasi=nama)
    return rencana


def _id_anggaran(kecamatan: str, tahun: int, kode: str | None, nama: str) -> str:
    return f"impor:{kecamatan}:{tahun}:{kode or nama}"


def _periksa_anggaran(p: _Pemeriksa, sheets: Sheets, rencana: Rencana, unik, ada: Tersimpan) -> None:  # type: ignore[no-untyped-def]
    """Budget lines: amounts not negative, realisasi above pagu is a warning, a year a report already covers is
    refused (its numbers stay the report's; two sources for one budget would be summed twice)."""
    rows = list(p.baris(LEMBAR["anggaran"], sheets.get("anggaran", [])))
    if not rows:
        return
    laporan = p.repo.fetch("_anggaran_laporan")
    dari_laporan = {(k, t): d for k, t, d in laporan.itertuples(index=False)}
    ids = {}
    for _, r in rows:
        ids[(r["kecamatan"], r["tahun"], r["kode"])] = _id_anggaran(r["kecamatan"], r["tahun"], r["kode"], r["nama"])
        ids[(r["kecamatan"], r["tahun"], r["nama"])] = ids[(r["kecamatan"], r["tahun"], r["kode"])]
    for n, r in rows:
        kt = (r["kecamatan"], r["tahun"])
        if kt in dari_laporan:
            p.salah(
                "anggaran",
                n,
                "Tahun",
                f"anggaran {r['kecamatan']} {r['tahun']} sudah ada dari dokumen {dari_laporan[kt]}; "
                "impor anggaran hanya untuk tahun yang belum ada",
            )
            continue
        aid = _id_anggaran(r["kecamatan"], r["tahun"], r["kode"], r["nama"])
        if not unik("anggaran", n, ("anggaran", aid)):
            continue
        induk = None
        if r["induk"]:
            induk = ids.get((r["kecamatan"], r["tahun"], r["induk"]))
            if induk is None:
                p.salah(
                    "anggaran",
                    n,
                    "Induk (kode atau nama pos di atasnya, boleh kosong)",
                    f"induk '{r['induk']}' tidak ada di lembar ini untuk tahun yang sama",
                )
                continue
        pagu = r["pagu_perubahan"] if r["pagu_perubahan"] is not None else r["pagu_murni"]
        if r["realisasi"] is not None and r["realisasi"] > pagu:
            rencana.peringatan.append(
                Masalah(
                    "anggaran",
                    n,
                    "Realisasi",
                    f"realisasi melebihi pagu yang berlaku ({format_rupiah(r['realisasi'])} > {format_rupiah(pagu)})",
                )
            )
        baru = {
            "anggaran_id": aid,
            "kecamatan": r["kecamatan"],
            "tahun": r["tahun"],
            "level": r["level"],
            "kode": r["kode"],
            "nama": r["nama"],
            "induk_id": induk,
            "pagu_murni": r["pagu_murni"],
            "pagu_perubahan": r["pagu_perubahan"],
            "realisasi": r["realisasi"],
            "utama": True,  # the import is the one table for this year (v_anggaran shows utama rows)
            "sumber_tabel": f"Lembar anggaran baris {n}",
        }
        lama = ada.baris("anggaran", baru)
        sama = lama is not None and all(teks_mesin(lama[k]) == teks_mesin(baru[k]) for k in DIPERLIHATKAN["anggaran"])
        status = "baru" if lama is None else ("tetap" if sama else "berubah")
        rencana.operasi.append(
            Operasi("anggaran", f"{r['kecamatan']} {r['tahun']} {r['kode'] or r['nama']}", baru, lama, status)
        )


def _periksa_kas(p: _Pemeriksa, sheets: Sheets, rencana: Rencana, unik, ada: Tersimpan) -> None:  # type: ignore[no-untyped-def]
    """Cash plan per quarter: the line must be a budget line of this file or an imported one of the same year (a
    year a report covers is refused, as for anggaran); a plan whose quarters add up above the line's pagu is a
    warning."""
    rows = list(p.baris(LEMBAR["anggaran_kas"], sheets.get("anggaran_kas", [])))
    if not rows:
        return
    laporan = p.repo.fetch("_anggaran_laporan")
    dari_laporan = {(k, t): d for k, t, d in laporan.itertuples(index=False)}
    pos: dict[tuple[object, object, object], dict] = {}  # (kecamatan, tahun, kode or nama) -> the budget line
    for a in p.repo.fetch("_impor_anggaran").to_dict("records"):
        for k in (a["kode"], a["nama"]):
            if k:
                pos[(a["kecamatan"], a["tahun"], str(k))] = a
    for o in rencana.operasi:  # lines of this file's anggaran sheet win over the database's
        if o.tabel == "anggaran":
            for k in (o.baru["kode"], o.baru["nama"]):
                if k:
                    pos[(o.baru["kecamatan"], o.baru["tahun"], str(k))] = o.baru
    label = {k.nama: k.label for k in LEMBAR["anggaran_kas"].kolom}
    per_pos: dict[str, list[tuple[int, int, float]]] = {}  # anggaran_id -> (row, triwulan, rencana)
    lines: dict[str, dict] = {}
    for n, r in rows:
        kt = (r["kecamatan"], r["tahun"])
        if kt in dari_laporan:
            p.salah(
                "anggaran_kas",
                n,
                label["tahun"],
                f"anggaran {r['kecamatan']} {r['tahun']} sudah ada dari dokumen {dari_laporan[kt]}; "
                "impor rencana kas hanya untuk tahun yang anggarannya diimpor",
            )
            continue
        a = pos.get((r["kecamatan"], r["tahun"], r["pos"]))
        if a is None:
            pilihan = [k[2] for k in pos if k[:2] == kt]
            p.salah(
                "anggaran_kas",
                n,
                label["pos"],
                f"pos '{r['pos']}' tidak ada di lembar anggaran berkas ini atau anggaran impor {r['kecamatan']} "
                f"{r['tahun']}.{p.saran(r['pos'], pilihan)}",
            )
            continue
        if not unik("anggaran_kas", n, ("anggaran_kas", a["anggaran_id"], r["triwulan"])):
            continue
        per_pos.setdefault(a["anggaran_id"], []).append((n, r["triwulan"], r["rencana"]))
        lines[a["anggaran_id"]] = a
        baru = {
            "kecamatan": r["kecamatan"],
            "tahun": r["tahun"],
            "anggaran_id": a["anggaran_id"],
            "nama": a["nama"],
            "triwulan": r["triwulan"],
            "rencana": r["rencana"],
            "realisasi": r["realisasi"],
            "sumber_tabel": "Lembar anggaran_kas",
        }
        lama = ada.baris("anggaran_kas", baru)
        sama = lama is not None and all(
            teks_mesin(lama[k]) == teks_mesin(baru[k]) for k in DIPERLIHATKAN["anggaran_kas"]
        )
        status = "baru" if lama is None else ("tetap" if sama else "berubah")
        rencana.operasi.append(
            Operasi("anggaran_kas", f"{r['kecamatan']} {r['tahun']} {r['pos']} TW{r['triwulan']}", baru, lama, status)
        )
    for aid, entered in per_pos.items():
        a = lines[aid]
        pagu = a["pagu_perubahan"] if not _kosong(a["pagu_perubahan"]) else a["pagu_murni"]
        quarters = {tw: v for _, tw, v in entered}
        for old in ada.semua("anggaran_kas"):  # quarters imported before and not in this file still count
            if old["anggaran_id"] == aid and old["triwulan"] not in quarters and not _kosong(old["rencana"]):
                quarters[old["triwulan"]] = old["rencana"]
        jumlah = sum(quarters.values())
        if not _kosong(pagu) and jumlah > pagu + 0.5:
            rencana.peringatan.append(
                Masalah(
                    "anggaran_kas",
                    entered[-1][0],
                    label["rencana"],
                    f"rencana kas {a['nama']} TW1–TW4 berjumlah {format_rupiah(jumlah)}, melebihi pagu {format_rupiah(pagu)}",
                )
            )


def _kosong(v: object) -> bool:
    return v is None or (isinstance(v, float) and v != v)


def _periksa_sakip(p: _Pemeriksa, sheets: Sheets, rencana: Rencana, unik, ada: Tersimpan) -> None:  # type: ignore[no-untyped-def]
    """SAKIP scores: 0–100, a component not above its weight; a year a report already gives is refused."""
    rows = list(p.baris(LEMBAR["evaluasi_sakip"], sheets.get("evaluasi_sakip", [])))
    if not rows:
        return
    dari_laporan = {(k, t): d for k, t, d in p.repo.fetch("_evaluasi_sakip_laporan").itertuples(index=False)}
    label = {k.nama: k.label for k in LEMBAR["evaluasi_sakip"].kolom}
    for n, r in rows:
        key = (r["kecamatan"], r["tahun_dinilai"], r["komponen"])
        if not TAHUN_MIN <= r["tahun_dinilai"] <= TAHUN_MAX:
            p.salah("evaluasi_sakip", n, label["tahun_dinilai"], f"tahun {r['tahun_dinilai']} di luar rentang")
            continue
        if key[:2] in dari_laporan:
            p.salah(
                "evaluasi_sakip",
                n,
                label["tahun_dinilai"],
                f"evaluasi SAKIP {key[0]} {key[1]} sudah ada dari dokumen {dari_laporan[key[:2]]}; "
                "impor hanya untuk tahun yang belum ada",
            )
            continue
        if not 0 <= r["nilai"] <= 100:
            p.salah("evaluasi_sakip", n, label["nilai"], f"nilai {angka_pesan(r['nilai'])} di luar 0–100")
            continue
        if r["bobot"] is not None and r["komponen"] != "Total" and r["nilai"] > r["bobot"]:
            p.salah(
                "evaluasi_sakip",
                n,
                label["nilai"],
                f"nilai {angka_pesan(r['nilai'])} melebihi bobot {angka_pesan(r['bobot'])}",
            )
            continue
        if not unik("evaluasi_sakip", n, ("evaluasi_sakip", *key)):
            continue
        baru = {
            "kecamatan": key[0],
            "tahun_dinilai": key[1],
            "komponen": key[2],
            "bobot": r["bobot"],
            "nilai": r["nilai"],
            "nilai_teks": teks_mesin(r["nilai"]),
            "predikat_teks": r["predikat"],
            "utama": True,
            "sumber_tabel": f"Lembar evaluasi_sakip baris {n}",
        }
        lama = ada.baris("evaluasi_sakip", baru)
        sama = lama is not None and all(
            teks_mesin(lama[k]) == teks_mesin(baru[k]) for k in DIPERLIHATKAN["evaluasi_sakip"]
        )
        status = "baru" if lama is None else ("tetap" if sama else "berubah")
        rencana.operasi.append(Operasi("evaluasi_sakip", " ".join(map(str, key)), baru, lama, status))
