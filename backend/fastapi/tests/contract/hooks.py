"""Schemathesis hooks (loaded through SCHEMATHESIS_HOOKS by test_schemathesis.py)."""

import itertools
import os
import uuid

import httpx
import schemathesis

_accounts = itertools.count()


@schemathesis.auth(refresh_interval=None)
class FreshAccount:
    """Each case signs in as a new user, so a logout or password change in one case cannot
    leave the next without a valid token."""

    def get(self, case: schemathesis.Case, ctx: schemathesis.AuthContext) -> str:
        base_url = os.environ["HESTAMI_CONTRACT_BASE_URL"]
        name = f"fuzz{next(_accounts)}_{uuid.uuid4().hex[:6]}"
        password = "contract fuzzing passphrase"
        registered = httpx.post(
            f"{base_url}/auth/register",
            json={
                "username": name,
                "email": f"{name}@example.com",
                "password": password,
                "role": os.environ.get("HESTAMI_CONTRACT_ROLE", "homeowner"),
            },
        )
        registered.raise_for_status()
        login = httpx.post(f"{base_url}/auth/login", data={"username": name, "password": password})
        login.raise_for_status()
        return str(login.json()["access_token"])

    def set(self, case: schemathesis.Case, data: str, ctx: schemathesis.AuthContext) -> None:
        case.headers = {**(case.headers or {}), "Authorization": f"Bearer {data}"}
