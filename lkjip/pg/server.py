"""A PostgreSQL server of our own in a data folder (issue 18): Debian's package, ``initdb`` into the folder, loopback
only, a generated password kept in the folder. Used by the tests and by ``make serve`` with a local URL; an existing
server elsewhere is used as it is.

Started as root, the server runs as the ``postgres`` user (PostgreSQL refuses to run as root): ``initdb`` and
``pg_ctl`` go through ``runuser``, and the folder is given to that user.
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from lkjip.errors import LkjipError


class PostgresError(LkjipError):
    judul = "PostgreSQL"


def pg_bin() -> Path | None:
    """The folder of PostgreSQL's server programs ($LKJIP_PG_BIN, else Debian's newest /usr/lib/postgresql/N/bin)."""
    if os.environ.get("LKJIP_PG_BIN"):
        return Path(os.environ["LKJIP_PG_BIN"])
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parent.parent.name))
    return found[-1].parent if found else None


@dataclass(frozen=True)
class Server:
    folder: Path
    port: int
    password: str

    @property
    def url(self) -> str:
        return f"postgresql://lkjip:{self.password}@127.0.0.1:{self.port}/lkjip"

    @property
    def data(self) -> Path:
        return self.folder / "data"


def _sebagai_postgres(args: list[str], **kw: object) -> subprocess.CompletedProcess[str]:
    """Run a PostgreSQL program as the postgres user when we are root, else as ourselves."""
    if os.geteuid() == 0:
        args = ["runuser", "-u", "postgres", "--", *args]
    return subprocess.run(args, capture_output=True, text=True, check=False, **kw)  # type: ignore[call-overload]


def _port_bebas() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def mulai_server(folder: Path, port: int | None = None, *, timeout: float = 60.0) -> Server:
    """Start (creating it on first use) the cluster in ``folder``; its URL once it accepts connections. A server
    already running from the folder is reused."""
    binn = pg_bin()
    if binn is None:
        raise PostgresError("PostgreSQL tidak terpasang (make postgres memasangnya bila root dengan apt-get).")
    folder = folder.resolve()
    folder.mkdir(parents=True, exist_ok=True)
    sandi = folder / "password"
    data = folder / "data"
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
        folder.chmod(0o700)
        if _sebagai_postgres(["test", "-w", str(folder), "-a", "-x", str(folder)]).returncode != 0:
            raise PostgresError(
                f"Folder {folder} tidak dapat dicapai pengguna postgres (folder induknya tertutup); pilih folder "
                "yang induknya dapat dilalui semua pengguna, misalnya di bawah /tmp."
            )
    if not (data / "PG_VERSION").is_file():
        sandi.write_text(secrets.token_urlsafe(24), encoding="utf-8")
        sandi.chmod(0o600)
        pwfile = folder / "pwfile"
        pwfile.write_text(sandi.read_text(encoding="utf-8"), encoding="utf-8")
        if os.geteuid() == 0:
            shutil.chown(pwfile, "postgres", "postgres")
        out = _sebagai_postgres(
            [str(binn / "initdb"), "-D", str(data), "-U", "lkjip", "--pwfile", str(pwfile), "-A", "scram-sha-256"]
            + ["-E", "UTF8", "--locale", "C.UTF-8", "--no-sync"]
        )
        pwfile.unlink(missing_ok=True)
        if out.returncode != 0:
            raise PostgresError(f"initdb gagal: {out.stderr.strip() or out.stdout.strip()}")
    password = sandi.read_text(encoding="utf-8").strip()
    port_file = folder / "port"
    if _status(binn, data):
        return Server(folder, int(port_file.read_text(encoding="utf-8")), password)
    # started again after a stop: on the port it had (its clients' URL stays right), unless told otherwise
    if port is None and port_file.is_file():
        port = int(port_file.read_text(encoding="utf-8"))
    port = port or _port_bebas()
    opsi = f"-c listen_addresses=127.0.0.1 -c port={port} -c unix_socket_directories={folder}"
    out = _sebagai_postgres(
        [str(binn / "pg_ctl"), "-D", str(data), "-l", str(folder / "postgresql.log"), "-o", opsi, "-w", "start"]
    )
    if out.returncode != 0:
        log = (
            (folder / "postgresql.log").read_text(errors="replace")[-1500:]
            if (folder / "postgresql.log").exists()
            else ""
        )
        raise PostgresError(f"PostgreSQL tidak mau menyala: {out.stderr.strip()} {log}")
    port_file.write_text(str(port), encoding="utf-8")
    server = Server(folder, port, password)
    _tunggu_terima(server, timeout)
    _buat_database(server)
    return server


def pg_berjalan(folder: Path) -> bool:
    """Whether the cluster of ``folder`` runs."""
    binn = pg_bin()
    return binn is not None and _status(binn, folder.resolve() / "data")


def _status(binn: Path, data: Path) -> bool:
    return data.is_dir() and _sebagai_postgres([str(binn / "pg_ctl"), "-D", str(data), "status"]).returncode == 0


def _tunggu_terima(server: Server, timeout: float) -> None:
    import psycopg

    deadline = time.monotonic() + timeout
    while True:
        try:
            with psycopg.connect(server.url.rsplit("/", 1)[0] + "/postgres", connect_timeout=2):
                return
        except psycopg.OperationalError as exc:
            if time.monotonic() > deadline:
                raise PostgresError(f"PostgreSQL tidak menerima sambungan: {exc}") from exc
            time.sleep(0.2)


def _buat_database(server: Server) -> None:
    import psycopg

    with psycopg.connect(server.url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as con:
        if con.execute("SELECT 1 FROM pg_database WHERE datname = 'lkjip'").fetchone() is None:
            con.execute("CREATE DATABASE lkjip")


def hentikan_server(folder: Path, *, cepat: bool = True) -> bool:
    """Stop the cluster of ``folder`` (``fast``: open sessions are ended, committed work is kept); whether one ran."""
    binn = pg_bin()
    data = folder.resolve() / "data"
    if binn is None or not _status(binn, data):
        return False
    out = _sebagai_postgres([str(binn / "pg_ctl"), "-D", str(data), "-m", "fast" if cepat else "smart", "-w", "stop"])
    if out.returncode != 0:
        raise PostgresError(f"PostgreSQL tidak mau berhenti: {out.stderr.strip()}")
    return True
