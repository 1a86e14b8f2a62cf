"""The shipped clients (clients/typescript, clients/python) against a real API process: each
runs its smoke flow (scripts/smoke-clients), so a spec change that breaks a generated client,
or a server that drifts from the spec the clients were generated from, fails here."""

import shutil

import pytest

from tests.conftest import REPOSITORY_ROOT, api_process, run_captured

pytestmark = pytest.mark.slow


def test_generated_clients_complete_their_smoke_flows(live_database_url: str) -> None:
    if shutil.which("npm") is None or shutil.which("node") is None:
        pytest.skip("the TypeScript client needs Node.js 20+ and npm (apt-get install nodejs npm)")
    with api_process(live_database_url, BCRYPT_ROUNDS="4", RATE_LIMIT_ENABLED="false") as url:
        result = run_captured(
            [str(REPOSITORY_ROOT / "scripts" / "smoke-clients"), url],
            cwd=REPOSITORY_ROOT,
            timeout=900,
        )

    assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-5000:]
    assert "typescript client smoke flow: ok" in result.stdout
    assert "python client smoke flow: ok" in result.stdout
