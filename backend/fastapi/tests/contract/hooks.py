"""Schemathesis hooks (loaded through SCHEMATHESIS_HOOKS by test_schemathesis.py)."""

import itertools
import os
import uuid

import httpx
import schemathesis

_accounts = itertools.count()
PASSWORD = "contract fuzzing passphrase"


def _log_in(base_url: str, username: str, password: str) -> str:
    response = httpx.post(
        f"{base_url}/auth/login", data={"username": username, "password": password}
    )
    response.raise_for_status()
    return str(response.json()["access_token"])


@schemathesis.auth(refresh_interval=None)
class SignedIn:
    """Signs in before every case, so a logout or password change in one case cannot leave the
    next without a valid token. With HESTAMI_CONTRACT_USERNAME set, every case is that account
    (resources created in one case stay visible to the next); otherwise each case registers a
    new account."""

    def get(self, case: schemathesis.Case, ctx: schemathesis.AuthContext) -> str:
        base_url = os.environ["HESTAMI_CONTRACT_BASE_URL"]
        fixed_account = os.environ.get("HESTAMI_CONTRACT_USERNAME")
        if fixed_account:
            return _log_in(base_url, fixed_account, os.environ["HESTAMI_CONTRACT_PASSWORD"])
        name = f"fuzz{next(_accounts)}_{uuid.uuid4().hex[:6]}"
        registered = httpx.post(
            f"{base_url}/auth/register",
            json={
                "username": name,
                "email": f"{name}@example.com",
                "password": PASSWORD,
                "role": "homeowner",
            },
        )
        registered.raise_for_status()
        return _log_in(base_url, name, PASSWORD)

    def set(self, case: schemathesis.Case, data: str, ctx: schemathesis.AuthContext) -> None:
        case.headers = {**(case.headers or {}), "Authorization": f"Bearer {data}"}
