"""Configuration comes from the environment; production refuses unsafe settings."""

import pytest
from pydantic import ValidationError

from hestami_api.core.config import Settings

# Which JWT secrets production refuses: tests/core/test_secret_strength.py.


def test_production_accepts_a_strong_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ENVIRONMENT", "production")
    monkeypatch.setenv("JWT_SECRET", "Sx4-Nq8v2Lw7Zr1Tk5Hm9Yb3Pc6Jd0Gf")

    assert Settings().environment == "production"


def test_environment_variables_configure_the_service(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CORS_ORIGINS", "https://a.example, https://b.example")
    monkeypatch.setenv("ACCESS_TOKEN_TTL_SECONDS", "300")
    monkeypatch.setenv("RATE_LIMIT_LOGIN_IP", "3/minute")

    settings = Settings()

    assert settings.cors_origins == ["https://a.example", "https://b.example"]
    assert settings.access_token_ttl_seconds == 300
    assert settings.rate_limit_login_ip == "3/minute"


def test_reset_url_must_contain_the_token_placeholder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PASSWORD_RESET_URL", "https://app.example/reset")

    with pytest.raises(ValidationError, match="token"):
        Settings()
