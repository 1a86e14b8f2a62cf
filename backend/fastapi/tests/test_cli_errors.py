"""Command-line errors a newcomer meets are one line that says what to do, not a traceback."""

import os
import subprocess
from pathlib import Path

import pytest

from hestami_api.core.config import Settings
from tests.conftest import free_port, run_cli

# The driver the service uses, whichever it is.
SCHEME = str(Settings.model_fields["database_url"].default).split("://", 1)[0]


def run_cli_elsewhere(
    *arguments: str, cwd: Path, **environment: str
) -> subprocess.CompletedProcess[str]:
    """The command line as a newcomer runs it: in cwd, without the tests' DATABASE_URL."""
    without_database = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    return run_cli(*arguments, env=without_database | environment, cwd=cwd)


@pytest.mark.parametrize("command", ["seed-demo", "migrate", "create-database"])
def test_an_unreachable_database_is_one_line(tmp_path: Path, command: str) -> None:
    port = free_port()  # nothing listens there
    result = run_cli_elsewhere(
        command, cwd=tmp_path, DATABASE_URL=f"{SCHEME}://postgres@127.0.0.1:{port}/x"
    )

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

    result = run_cli_elsewhere("seed-demo", cwd=tmp_path)

    assert result.returncode == 1
    assert f"database recorded at 127.0.0.1:{port}" in result.stderr
    assert "DATABASE_URL from .local/hestami.env" in result.stderr
