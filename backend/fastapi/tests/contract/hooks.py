"""Schemathesis hooks (loaded through SCHEMATHESIS_HOOKS by test_schemathesis.py)."""

import os

import schemathesis

from tests.factories import bearer, log_in_live, register_live


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
            username, password = fixed_account, os.environ["HESTAMI_CONTRACT_PASSWORD"]
        else:
            registered = register_live(base_url)
            username, password = registered["username"], registered["password"]
        return str(log_in_live(base_url, username, password)["access_token"])

    def set(self, case: schemathesis.Case, data: str, ctx: schemathesis.AuthContext) -> None:
        case.headers = {**(case.headers or {}), **bearer(data)}
