"""Service configuration, read from environment variables.

Every setting is documented with its default in docs/backend/fastapi/CONFIGURATION.md.
For development, .local/hestami.env (relative to the working directory, written by
scripts/start) supplies what the environment does not set; the environment always wins.
"""

from functools import lru_cache
from typing import Annotated, Literal

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

# Refused in production (see refuse_weak_production_secret).
DEVELOPMENT_JWT_SECRET = "development-only-secret-do-not-use-in-production-0123456789"  # noqa: S105
MIN_JWT_SECRET_BYTES = 32


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        case_sensitive=False, extra="ignore", env_file=".local/hestami.env"
    )

    environment: Literal["development", "test", "production"] = "development"

    database_url: str = "postgresql+psycopg2://postgres@127.0.0.1:5432/hestami"
    database_pool_size: int = Field(default=20, ge=1, le=200)
    database_max_overflow: int = Field(default=0, ge=0, le=200)
    redis_url: str | None = None

    jwt_secret: SecretStr = SecretStr(DEVELOPMENT_JWT_SECRET)
    jwt_issuer: str = "hestami-api"
    jwt_audience: str = "hestami-clients"
    access_token_ttl_seconds: int = Field(default=900, ge=30, le=86_400)
    refresh_token_ttl_seconds: int = Field(default=604_800, ge=60, le=31_536_000)

    bcrypt_rounds: int = Field(default=12, ge=4, le=20)

    email_backend: Literal["smtp", "console"] = "console"
    smtp_host: str = "127.0.0.1"
    smtp_port: int = Field(default=1025, ge=1, le=65_535)
    smtp_username: str | None = None
    smtp_password: SecretStr | None = None
    smtp_from: str = "Hestami <no-reply@hestami.example>"
    smtp_starttls: bool = False
    smtp_timeout_seconds: float = Field(default=10.0, gt=0)

    password_reset_url: str = "http://localhost:3000/reset-password?token={token}"  # noqa: S105
    password_reset_ttl_seconds: int = Field(default=1800, ge=60, le=86_400)

    cors_origins: Annotated[list[str], NoDecode] = Field(default_factory=list)

    rate_limit_enabled: bool = True
    rate_limit_login_ip: str = "20/minute"
    rate_limit_login_account: str = "10/minute"
    rate_limit_register: str = "10/hour"
    rate_limit_reset: str = "5/hour"
    rate_limit_default: str = "300/minute"

    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"

    @field_validator("cors_origins", mode="before")
    @classmethod
    def split_comma_separated(cls, value: object) -> object:
        if isinstance(value, str):
            return [origin.strip() for origin in value.split(",") if origin.strip()]
        return value

    @field_validator("password_reset_url")
    @classmethod
    def require_token_placeholder(cls, value: str) -> str:
        if "{token}" not in value:
            raise ValueError("PASSWORD_RESET_URL must contain the placeholder {token}")
        return value

    @model_validator(mode="after")
    def refuse_weak_production_secret(self) -> "Settings":
        if self.environment == "production":
            secret = self.jwt_secret.get_secret_value()
            if secret == DEVELOPMENT_JWT_SECRET or len(secret.encode()) < MIN_JWT_SECRET_BYTES:
                raise ValueError(
                    f"JWT_SECRET must be set to a random value of at least {MIN_JWT_SECRET_BYTES} "
                    "bytes when ENVIRONMENT=production"
                )
        return self


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings, read once from the environment."""
    return Settings()
