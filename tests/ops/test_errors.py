"""A lost database answers 503 "try again" with nothing of the error in it; other errors stay 500."""

from unittest import mock

import pytest
from django.db import InterfaceError, OperationalError
from django.test import Client
from rest_framework.authtoken.models import Token

from coprod.core.errors import DATABASE_UNAVAILABLE

LEAK = "connection to server at db.internal (10.0.0.5) failed"


@pytest.fixture
def api_client(world):
    token = Token.objects.create(user=world["people"]["worker"])
    return Client(raise_request_exception=False, HTTP_AUTHORIZATION=f"Token {token.key}")


@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
def test_api_answers_503_when_the_database_is_lost(api_client, error):
    with mock.patch("coprod.engagements.api.views.log_rows", side_effect=error(LEAK)):
        response = api_client.get("/api/v1/engagements/")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response.json() == {"detail": DATABASE_UNAVAILABLE}
    assert "db.internal" not in response.content.decode()


def test_page_answers_503_in_plain_text(world):
    client = Client(raise_request_exception=False)
    client.force_login(world["people"]["manager"])
    with mock.patch("coprod.engagements.views.render", side_effect=OperationalError(LEAK)):
        response = client.get("/figures/")
    assert response.status_code == 503
    assert response.content.decode() == DATABASE_UNAVAILABLE


def test_other_errors_stay_500(api_client):
    with mock.patch("coprod.engagements.api.views.log_rows", side_effect=RuntimeError(LEAK)):
        response = api_client.get("/api/v1/engagements/")
    assert response.status_code == 500
    assert "db.internal" not in response.content.decode()
