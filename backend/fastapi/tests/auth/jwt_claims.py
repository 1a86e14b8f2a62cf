"""The claims of a token as the codec issues them, for tests that sign tokens themselves."""

import time
import uuid
from typing import Any

ISSUER = "hestami-api"
AUDIENCE = "hestami-clients"
ACCESS_TTL = 900
REFRESH_TTL = 604_800


def valid_claims(*, lifetime: int = ACCESS_TTL, **overrides: Any) -> dict[str, Any]:
    """Every claim of an access token issued now that lives ``lifetime`` seconds."""
    now = int(time.time())
    claims: dict[str, Any] = {
        "sub": str(uuid.uuid4()),
        "role": "homeowner",
        "sid": str(uuid.uuid4()),
        "jti": str(uuid.uuid4()),
        "type": "access",
        "iat": now,
        "exp": now + lifetime,
        "iss": ISSUER,
        "aud": AUDIENCE,
    }
    return claims | overrides
