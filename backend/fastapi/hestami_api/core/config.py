"""Service configuration, read from environment variables.

Every setting is documented with its default in docs/backend/fastapi/CONFIGURATION.md.
For development, .local/hestami.env (relative to the working directory, written by
scripts/start) supplies what the environment does not set; the environment always wins.
"""

import ipaddress
from functools import lru_cache
from typing import Annotated, Final, Literal

from pydantic import Field, SecretStr, ValidationInfo, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from hestami_api.core.secret_strength import MIN_SECRET_ENTROPY_BITS, estimated_entropy_bits

# Refused in production (see refuse_weak_production_secret).
DEVELOPMENT_JWT_SECRET = "development-only-secret-do-not-use-in-production-0123456789"  # noqa: S105
MIN_JWT_SECRET_BYTES = 32
# The widest proxy networks production accepts without FORWARDED_ALLOW_BROAD_NETWORKS=true:
# at most 256 IPv4 addresses, at most one IPv6 subnet.
MIN_TRUSTED_PREFIX: Final = {4: 24, 6: 64}


class Settings(BaseSettings):
    # Errors never echo input values: they would include the secrets. The file is what
    # scripts/start records (the database it chose); the environment always wins over it.
    model_config = SettingsConfigDict(
        case_sensitive=False,
        extra="ignore",
        hide_input_in_errors=True,
        env_file=".local/hestami.env",
    )

    environment: Literal["development", "test", "production"] = "development"

    database_url: str = "postgresql+psycopg2://postgres@127.0.0.1:5432/hestami"
    database_pool_size: int = Field(default=10, ge=1, le=200)
    database_max_overflow: int = Field(default=0, ge=0, le=200)
    database_pool_timeout_seconds: float = Field(default=5.0, gt=0, le=60)
    database_connect_timeout_seconds: float = Field(default=3.0, gt=0, le=60)
    # True when DATABASE_URL points at PgBouncer in transaction pooling mode.
    database_pgbouncer: bool = False
    redis_url: str | None = None
    # Catalog search pages each process keeps, served again while the catalog is unchanged
    # (offerings.service); 0 turns the cache off. A page of 20 services takes about 80 KB.
    catalog_cache_entries: int = Field(default=512, ge=0, le=100_000)

    jwt_secret: SecretStr = SecretStr(DEVELOPMENT_JWT_SECRET)
    # Earlier secrets, still accepted when verifying (never used to sign): key rotation.
    jwt_previous_secrets: Annotated[list[SecretStr], NoDecode] = Field(default_factory=list)
    jwt_issuer: str = "hestami-api"
    jwt_audience: str = "hestami-clients"
    access_token_ttl_seconds: int = Field(default=900, ge=30, le=86_400)
    refresh_token_ttl_seconds: int = Field(default=604_800, ge=60, le=31_536_000)
    # From login: after it the session ends, however often it was refreshed.
    session_max_lifetime_seconds: int = Field(default=2_592_000, ge=30, le=31_536_000)

    bcrypt_rounds: int = Field(default=12, ge=4, le=20)

    email_backend: Literal["smtp", "console"] = "console"
    smtp_host: str = "127.0.0.1"
    smtp_port: int = Field(default=1025, ge=1, le=65_535)
    smtp_username: str | None = None
    smtp_password: SecretStr | None = None
    smtp_from: str = "Hestami <no-reply@hestami.example>"
    smtp_starttls: bool = False
    smtp_timeout_seconds: float = Field(default=10.0, gt=0)
    email_max_attempts: int = Field(default=8, ge=1, le=100)
    email_retry_base_seconds: float = Field(default=5.0, gt=0, le=3600)
    email_poll_seconds: float = Field(default=2.0, gt=0, le=300)
    # How long a claimed batch is reserved for the process sending it; longer than its SMTP
    # exchanges, and the delay before another process retries what a dead one had claimed.
    email_claim_lease_seconds: float = Field(default=60.0, ge=1, le=3600)

    password_reset_url: str = "http://localhost:3000/reset-password?token={token}"  # noqa: S105
    password_reset_ttl_seconds: int = Field(default=1800, ge=60, le=86_400)
    email_verification_url: str = "http://localhost:3000/verify-email?token={token}"
    email_verification_ttl_seconds: int = Field(default=86_400, ge=60, le=2_592_000)

    cors_origins: Annotated[list[str], NoDecode] = Field(default_factory=list)

    rate_limit_enabled: bool = True
    rate_limit_login_ip: str = "20/minute"
    rate_limit_login_account: str = "10/minute"
    # Every client together, per account; the owner is told by email when it trips.
    rate_limit_login_account_ceiling: str = "100/hour"
    rate_limit_register: str = "10/hour"
    rate_limit_reset: str = "5/hour"
    rate_limit_default: str = "300/minute"

    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    shutdown_grace_seconds: int = Field(default=20, ge=0, le=3600)

    # Proxies whose X-Forwarded-For / X-Forwarded-Proto are believed. uvicorn reads the same
    # variable (hestami-api serve passes it on); validated here so production refuses a list
    # that lets other containers choose their client IP.
    forwarded_allow_ips: str = "127.0.0.1"
    forwarded_allow_broad_networks: bool = False

    @field_validator("cors_origins", "jwt_previous_secrets", mode="before")
    @classmethod
    def split_comma_separated(cls, value: object) -> object:
        if isinstance(value, str):
            return [item.strip() for item in value.split(",") if item.strip()]
        return value

    @field_validator("password_reset_url", "email_verification_url")
    @classmethod
    def require_token_placeholder(cls, value: str, info: ValidationInfo) -> str:
        if "{token}" not in value:
            raise ValueError(
                f"{str(info.field_name).upper()} must contain the placeholder {{token}}"
            )
        return value

    @model_validator(mode="after")
    def refuse_weak_production_secret(self) -> "Settings":
        if self.environment != "production":
            return self
        named = [("JWT_SECRET", self.jwt_secret)] + [
            (f"JWT_PREVIOUS_SECRETS entry {number}", secret)
            for number, secret in enumerate(self.jwt_previous_secrets, start=1)
        ]
        for name, secret in named:
            value = secret.get_secret_value()
            if value == DEVELOPMENT_JWT_SECRET or len(value.encode()) < MIN_JWT_SECRET_BYTES:
                raise ValueError(
                    f"{name} must be set to a random value of at least {MIN_JWT_SECRET_BYTES} "
                    "bytes when ENVIRONMENT=production"
                )
            if estimated_entropy_bits(value) < MIN_SECRET_ENTROPY_BITS:
                raise ValueError(
                    f"{name} is too predictable (repeated or sequential characters) for "
                    "ENVIRONMENT=production: generate one, e.g. openssl rand -base64 48"
                )
        return self

    @model_validator(mode="after")
    def refuse_broad_proxy_trust_in_production(self) -> "Settings":
        if self.environment == "production":
            check_trusted_proxies(
                self.forwarded_allow_ips, allow_broad=self.forwarded_allow_broad_networks
            )
        return self


def check_trusted_proxies(value: str, *, allow_broad: bool) -> None:
    """Refuse ``*``, entries uvicorn would silently treat as names, and (unless allowed)
    networks wider than :data:`MIN_TRUSTED_PREFIX`."""
    for entry in (part.strip() for part in value.split(",")):
        if not entry:
            continue
        if entry == "*":
            raise ValueError(
                "FORWARDED_ALLOW_IPS must not be * in production: name the proxy's network"
            )
        try:
            network = ipaddress.ip_network(entry)  # an address is a /32 or /128
        except ValueError:
            raise ValueError(
                f"FORWARDED_ALLOW_IPS entry {entry!r} is not an IP address or network "
                "(host bits must be zero, e.g. 172.30.57.0/28)"
            ) from None
        widest = MIN_TRUSTED_PREFIX[network.version]
        if network.prefixlen < widest and not allow_broad:
            raise ValueError(
                f"FORWARDED_ALLOW_IPS entry {entry} is wider than /{widest}: every host in it "
                "could forge client addresses; name the proxy network only, or set "
                "FORWARDED_ALLOW_BROAD_NETWORKS=true"
            )


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings, read once from the environment."""
    return Settings()
