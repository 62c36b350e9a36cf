"""Production settings, as read from the environment: the deploy checks pass and pages carry the headers.

Settings are read at import, so each case runs in a fresh process with a production-like environment
(DEBUG off, a long random SECRET_KEY, ALLOWED_HOSTS) and the base settings, not the test settings.
"""

import json
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
HOST = "coprod.example.org"


@pytest.fixture(scope="module")
def production_env(tmp_path_factory) -> dict[str, str]:
    return {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "coprod.settings.base",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": HOST,
        "DATABASE_URL": f"sqlite:///{tmp_path_factory.mktemp('prod') / 'db.sqlite3'}",
    }


def test_deploy_checks_pass_with_production_settings(production_env):
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_deploy_checks_fail_in_debug_mode(production_env):
    # The same check notices a real problem, so its passing above means something.
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={**production_env, "DEBUG": "true"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "security.W018" in result.stderr  # DEBUG on in deployment


FETCH = f"""
import json
import django
django.setup()
from django.conf import settings
from django.test import Client

client = Client(HTTP_HOST="{HOST}")
page = client.get("/accounts/login/", secure=True)
plain = client.get("/accounts/login/")
csrf = page.cookies["csrftoken"]
print(json.dumps({{
    "status": page.status_code,
    "headers": dict(page.headers),
    "plain_status": plain.status_code,
    "plain_location": plain.get("Location"),
    "csrf_cookie": {{"secure": csrf["secure"], "samesite": csrf["samesite"]}},
    "session": [settings.SESSION_COOKIE_SECURE, settings.SESSION_COOKIE_HTTPONLY,
                settings.SESSION_COOKIE_SAMESITE, settings.SESSION_COOKIE_AGE,
                settings.SESSION_SAVE_EVERY_REQUEST],
}}))
"""


@pytest.fixture(scope="module")
def login_page(production_env) -> dict:
    # Plain static storage: the hashed-name manifest only exists after collectstatic.
    env = {**production_env, "STATICFILES_BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    result = subprocess.run(
        [sys.executable, "-c", FETCH],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout.strip().splitlines()[-1])
    assert answer["status"] == 200
    return answer


def directives(policy: str) -> dict[str, list[str]]:
    parts = [p.split() for p in policy.split(";") if p.strip()]
    return {p[0]: p[1:] for p in parts}


def test_content_security_policy_allows_only_our_own_files(login_page):
    policy = directives(login_page["headers"]["Content-Security-Policy"])
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]


def test_hsts_for_a_year_with_subdomains(login_page):
    hsts = login_page["headers"]["Strict-Transport-Security"]
    assert "max-age=31536000" in hsts
    assert "includeSubDomains" in hsts


def test_no_sniffing_no_framing_and_a_referrer_policy(login_page):
    headers = login_page["headers"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"


def test_plain_http_is_sent_to_https(login_page):
    assert login_page["plain_status"] == 301
    assert login_page["plain_location"] == f"https://{HOST}/accounts/login/"


def test_cookies_are_secure_http_only_and_same_site(login_page):
    assert login_page["csrf_cookie"] == {"secure": True, "samesite": "Lax"}
    assert login_page["session"] == [True, True, "Lax", 1800, True]
