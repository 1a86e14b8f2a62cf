"""A real PgBouncer in transaction pooling mode in front of the test PostgreSQL server.

Started from Debian's `pgbouncer` package (apt-get install pgbouncer). Transaction pooling
is the mode that breaks naive asyncpg use: consecutive transactions of one client may run
on different server connections, so a prepared statement must not outlive its transaction.
"""

import os
import pwd
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg2
from sqlalchemy.engine import make_url

PGBOUNCER_BINARIES = ("/usr/sbin/pgbouncer", "/usr/bin/pgbouncer")


def pgbouncer_binary() -> str | None:
    found = shutil.which("pgbouncer")
    return found or next((path for path in PGBOUNCER_BINARIES if Path(path).exists()), None)


@contextmanager
def pgbouncer(server_url: str, port: int) -> Iterator[str]:
    """Runs PgBouncer on 127.0.0.1:``port`` for every database of ``server_url``'s server;
    yields ``server_url`` rewritten to go through it."""
    binary = pgbouncer_binary()
    if binary is None:
        raise RuntimeError("PgBouncer is not installed: apt-get install pgbouncer")
    url = make_url(server_url)
    workdir = Path(tempfile.mkdtemp(prefix="hestami-pgbouncer-"))
    user = url.username or "postgres"
    (workdir / "users.txt").write_text(f'"{user}" "{url.password or ""}"\n')
    (workdir / "pgbouncer.ini").write_text(
        "\n".join(
            [
                "[databases]",
                f"* = host={url.host or '127.0.0.1'} port={url.port or 5432}",
                "[pgbouncer]",
                "listen_addr = 127.0.0.1",
                f"listen_port = {port}",
                f"unix_socket_dir = {workdir}",
                "auth_type = trust",
                f"auth_file = {workdir / 'users.txt'}",
                "pool_mode = transaction",
                "max_client_conn = 2000",
                "default_pool_size = 10",
                "ignore_startup_parameters = extra_float_digits,options",
                f"logfile = {workdir / 'pgbouncer.log'}",
                f"pidfile = {workdir / 'pgbouncer.pid'}",
                "",
            ]
        )
    )
    command = [binary, str(workdir / "pgbouncer.ini")]
    if os.geteuid() == 0:  # PgBouncer refuses to run as root
        account = next((name for name in ("postgres", "nobody") if _account_exists(name)), "nobody")
        shutil.chown(workdir, account)
        for path in workdir.iterdir():
            shutil.chown(path, account)
        command += ["-u", account]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    through = url.set(host="127.0.0.1", port=port)
    try:
        _wait_until_answering(through.set(database="postgres").render_as_string(False), process)
        yield through.render_as_string(hide_password=False)
    finally:
        process.terminate()
        process.wait(timeout=10)
        shutil.rmtree(workdir, ignore_errors=True)


def _account_exists(name: str) -> bool:
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


def _wait_until_answering(url: str, process: "subprocess.Popen[bytes]") -> None:
    parsed = make_url(url)
    deadline = time.monotonic() + 15
    while True:
        try:
            psycopg2.connect(
                host=parsed.host,
                port=parsed.port,
                user=parsed.username,
                password=parsed.password,
                dbname=parsed.database,
                connect_timeout=2,
            ).close()
            return
        except psycopg2.OperationalError:
            if process.poll() is not None:
                output = process.stdout.read().decode() if process.stdout else ""
                raise RuntimeError(f"PgBouncer exited: {output[-2000:]}") from None
            if time.monotonic() > deadline:
                raise RuntimeError("PgBouncer did not answer within 15 s") from None
            time.sleep(0.1)
