"""Contract fuzzing: the schemathesis CLI drives a real API process from its /openapi.json and
checks every response (status codes, schemas, headers, problem+json, authentication).

One run per kind of caller, so each operation is exercised by the role it is meant for (the
other roles' 403s are checked by the role-guard tests). The API process reaches PostgreSQL
through a real PgBouncer in transaction pooling mode, so every router is also proven to work
there (asyncpg's prepared statements are the known trap)."""

import os
import sys
import uuid

import pytest

from tests.conftest import REPOSITORY_ROOT, api_process, run_captured, run_cli
from tests.factories import register_live

pytestmark = pytest.mark.slow

MAX_EXAMPLES = os.environ.get("CONTRACT_MAX_EXAMPLES", "25")
REPORT_DIR = REPOSITORY_ROOT / "reports" / "schemathesis"
PASSWORD = "contract fuzzing passphrase"

# (caller, role of the fixed account or None for a fresh account per case, tags fuzzed)
RUNS = [
    ("anyone", None, ("auth", "users", "health")),
    ("homeowner", "homeowner", ("properties", "inquiries", "catalog")),
    ("provider", "service_provider", ("provider-services", "provider-profile", "inquiries")),
    ("staff", "staff", ("admin",)),
]


def create_account(base_url: str, database_url: str, role: str) -> str:
    username = f"fuzz_{role}_{uuid.uuid4().hex[:6]}"
    if role == "staff":
        created = run_cli(
            "create-staff",
            "--username",
            username,
            "--email",
            f"{username}@example.com",
            env=os.environ | {"DATABASE_URL": database_url, "HESTAMI_STAFF_PASSWORD": PASSWORD},
        )
        assert created.returncode == 0, created.stderr
    else:
        register_live(base_url, username=username, password=PASSWORD, role=role)
    return username


@pytest.mark.parametrize(("caller", "role", "tags"), RUNS, ids=[run[0] for run in RUNS])
def test_api_conforms_to_its_contract(
    pgbouncer_database_url: str, caller: str, role: str | None, tags: tuple[str, ...]
) -> None:
    with api_process(
        pgbouncer_database_url,
        BCRYPT_ROUNDS="4",
        RATE_LIMIT_ENABLED="false",
        DATABASE_PGBOUNCER="true",
    ) as url:
        environment = os.environ | {
            "SCHEMATHESIS_HOOKS": "tests.contract.hooks",
            "HESTAMI_CONTRACT_BASE_URL": url,
        }
        if role:
            environment |= {
                "HESTAMI_CONTRACT_USERNAME": create_account(url, pgbouncer_database_url, role),
                "HESTAMI_CONTRACT_PASSWORD": PASSWORD,
            }
        command = [
            sys.executable,
            "-m",
            "schemathesis.cli",
            "run",
            f"{url}/openapi.json",
            "--checks",
            "all",
            "--include-tag-regex",
            f"^({'|'.join(tags)})$",
            "--max-examples",
            MAX_EXAMPLES,
            "--generation-deterministic",
            "--report",
            "junit",
            "--report-dir",
            str(REPORT_DIR / caller),
        ]
        # From the repository root, which holds schemathesis.toml.
        result = run_captured(command, env=environment, cwd=REPOSITORY_ROOT, timeout=1200)

    assert result.returncode == 0, result.stdout[-20000:] + result.stderr[-5000:]
