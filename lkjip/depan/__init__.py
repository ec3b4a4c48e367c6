"""The production front (issue 17): nginx in front of N Streamlit replicas, started and stopped from a run folder.

``mulai(Depan(...))`` writes everything into the run folder (``.run/`` at the repository root by default): a copy of
Streamlit's static folder with a ``.gz`` beside every text file (nginx's gzip_static; the installed package is never
modified), its ``index.html`` with a ``<link rel="modulepreload">`` for the Plotly chart bundle, ``nginx.conf`` from
the template beside this file, one shared ``cookie_secret``, and the replicas' and nginx's logs and pid files.
A watchdog process (``jaga``) starts again a replica or nginx that died. ``hentikan(run)`` stops what the pid files
name (the watchdog first) and removes them: nothing is left behind.

Nothing here imports streamlit at import time (the warm-up does, when it runs): the installed package's folder is found through its distribution's files.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import ipaddress
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import tomllib
import urllib.request
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from lkjip.config import REPO_ROOT
from lkjip.errors import LkjipError

TEMPLAT = Path(__file__).with_name("nginx.conf")
RUN_BAWAAN = REPO_ROOT / ".run"
# text files worth compressing (fonts are woff2, images png: compressed already)
_DIKOMPRES = {".js", ".css", ".html", ".json", ".svg", ".txt", ".map", ".ttf", ".mjs"}
# the header a trusted outer proxy's user arrives in is handed to Streamlit under this name, and only this one
HEADER_INTERNAL = "X-Lkjip-Pengguna"


class DepanError(LkjipError):
    judul = "Server produksi"


def nginx_bin() -> str | None:
    """nginx's program ($LKJIP_NGINX, else on PATH, else Debian's /usr/sbin/nginx, off a plain user's PATH)."""
    for nama in (os.environ.get("LKJIP_NGINX"), shutil.which("nginx"), "/usr/sbin/nginx"):
        if nama and os.access(nama, os.X_OK):
            return nama
    return None


def replika_bawaan() -> int:
    """One replica per core, 1 to 4 (each holds its own pandas, Plotly and DuckDB caches)."""
    return max(1, min(os.cpu_count() or 1, 4))


@dataclass(frozen=True)
class Depan:
    """What to start. ``header_pengguna``: the header an outer proxy names the signed-in user in (its email);
    trusted only from ``proxy_tepercaya`` addresses, stripped from everyone else."""

    run: Path = RUN_BAWAAN
    port: int = 8080
    alamat: str = "0.0.0.0"
    replika: int = field(default_factory=replika_bawaan)
    skrip: Path = REPO_ROOT / "app.py"
    db: Path | None = None
    header_pengguna: str | None = None
    proxy_tepercaya: tuple[str, ...] = ("127.0.0.1", "::1")
    opsi_streamlit: tuple[str, ...] = ()
    # a watchdog process that starts again what has died (pulihkan every JEDA_PENJAGA seconds)
    penjaga: bool = True
    # PostgreSQL as the system of record (issue 18): "lokal" starts a server of our own in the run folder (Debian's
    # package, loopback, a generated password) and copies the database file into it when it is empty; a
    # postgresql:// URL uses that server. Each replica keeps its own read model (model-N.duckdb in the run folder).
    pg: str | None = None


JEDA_PENJAGA = 2.0  # seconds between the watchdog's checks
# a replica that died again this soon after it was started waits a round: a replica that cannot start (a broken
# database, a port taken) is not restarted in a tight loop; its log says why
JEDA_ULANG = 10.0


def streamlit_static() -> Path:
    """The installed Streamlit's static folder (its index.html and static/js bundles)."""
    dist = metadata.distribution("streamlit")
    path = Path(str(dist.locate_file("streamlit/static")))
    if not (path / "index.html").is_file():
        raise DepanError(f"Folder statis Streamlit tidak ditemukan di {path}.")
    return path


def bundel_grafik(static: Path) -> str:
    """The Plotly chart bundle's name, found in the installed package (its hash changes with each release)."""
    return _bundel(static, "PlotlyChart")


# The element bundles the app's pages draw on their first view, fetched by Streamlit only when an element arrives
# over the websocket: the chart, the sidebar's selectboxes, the tables, the page's own HTML (app.py's style)
BUNDEL_AWAL = ("PlotlyChart", "Selectbox", "DataFrame", "Html")


def _bundel(static: Path, nama: str) -> str:
    found = sorted((static / "static" / "js").glob(f"{nama}.*.js"))
    if len(found) != 1:
        raise DepanError(f"Bundel {nama}.*.js tidak ditemukan tepat satu di {static}: {found}.")
    return found[0].name


def _impor_statis(js: Path, nama: str, sudah: set[str]) -> list[str]:
    """``nama`` and the chunks it imports statically, recursively, leaving out ``sudah`` (which it extends): what the
    browser would otherwise discover one round trip after another (a modulepreload fetches one file, not its
    imports). Dynamic ``import()`` calls are not followed: they load only when the element needs them."""
    urutan: list[str] = []
    antre = [nama]
    while antre:
        f = antre.pop()
        if f in sudah:
            continue
        sudah.add(f)
        urutan.append(f)
        teks = (js / f).read_text(encoding="utf-8", errors="replace")
        antre += re.findall(r'(?:from|import)\s*"\./([\w.$-]+\.js)"', teks)
    return urutan


def _pramuat(static: Path, html: str) -> list[str]:
    """The chunks to preload beside index.html's own: the first-view element bundles and their static imports."""
    sudah = set(re.findall(r'href="\./static/js/([^"]+\.js)"', html)) | set(
        re.findall(r'src="\./static/js/([^"]+\.js)"', html)
    )
    js = static / "static" / "js"
    daftar: list[str] = []
    for nama in BUNDEL_AWAL:
        daftar += _impor_statis(js, _bundel(static, nama), sudah)
    return daftar


def batas_unggah_mb(config: Path = REPO_ROOT / ".streamlit" / "config.toml") -> int:
    """server.maxUploadSize (MB; Streamlit's default 200) plus 1 MB for the multipart envelope."""
    size = 200
    if config.is_file():
        size = int(tomllib.loads(config.read_text(encoding="utf-8")).get("server", {}).get("maxUploadSize", size))
    return size + 1


def _salin_statis(asal: Path, tujuan: Path) -> None:
    """A copy of the static folder with a gzip -9 ``.gz`` beside each text file, reused when the installed version
    has not changed (the stamp names it)."""
    stempel = tujuan / ".asal"
    versi = f"{metadata.version('streamlit')} {asal}"
    if stempel.is_file() and stempel.read_text(encoding="utf-8") == versi:
        return
    if tujuan.exists():
        shutil.rmtree(tujuan)
    shutil.copytree(asal, tujuan)
    for path in tujuan.rglob("*"):
        if path.is_file() and path.suffix in _DIKOMPRES and path.stat().st_size >= 1024:
            data = path.read_bytes()
            path.with_name(path.name + ".gz").write_bytes(gzip.compress(data, compresslevel=9, mtime=0))
    stempel.write_text(versi, encoding="utf-8")


def _tulis_index(static: Path) -> str:
    """index.html with the first view's element bundles preloaded (the chart bundle first); the CSP hashes of its
    inline scripts."""
    index = static / "index.html"
    html = (streamlit_static() / "index.html").read_text(encoding="utf-8")
    links = "".join(
        f'    <link rel="modulepreload" crossorigin href="./static/js/{f}">\n' for f in _pramuat(static, html)
    )
    html = html.replace("</head>", f"{links}  </head>", 1)
    index.write_text(html, encoding="utf-8")
    index.with_name("index.html.gz").write_bytes(gzip.compress(html.encode("utf-8"), compresslevel=9, mtime=0))
    hashes = []
    for body in re.findall(r"<script>(.*?)</script>", html, flags=re.S):
        digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode()
        hashes.append(f"'sha256-{digest}'")
    return " ".join(hashes)


def csp(hash_skrip: str) -> str:
    """Only the app itself: scripts from here (and index.html's one inline line, by hash; WebAssembly compiled from
    them, as Streamlit's bundles do: 'wasm-unsafe-eval' allows no JavaScript eval), Emotion's inline styles,
    images and fonts from here or data:/blob: (Streamlit's own icons and media), the websocket to here."""
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src 'self' 'wasm-unsafe-eval' {hash_skrip}".strip(),
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: blob:",
            "font-src 'self' data:",
            "connect-src 'self'",
            "media-src 'self' blob:",
            "worker-src 'self' blob:",
            "frame-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'self'",
        ]
    )


def _isi(template: str, nilai: dict[str, str]) -> str:
    def ganti(m: re.Match[str]) -> str:
        return nilai[m.group(1)]

    return re.sub(r"\{\{ (\w+) \}\}", ganti, template)


def _nginx_conf(d: Depan, ports: list[int], hash_skrip: str) -> str:
    static = d.run / "static"
    servers = "\n".join(f"        server 127.0.0.1:{p} max_fails=1 fail_timeout=10s;" for p in ports)
    if d.header_pengguna and not re.fullmatch(r"[A-Za-z0-9-]+", d.header_pengguna):
        raise DepanError(f"Nama header pengguna '{d.header_pengguna}' tidak sah (huruf, angka dan '-' saja).")
    for a in d.proxy_tepercaya:
        try:
            ipaddress.ip_network(a, strict=False)
        except ValueError:
            raise DepanError(f"Alamat proxy tepercaya '{a}' tidak sah (tulis alamat IP atau CIDR).") from None
    if d.header_pengguna:
        var = "$http_" + d.header_pengguna.lower().replace("-", "_")
        alamat = "\n".join(f"        {a} 1;" for a in d.proxy_tepercaya)
        peta = (
            f"    geo $lkjip_proxy_tepercaya {{\n        default 0;\n{alamat}\n    }}\n"
            f'    map $lkjip_proxy_tepercaya $lkjip_pengguna {{\n        1 {var};\n        default "";\n    }}\n'
        )
        header = f"            proxy_set_header {HEADER_INTERNAL} $lkjip_pengguna;"
    else:
        peta = ""
        header = f'            proxy_set_header {HEADER_INTERNAL} "";'
    if d.header_pengguna and d.header_pengguna.lower() != HEADER_INTERNAL.lower():
        header += f'\n            proxy_set_header {d.header_pengguna} "";'
    user = f"user {_pengguna_worker()};" if os.geteuid() == 0 else ""
    return _isi(
        TEMPLAT.read_text(encoding="utf-8"),
        {
            "user": user,
            "run": str(d.run),
            "upload_mb": str(batas_unggah_mb()),
            "servers": servers,
            "pengguna_map": peta,
            "pengguna_header": header,
            "listen": f"{d.alamat}:{d.port}" if ":" not in d.alamat else f"[{d.alamat}]:{d.port}",
            "csp": csp(hash_skrip),
            "static": str(static),
        },
    )


def _pengguna_worker() -> str:
    """Started as root, nginx's workers run as Debian's www-data (nobody elsewhere): the run folder must be readable
    by them, which a folder made with the usual umask is."""
    import grp
    import pwd

    for nama in ("www-data", "nobody"):
        try:
            pwd.getpwnam(nama)
        except KeyError:
            continue
        grup = grp.getgrgid(pwd.getpwnam(nama).pw_gid).gr_name
        return f"{nama} {grup}"
    return "nobody"


def _port_bebas() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _pid(path: Path) -> int | None:
    """The process a pid file names, when it still runs (a zombie, dead but not yet reaped by its parent, does not)."""
    try:
        pid = int(path.read_text(encoding="utf-8").strip())
        os.kill(pid, 0)
        if Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z":
            return None
    except (OSError, ValueError, IndexError):
        return None
    return pid


def berjalan(run: Path = RUN_BAWAAN) -> list[int]:
    """The pids of a front already running from ``run``."""
    return [pid for f in sorted(run.glob("*.pid")) if (pid := _pid(f)) is not None]


def _cookie_secret(run: Path) -> str:
    """One secret for every replica (a sign-in cookie made by one is read by the others), kept across restarts."""
    path = run / "cookie_secret"
    if not path.is_file():
        path.write_text(secrets.token_urlsafe(48), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


def _sehat(port: int) -> bool:
    try:
        return urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2).read() == b"ok"
    except OSError:
        return False


def _env(d: Depan, i: int) -> dict[str, str]:
    env = {**os.environ, "STREAMLIT_SERVER_COOKIE_SECRET": _cookie_secret(d.run)}
    if d.db is not None:
        env["LKJIP_DB"] = str(d.db)
    if d.pg:
        env["LKJIP_DB"] = _url_pg(d.run)
        env["LKJIP_MODEL"] = str(d.run / f"model-{i}.duckdb")  # kept: a restarted replica catches up from it
    return env


def _url_pg(run: Path) -> str:
    return (run / "pg_url").read_text(encoding="utf-8").strip()


def _siapkan_pg(d: Depan) -> str:
    """The PostgreSQL URL the replicas use (kept in the run folder, readable by its owner only); a local server
    started and filled from the database file when it is new."""
    from lkjip.config import get_settings
    from lkjip.pg.salin import ke_postgres
    from lkjip.pg.server import mulai_server

    if d.pg == "lokal":
        url = mulai_server(d.run / "pg").url
    elif d.pg and d.pg.startswith(("postgresql://", "postgres://")):
        url = d.pg
    else:
        raise DepanError(f"--pg harus 'lokal' atau URL postgresql://, bukan '{d.pg}'.")
    import psycopg

    try:
        with psycopg.connect(url, connect_timeout=5) as con:
            kosong = con.execute("SELECT to_regclass('realisasi') IS NULL").fetchone()[0]
    except psycopg.OperationalError as exc:
        raise DepanError(f"PostgreSQL tidak dapat dihubungi: {str(exc).splitlines()[0]}") from exc
    if kosong:
        ke_postgres(d.db or get_settings().db_path, url)
    berkas = d.run / "pg_url"
    berkas.write_text(url, encoding="utf-8")
    berkas.chmod(0o600)
    return url


def _nyalakan_replika(d: Depan, i: int, port: int) -> None:
    """Replica ``i`` on ``port`` (loopback only), detached: it outlives the command that started it."""
    opsi = list(d.opsi_streamlit)
    if d.header_pengguna:
        opsi += ["--server.trustedUserHeaders", json.dumps({HEADER_INTERNAL: "email"})]
    with (d.run / f"replika-{i}.log").open("ab") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(d.skrip), "--server.headless", "true"]
            + ["--server.address", "127.0.0.1", "--server.port", str(port)]
            # no file watcher: the code does not change under a running server, and Streamlit sets up a watch of
            # every project module for each new session (at 7.300 kecamatan a warm Ringkasan took 450-520 ms to
            # run with it, 80-100 ms without; measured over Streamlit's websocket protocol)
            + ["--server.fileWatcherType", "none", "--server.runOnSave", "false"]
            + ["--browser.gatherUsageStats", "false", *opsi],
            cwd=REPO_ROOT,
            env=_env(d, i),
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    (d.run / f"replika-{i}.pid").write_text(str(proc.pid), encoding="utf-8")
    (d.run / f"replika-{i}.port").write_text(str(port), encoding="utf-8")


def _nyalakan_nginx(run: Path) -> None:
    nginx = nginx_bin()
    if nginx is None:
        raise DepanError("nginx tidak terpasang (make serve memasangnya bila root dengan apt-get).")
    conf, log = str(run / "nginx.conf"), str(run / "nginx-error.log")
    _hentikan_pekerja_yatim(run)
    out = subprocess.run([nginx, "-p", str(run), "-e", log, "-c", conf], capture_output=True, text=True)
    if out.returncode != 0:
        raise DepanError(f"nginx tidak mau menyala: {out.stderr.strip()}")
    # its workers, recorded: a master killed outright (SIGKILL, the OOM killer) leaves them serving and holding the
    # port, and a new nginx could not listen until they are stopped
    master, pekerja = _pid(run / "nginx.pid"), []
    for _ in range(50):
        if master is None:
            master = _pid(run / "nginx.pid")
        elif pekerja := _anak(master):
            break
        time.sleep(0.05)
    (run / "nginx-pekerja").write_text(" ".join(map(str, pekerja)), encoding="utf-8")


def _hentikan_pekerja_yatim(run: Path) -> None:
    """Stop the workers of a dead nginx master (recorded in nginx-pekerja, still named 'nginx: worker process')."""
    if _pid(run / "nginx.pid") is not None or not (run / "nginx-pekerja").is_file():
        return
    yatim = []
    for teks in (run / "nginx-pekerja").read_text(encoding="utf-8").split():
        try:
            if Path(f"/proc/{teks}/cmdline").read_bytes().startswith(b"nginx: worker"):
                os.kill(int(teks), signal.SIGTERM)
                yatim.append(int(teks))
        except (OSError, ValueError):
            continue
    for pid in _tunggu_mati(yatim, 5):
        os.kill(pid, signal.SIGKILL)
    (run / "nginx-pekerja").unlink(missing_ok=True)


def hangatkan(port: int, timeout: float = 90.0) -> str | None:
    """One visit of the app's opening page straight to a replica, over Streamlit's own websocket protocol (its
    protobuf classes and the websockets client ship with Streamlit), so the first visitor after a start does not
    pay for the imports, the database's opening and the national lists (at 7.300 kecamatan a replica's first run
    took 1,3 s, the next ones 0,1 s). None when done, else what went wrong (the replica still serves; it is only
    cold). With sign-in configured the visit ends at the sign-in screen and warms less."""
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
    from websockets.sync.client import connect

    deadline = time.monotonic() + timeout
    try:
        with connect(
            f"ws://127.0.0.1:{port}/_stcore/stream", subprotocols=["streamlit"], max_size=None, open_timeout=timeout
        ) as ws:
            m = BackMsg()
            m.rerun_script.query_string = ""
            m.rerun_script.page_name = ""
            ws.send(m.SerializeToString())
            while True:
                f = ForwardMsg()
                f.ParseFromString(ws.recv(timeout=max(0.1, deadline - time.monotonic())))
                if (
                    f.WhichOneof("type") == "script_finished"
                    and f.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN
                ):
                    return None
    except Exception as exc:  # noqa: BLE001 - a warm-up that fails leaves a cold replica, not a broken one
        return f"{type(exc).__name__}: {exc}"


def _hangatkan_semua(run: Path, ports: list[int], timeout: float = 90.0) -> None:
    """Warm the replicas one after another (on a small machine in parallel they would compete for the cores)."""
    for port in ports:
        masalah = hangatkan(port, timeout)
        if masalah:
            with (run / "penjaga.log").open("a", encoding="utf-8") as log:
                log.write(f"{time.strftime('%Y-%m-%d %H:%M:%S')} pemanasan port {port} gagal: {masalah}\n")


def _tunggu_sehat(run: Path, ports: list[int], timeout: float) -> None:
    deadline = time.time() + timeout
    while not all(_sehat(p) for p in ports):
        if time.time() > deadline:
            raise DepanError(f"Replika tidak menyala dalam {timeout:.0f} detik; lihat {run}/replika-*.log.")
        time.sleep(0.3)


def _url(d: Depan) -> str:
    host = "127.0.0.1" if d.alamat in ("0.0.0.0", "::") else d.alamat
    return f"http://{host}:{d.port}"


def mulai(d: Depan, *, timeout: float = 120.0) -> str:
    """Start the front; its URL once nginx answers and every replica passes its health check. What was started is
    recorded in ``depan.json`` for ``pulihkan``."""
    if nginx_bin() is None:
        raise DepanError("nginx tidak terpasang (make serve memasangnya bila root dengan apt-get).")
    d = Depan(**{**d.__dict__, "run": d.run.resolve()})
    d.run.mkdir(parents=True, exist_ok=True)
    if berjalan(d.run):
        raise DepanError(f"Server produksi sudah berjalan dari {d.run} (hentikan dengan make serve-stop).")
    (d.run / "nginx-tmp").mkdir(exist_ok=True)
    _salin_statis(streamlit_static(), d.run / "static")
    hash_skrip = _tulis_index(d.run / "static")
    ports = [_port_bebas() for _ in range(d.replika)]
    catatan = {k: (str(v) if isinstance(v, Path) else v) for k, v in d.__dict__.items()}
    (d.run / "depan.json").write_text(json.dumps(catatan, indent=1), encoding="utf-8")
    try:
        if d.pg:
            _siapkan_pg(d)
        for i, port in enumerate(ports, start=1):
            _nyalakan_replika(d, i, port)
        (d.run / "nginx.conf").write_text(_nginx_conf(d, ports, hash_skrip), encoding="utf-8")
        _nyalakan_nginx(d.run)
        _tunggu_sehat(d.run, ports, timeout)
        _hangatkan_semua(d.run, ports, 900.0 if d.pg else 90.0)  # on PostgreSQL the first visit builds the model
        if d.penjaga:
            _nyalakan_penjaga(d.run)
    except BaseException:
        hentikan(d.run)
        raise
    return _url(d)


def _nyalakan_penjaga(run: Path) -> None:
    """The watchdog (``python -m lkjip.depan jaga``), detached like the replicas; its log is penjaga.log."""
    with (run / "penjaga.log").open("ab") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "lkjip.depan", "jaga", "--run", str(run)],
            cwd=REPO_ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    (run / "penjaga.pid").write_text(str(proc.pid), encoding="utf-8")


def jaga(run: Path, *, jeda: float = JEDA_PENJAGA) -> None:
    """The watchdog's loop: every ``jeda`` seconds, start again a replica or nginx that has died (without waiting for
    its health: the next round sees it), until SIGTERM (``hentikan``) or the run folder's record is gone. A round in
    progress finishes first, so a replica it started is in its pid file before ``hentikan`` stops the replicas."""
    berhenti = False

    def stop(*_: object) -> None:
        nonlocal berhenti
        berhenti = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    run = run.resolve()
    dingin: set[int] = set()  # restarted replicas' ports, warmed once they answer
    while not berhenti and (run / "depan.json").is_file():
        try:
            dinyalakan = pulihkan(run, tunggu=False, penjaga=False)
        except (DepanError, OSError, ValueError) as exc:
            print(f"{time.strftime('%Y-%m-%d %H:%M:%S')} gagal menyalakan ulang: {exc}", flush=True)
        else:
            if dinyalakan:
                print(f"{time.strftime('%Y-%m-%d %H:%M:%S')} dinyalakan ulang: {', '.join(dinyalakan)}", flush=True)
                for nama in dinyalakan:
                    if nama.startswith("replika "):
                        dingin.add(int((run / f"replika-{nama.split()[1]}.port").read_text(encoding="utf-8")))
        for port in sorted(p for p in dingin if _sehat(p)):
            dingin.discard(port)
            masalah = hangatkan(port)
            print(
                f"{time.strftime('%Y-%m-%d %H:%M:%S')} port {port} dipanaskan{': ' + masalah if masalah else ''}",
                flush=True,
            )
        deadline = time.monotonic() + jeda
        while not berhenti and time.monotonic() < deadline:
            time.sleep(0.1)


def pulihkan(run: Path = RUN_BAWAAN, *, timeout: float = 120.0, tunggu: bool = True, penjaga: bool = True) -> list[str]:
    """Start again what of a running front has died (a replica on its own port, nginx from its nginx.conf, and with
    ``penjaga`` the watchdog); the names of what was started. The sessions of a dead replica are gone; the browser
    starts a new one on reload. ``tunggu``: wait until the restarted replicas pass their health check. A replica
    that died within JEDA_ULANG seconds of its start is left for a later call."""
    run = run.resolve()
    data = json.loads((run / "depan.json").read_text(encoding="utf-8"))
    data.update(
        run=run,
        skrip=Path(data["skrip"]),
        db=Path(data["db"]) if data["db"] else None,
        proxy_tepercaya=tuple(data["proxy_tepercaya"]),
        opsi_streamlit=tuple(data["opsi_streamlit"]),
    )
    d = Depan(**data)
    dinyalakan, ports = [], []
    for f in sorted(run.glob("replika-*.port")):
        i, port = int(f.stem.split("-")[1]), int(f.read_text(encoding="utf-8"))
        pid_file = run / f"replika-{i}.pid"
        if _pid(pid_file) is None:
            if pid_file.is_file() and time.time() - pid_file.stat().st_mtime < JEDA_ULANG:
                continue
            _nyalakan_replika(d, i, port)
            dinyalakan.append(f"replika {i}")
            ports.append(port)
    if d.pg == "lokal":
        from lkjip.pg.server import mulai_server, pg_berjalan

        if not pg_berjalan(run / "pg"):
            mulai_server(run / "pg")
            dinyalakan.append("postgresql")
    if _pid(run / "nginx.pid") is None:
        _nyalakan_nginx(run)
        dinyalakan.append("nginx")
    if penjaga and d.penjaga and _pid(run / "penjaga.pid") is None:
        _nyalakan_penjaga(run)
        dinyalakan.append("penjaga")
    if tunggu:
        _tunggu_sehat(run, ports, timeout)
        _hangatkan_semua(run, ports)
    return dinyalakan


def _tunggu_mati(pids: list[int], timeout: float) -> list[int]:
    deadline = time.time() + timeout
    while pids and time.time() < deadline:
        for pid in list(pids):
            try:
                done, _ = os.waitpid(pid, os.WNOHANG)
                if done:
                    pids.remove(pid)
                    continue
            except ChildProcessError:
                pass
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                pids.remove(pid)
        time.sleep(0.1)
    return pids


def hentikan(run: Path = RUN_BAWAAN, timeout: float = 15.0) -> int:
    """Stop the front started from ``run`` (nginx first, then the replicas, each by its pid file); how many processes
    were stopped. A process that does not stop on SIGTERM (SIGQUIT for nginx: finish the requests) gets SIGKILL."""
    run = run.resolve()
    berhenti = 0
    penjaga_pid = _pid(run / "penjaga.pid")
    if penjaga_pid is not None:  # first: it would start again what is stopped below
        os.kill(penjaga_pid, signal.SIGTERM)
        for pid in _tunggu_mati([penjaga_pid], timeout):
            os.kill(pid, signal.SIGKILL)
        berhenti += 1
    nginx_pid = _pid(run / "nginx.pid")
    if nginx_pid is not None:
        workers = _anak(nginx_pid)
        os.kill(nginx_pid, signal.SIGQUIT)
        sisa = _tunggu_mati([nginx_pid, *workers], timeout)
        for pid in sisa:
            os.kill(pid, signal.SIGKILL)
        _tunggu_mati(sisa, 5)
        berhenti += 1
    _hentikan_pekerja_yatim(run)
    replika = [(f, pid) for f in sorted(run.glob("replika-*.pid")) if (pid := _pid(f)) is not None]
    for _, pid in replika:
        os.killpg(pid, signal.SIGTERM)
    sisa = _tunggu_mati([pid for _, pid in replika], timeout)
    for pid in sisa:
        os.killpg(pid, signal.SIGKILL)
    _tunggu_mati(sisa, 5)
    berhenti += len(replika)
    for f in [*run.glob("*.pid"), *run.glob("replika-*.port"), run / "nginx-pekerja"]:
        f.unlink(missing_ok=True)
    if (run / "pg" / "data" / "PG_VERSION").is_file():  # the local PostgreSQL, last: the replicas wrote through it
        from lkjip.pg.server import hentikan_server

        berhenti += int(hentikan_server(run / "pg"))
    return berhenti


def _anak(pid: int) -> list[int]:
    """The direct children of ``pid`` (nginx's workers), from /proc."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found
