"""Sign-in lockout per username and per address, password rules and sessions that end when idle."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from coprod.units.services import user_create
from tests.units.factories import PASSWORD, UserFactory

LOGIN = "/accounts/login/"
WRONG = "not-the-right-password"


def sign_in(client: Client, username: str, password: str, address: str = "10.0.0.1", path: str = LOGIN):
    return client.post(path, {"username": username, "password": password}, REMOTE_ADDR=address)


def fail(times: int, username: str, address: str = "10.0.0.1", path: str = LOGIN) -> None:
    for _ in range(times):
        response = sign_in(Client(), username, WRONG, address, path)
        assert response.status_code in (200, 429)


def possible_times(minutes: int) -> set[str]:
    # The page is rendered between these two instants; either minute may be shown.
    before = timezone.localtime(timezone.now() + datetime.timedelta(minutes=minutes))
    after = before + datetime.timedelta(minutes=1)
    return {before.strftime("%H:%M"), after.strftime("%H:%M")}


def test_the_limit_is_five_failures_and_the_cool_off_fifteen_minutes():
    assert settings.AXES_FAILURE_LIMIT == 5
    assert datetime.timedelta(minutes=15) == settings.AXES_COOLOFF_TIME
    assert settings.AXES_LOCKOUT_PARAMETERS == ["username", "ip_address"]


@pytest.mark.django_db
def test_four_failures_still_let_the_right_password_in():
    user = UserFactory()
    fail(4, user.username)
    response = sign_in(Client(), user.username, PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/"


@pytest.mark.django_db
def test_five_failures_lock_the_username_with_a_page_saying_when_to_try_again():
    user = UserFactory()
    times = possible_times(15)
    fail(4, user.username)
    fifth = sign_in(Client(), user.username, WRONG)
    assert fifth.status_code == 429
    page = fifth.content.decode()
    assert "Too many attempts to sign in" in page
    assert "govuk-heading-l" in page
    assert "try again in 15 minutes" in page
    assert any(f"after {t}" in page for t in times), page
    assert fifth["Retry-After"] == "900"

    # The right password, from another address, is refused too: the username is locked.
    client = Client()
    locked = sign_in(client, user.username, PASSWORD, address="10.9.9.9")
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_five_failures_from_one_address_lock_that_address_for_everyone():
    people = UserFactory.create_batch(6)
    for person in people[:5]:
        fail(1, person.username, address="10.0.0.7")
    assert sign_in(Client(), people[5].username, PASSWORD, address="10.0.0.7").status_code == 429
    # The same person from another address signs in: only the address was locked.
    assert sign_in(Client(), people[5].username, PASSWORD, address="10.0.0.8").status_code == 302


@pytest.mark.django_db
def test_the_lockout_ends_after_the_cool_off():
    user = UserFactory()
    fail(5, user.username)
    assert sign_in(Client(), user.username, PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=16))
    assert sign_in(Client(), user.username, PASSWORD).status_code == 302


@pytest.mark.django_db
def test_the_admin_sign_in_is_locked_the_same_way():
    user = UserFactory(is_superuser=True)
    fail(5, user.username, path="/admin/login/")
    response = sign_in(Client(), user.username, PASSWORD, path="/admin/login/")
    assert response.status_code == 429
    assert "Too many attempts to sign in" in response.content.decode()
    # Failures at the admin count for the ordinary sign-in page as well.
    assert sign_in(Client(), user.username, PASSWORD).status_code == 429


@pytest.mark.django_db
def test_the_api_token_endpoint_is_locked_with_a_json_answer():
    user = UserFactory()
    api = APIClient(REMOTE_ADDR="10.0.0.3")
    for _ in range(4):
        refused = api.post("/api/v1/auth/token/", {"username": user.username, "password": WRONG})
        assert refused.status_code == 400
    locked = api.post("/api/v1/auth/token/", {"username": user.username, "password": WRONG})
    assert locked.status_code == 429
    body = locked.json()
    assert "Try again in 15 minutes" in body["detail"]
    assert "try_again_after" in body
    right = api.post("/api/v1/auth/token/", {"username": user.username, "password": PASSWORD})
    assert right.status_code == 429
    assert "token" not in right.json()


@pytest.mark.django_db
def test_the_api_token_endpoint_still_gives_tokens():
    user = UserFactory()
    response = APIClient().post("/api/v1/auth/token/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 200
    assert response.json()["token"]


@pytest.mark.django_db
def test_failures_behind_a_proxy_count_against_the_forwarded_address(settings):
    settings.COPROD_TRUSTED_PROXY_COUNT = 1
    people = UserFactory.create_batch(6)
    for person in people[:5]:
        Client().post(
            LOGIN,
            {"username": person.username, "password": WRONG},
            REMOTE_ADDR="10.0.0.254",
            HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.7",
        )
    # The proxy's own address is not locked; the client's is, whatever it claims further left.
    via_proxy = {"REMOTE_ADDR": "10.0.0.254"}
    ok = Client().post(
        LOGIN,
        {"username": people[5].username, "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="198.51.100.8",
        **via_proxy,
    )
    assert ok.status_code == 302
    locked = Client().post(
        LOGIN,
        {"username": people[5].username, "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="5.6.7.8, 198.51.100.7",
        **via_proxy,
    )
    assert locked.status_code == 429


def test_passwords_need_twelve_characters_and_the_demo_password_passes():
    with pytest.raises(ValidationError, match="at least 12 characters"):
        validate_password("Short-pw-11")
    with pytest.raises(ValidationError):
        validate_password("password1234")  # a common password
    with pytest.raises(ValidationError):
        validate_password("840271935562")  # numbers only
    validate_password("coprod-demo-2026")
    validate_password(PASSWORD)


@pytest.mark.django_db
def test_user_create_refuses_a_weak_password_and_takes_a_good_one():
    with pytest.raises(ValidationError):
        user_create(username="short.pw", password="eleven-char")
    with pytest.raises(ValidationError):
        user_create(username="jo.bloggs", password="jo.bloggs-2026")  # too like the username
    user = user_create(username="good.pw", password="coprod-demo-2026")
    assert user.check_password("coprod-demo-2026")


@pytest.mark.django_db
def test_every_request_renews_a_thirty_minute_session(world):
    client = Client()
    client.force_login(world["people"]["worker"])
    response = client.get("/neighbourhoods/")
    assert response.status_code == 200
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["max-age"] == 1800
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


@pytest.mark.django_db
def test_an_idle_session_ends_and_asks_to_sign_in_again(world):
    client = Client()
    client.force_login(world["people"]["worker"])
    session = client.session
    session.set_expiry(-1)  # as if the last request was longer ago than SESSION_COOKIE_AGE
    session.save()
    response = client.get("/neighbourhoods/")
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)
