"""The file that scripts/start writes fills in what the environment leaves unset."""

from pathlib import Path

import pytest

from hestami_api.core.config import Settings

RECORDED = "postgresql+psycopg2://postgres:secret@127.0.0.1:54329/hestami"


@pytest.fixture
def recorded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".local").mkdir()
    env_file = tmp_path / ".local" / "hestami.env"
    env_file.write_text(f"# written by scripts/start\nDATABASE_URL='{RECORDED}'\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    return env_file


def test_the_recorded_database_url_is_read(recorded: Path) -> None:
    assert Settings().database_url == RECORDED


def test_the_environment_wins_over_the_file(
    recorded: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg2://app@db.example:5432/hestami")
    assert Settings().database_url == "postgresql+psycopg2://app@db.example:5432/hestami"


def test_without_the_file_the_default_holds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert Settings().database_url == Settings.model_fields["database_url"].default
