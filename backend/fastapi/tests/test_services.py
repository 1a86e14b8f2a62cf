"""The test services start what the machine lacks, and clean up after themselves."""

from pathlib import Path

import pytest
import redis

from tests import services


def test_a_throwaway_redis_serves_and_is_gone_afterwards() -> None:
    with services.throwaway_redis() as url:
        with redis.Redis.from_url(f"{url}/3", decode_responses=True) as client:
            client.set("greeting", "hello", ex=60)
            assert client.get("greeting") == "hello"
            directory = Path(str(client.config_get("dir")["dir"]))
        assert url != "redis://127.0.0.1:6379"
    assert not services.answers(url)
    assert not directory.exists()


def test_test_redis_url_is_taken_as_given(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TEST_REDIS_URL", "redis://127.0.0.1:1")
    with services.redis_server() as url:
        assert url == "redis://127.0.0.1:1"


def test_without_test_redis_url_a_redis_that_answers_is_used(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("TEST_REDIS_URL", raising=False)
    with services.redis_server() as url:
        assert services.answers(url)


def test_a_missing_binary_is_one_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(services.importlib.util, "find_spec", lambda name: None)
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(RuntimeError, match="apt-get install redis-server"):
        services.redis_server_binary()
