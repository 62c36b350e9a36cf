"""The health check: no login, 200 when the database and the broker answer, 503 naming what does not."""

import socket
from unittest import mock

import pytest
from django.db import OperationalError


@pytest.fixture
def closed_port() -> int:
    """A loopback port nothing listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.django_db
def test_in_process_tasks_need_no_broker(client, settings):
    settings.CELERY_BROKER_URL = ""
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "broker": "not used"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_database_and_real_broker_ok(client, settings, redis_broker_url):
    settings.CELERY_BROKER_URL = redis_broker_url
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "broker": "ok"}


@pytest.mark.django_db
def test_broker_down_is_named_without_its_url(client, settings, closed_port):
    settings.CELERY_BROKER_URL = f"redis://:broker-password@127.0.0.1:{closed_port}/0"
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"database": "ok", "broker": "unavailable"}
    body = response.content.decode()
    assert "broker-password" not in body and str(closed_port) not in body


@pytest.mark.django_db
def test_missing_broker_socket_is_down(client, settings, tmp_path):
    settings.CELERY_BROKER_URL = f"redis+socket://{tmp_path}/absent.sock"
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["broker"] == "unavailable"


@pytest.mark.django_db
def test_database_down_is_named(client, settings):
    settings.CELERY_BROKER_URL = ""
    failing = mock.Mock(side_effect=OperationalError("could not connect to server at db.internal"))
    with mock.patch("django.db.backends.base.base.BaseDatabaseWrapper.cursor", failing):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"database": "unavailable", "broker": "not used"}
    assert "db.internal" not in response.content.decode()


@pytest.mark.django_db
def test_get_and_head_only(client, settings):
    settings.CELERY_BROKER_URL = ""
    assert client.head("/healthz").status_code == 200
    assert client.post("/healthz").status_code == 405


@pytest.mark.django_db
def test_not_redirected_to_https(client, settings):
    """A load balancer polling over plain HTTP gets the answer, not a redirect."""
    settings.CELERY_BROKER_URL = ""
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200
    assert client.get("/accounts/login/").status_code == 301
