"""The shipped clients (clients/typescript, clients/python) against a real API process: each
runs its smoke flow (scripts/smoke-clients), so a spec change that breaks a generated client,
or a server that drifts from the spec the clients were generated from, fails here."""

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import api_process

pytestmark = pytest.mark.slow

REPOSITORY_ROOT = Path(__file__).resolve().parents[4]


def test_generated_clients_complete_their_smoke_flows(live_database_url: str) -> None:
    if shutil.which("npm") is None or shutil.which("node") is None:
        pytest.skip("the TypeScript client needs Node.js 20+ and npm (apt-get install nodejs npm)")
    with api_process(live_database_url, BCRYPT_ROUNDS="4", RATE_LIMIT_ENABLED="false") as url:
        result = subprocess.run(
            [str(REPOSITORY_ROOT / "scripts" / "smoke-clients"), url],
            cwd=REPOSITORY_ROOT,
            capture_output=True,
            text=True,
            timeout=900,
            check=False,
        )

    assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-5000:]
    assert "typescript client smoke flow: ok" in result.stdout
    assert "python client smoke flow: ok" in result.stdout
