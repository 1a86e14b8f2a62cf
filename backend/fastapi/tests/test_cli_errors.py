"""Command-line errors a newcomer meets are one line that says what to do, not a traceback."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from hestami_api.core.config import Settings
from tests.conftest import free_port

# The driver the service uses, whichever it is.
SCHEME = str(Settings.model_fields["database_url"].default).split("://", 1)[0]


def run_cli(*arguments: str, cwd: Path, **environment: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "hestami_api.cli", *arguments],
        env={key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
        | environment,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize("command", ["seed-demo", "migrate", "create-database"])
def test_an_unreachable_database_is_one_line(tmp_path: Path, command: str) -> None:
    port = free_port()  # nothing listens there
    result = run_cli(command, cwd=tmp_path, DATABASE_URL=f"{SCHEME}://postgres@127.0.0.1:{port}/x")

    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1
    assert f"127.0.0.1:{port}" in result.stderr
    assert "DATABASE_URL from the environment" in result.stderr
    assert "scripts/start" in result.stderr


def test_the_database_recorded_by_scripts_start_is_used_and_named(tmp_path: Path) -> None:
    port = free_port()
    (tmp_path / ".local").mkdir()
    (tmp_path / ".local" / "hestami.env").write_text(
        f"DATABASE_URL='{SCHEME}://postgres@127.0.0.1:{port}/recorded'\n"
    )

    result = run_cli("seed-demo", cwd=tmp_path)

    assert result.returncode == 1
    assert f"database recorded at 127.0.0.1:{port}" in result.stderr
    assert "DATABASE_URL from .local/hestami.env" in result.stderr
