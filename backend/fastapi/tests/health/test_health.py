"""Liveness and readiness, including a database that does not answer."""

import socket
from collections.abc import Iterator

from fastapi.testclient import TestClient
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from hestami_api.core.context import database_session
from hestami_api.core.db import create_db_engine
from hestami_api.main import create_app


def test_liveness(client: TestClient) -> None:
    response = client.get("/health")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readiness_when_database_answers(client: TestClient) -> None:
    response = client.get("/health/ready")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_readiness_is_503_when_database_is_unreachable(database_url: str) -> None:
    with socket.socket() as probe:  # a port on which nothing listens
        probe.bind(("127.0.0.1", 0))
        dead_port = probe.getsockname()[1]
    dead_url = make_url(database_url).set(port=dead_port).render_as_string(hide_password=False)
    engine = create_db_engine(dead_url)
    app = create_app()

    def unreachable_session() -> Iterator[Session]:
        with Session(engine) as session:
            yield session

    app.dependency_overrides[database_session] = unreachable_session
    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.get("/health/ready")
    engine.dispose()

    assert response.status_code == 503
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["status"] == 503
