"""Finding 10: no broad proxy trust by default anywhere, and production refuses to start with
a trust list that lets other hosts forge client addresses."""

import os
import re
import secrets
from pathlib import Path

import pytest
import yaml
from pydantic import ValidationError

from hestami_api.core.config import Settings, check_trusted_proxies
from tests.conftest import REPOSITORY_ROOT, run_cli

COMPOSE = REPOSITORY_ROOT / "docker-compose.yml"
ENV_EXAMPLE = REPOSITORY_ROOT / ".env.example"
STRONG_SECRET = secrets.token_urlsafe(48)


@pytest.fixture
def production(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    monkeypatch.setenv("ENVIRONMENT", "production")
    monkeypatch.setenv("JWT_SECRET", STRONG_SECRET)
    monkeypatch.delenv("FORWARDED_ALLOW_BROAD_NETWORKS", raising=False)
    return monkeypatch


@pytest.mark.parametrize(
    ("trusted", "complaint"),
    [
        ("*", "must not be \\*"),
        ("172.16.0.0/12,192.168.0.0/16", "172.16.0.0/12 is wider than /24"),
        ("172.30.57.0/28, 0.0.0.0/0", "0.0.0.0/0 is wider than /24"),
        ("10.0.0.0/23", "wider than /24"),
        ("::/0", "wider than /64"),
        ("fd00::/48", "wider than /64"),
        ("172.30.57.1/28", "not an IP address or network"),
        ("traefik", "not an IP address or network"),
    ],
)
def test_production_refuses_broad_or_malformed_trust(
    production: pytest.MonkeyPatch, trusted: str, complaint: str
) -> None:
    production.setenv("FORWARDED_ALLOW_IPS", trusted)

    with pytest.raises(ValidationError, match=complaint):
        Settings()


@pytest.mark.parametrize(
    "trusted", ["127.0.0.1", "172.30.57.0/28", "172.30.57.2", "10.0.0.0/24", "fd00::/64", ""]
)
def test_production_accepts_a_named_proxy_network(
    production: pytest.MonkeyPatch, trusted: str
) -> None:
    production.setenv("FORWARDED_ALLOW_IPS", trusted)

    assert Settings().forwarded_allow_ips == trusted


def test_a_broad_network_needs_an_explicit_opt_in(production: pytest.MonkeyPatch) -> None:
    production.setenv("FORWARDED_ALLOW_IPS", "10.0.0.0/16")
    production.setenv("FORWARDED_ALLOW_BROAD_NETWORKS", "true")

    assert Settings().forwarded_allow_broad_networks is True
    production.setenv("FORWARDED_ALLOW_IPS", "*")
    with pytest.raises(ValidationError, match="must not be"):
        Settings()


def test_development_keeps_its_loopback_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ENVIRONMENT", "development")
    monkeypatch.delenv("FORWARDED_ALLOW_IPS", raising=False)

    assert Settings().forwarded_allow_ips == "127.0.0.1"


def compose_default(value: str, defaults: dict[str, str]) -> str:
    """Resolve ``${NAME:-default}`` (nested too) as Compose does when NAME is unset."""
    pattern = re.compile(r"\$\{([A-Z_][A-Z0-9_]*):-([^${}]*)\}")
    while (match := pattern.search(value)) is not None:
        name, default = match.groups()
        value = value[: match.start()] + defaults.get(name, default) + value[match.end() :]
    return value


def test_compose_trusts_exactly_its_own_proxy_network() -> None:
    compose = yaml.safe_load(COMPOSE.read_text())
    environment = compose["x-api-environment"]
    trusted = compose_default(environment["FORWARDED_ALLOW_IPS"], {})
    network = compose["networks"]["traefik"]
    subnet = compose_default(network["ipam"]["config"][0]["subnet"], {})

    assert trusted == subnet == "172.30.57.0/28"
    assert network.get("external") is not True  # this project fixes its subnet
    api = compose["services"]["api"]
    assert "traefik" in api["networks"]
    for name, service in compose["services"].items():
        if name != "api":
            assert "traefik" not in (service.get("networks") or []), name
    check_trusted_proxies(trusted, allow_broad=False)
    # An operator's own subnet flows into the trust list.
    assert (
        compose_default(environment["FORWARDED_ALLOW_IPS"], {"TRAEFIK_SUBNET": "10.9.8.0/29"})
        == "10.9.8.0/29"
    )


@pytest.mark.parametrize("path", [COMPOSE, ENV_EXAMPLE], ids=lambda p: p.name)
def test_no_broad_private_range_is_trusted_by_default(path: Path) -> None:
    text = path.read_text()
    for broad in ("172.16.0.0/12", "192.168.0.0/16", "10.0.0.0/8", "0.0.0.0/0"):
        assert broad not in text


def test_env_example_as_written_starts_in_production(monkeypatch: pytest.MonkeyPatch) -> None:
    for line in ENV_EXAMPLE.read_text().splitlines():
        if line and not line.startswith("#"):
            name, _, value = line.partition("=")
            monkeypatch.setenv(name, value)
    monkeypatch.setenv("JWT_SECRET", STRONG_SECRET)  # the one value an operator must write

    settings = Settings()

    assert settings.environment == "production"
    assert settings.jwt_previous_secrets == []


def test_serve_refuses_to_start_with_the_old_default() -> None:
    result = run_cli(
        "serve",
        "--port",
        "1",
        env=os.environ
        | {
            "ENVIRONMENT": "production",
            "JWT_SECRET": STRONG_SECRET,
            "FORWARDED_ALLOW_IPS": "172.16.0.0/12,192.168.0.0/16",
        },
    )

    assert result.returncode != 0
    assert "FORWARDED_ALLOW_IPS entry 172.16.0.0/12 is wider than /24" in result.stderr
