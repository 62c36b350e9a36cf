"""The quick log when the session has ended (after 30 minutes without use): nothing typed is lost."""

import os
import time

from django.contrib.sessions.models import Session
from django.db import OperationalError

from coprod.engagements.models import Engagement
from tests.browser.test_pages_on_phone import browser, sign_in  # noqa: F401 (fixture)
from tests.browser.test_quick_log_offline import fill, quick_log_on_phone, worker  # noqa: F401 (fixture)

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def end_sessions(page) -> None:
    """End every session, once the page's own requests are done. On SQLite the live server shares
    the test's one connection, so a request still being answered (the service worker's fetch, say)
    can hold the sessions table for a moment on a busy machine: wait for it rather than fail."""
    page.wait_for_load_state("networkidle")
    for attempt in range(50):
        try:
            Session.objects.all().delete()
            return
        except OperationalError:
            if attempt == 49:
                raise
            time.sleep(0.1)


def test_contacts_kept_offline_wait_for_a_new_sign_in(live_server, worker, browser):  # noqa: F811
    base = live_server.url
    context, page = quick_log_on_phone(browser, base, worker)
    context.set_offline(True)
    fill(page, "35")
    page.locator("#offline-message").wait_for()
    end_sessions(page)  # the session ends while the phone has no signal

    context.set_offline(False)
    page.wait_for_function(
        "() => document.getElementById('offline-message').textContent.includes('Sign in again')"
    )
    assert Engagement.objects.count() == 0
    assert page.evaluate("JSON.parse(localStorage.getItem('coprod.pendingContacts')).length") == 1

    sign_in(page, base, worker.username)  # a new session, with a new CSRF token
    page.goto(f"{base}/log/new/")
    page.wait_for_function(
        "() => document.getElementById('offline-message').textContent.includes('have been sent')"
    )
    assert Engagement.objects.get().minutes == 35
    context.close()


def test_a_contact_sent_after_the_session_ended_is_sent_after_signing_in(
    live_server,
    worker,  # noqa: F811
    browser,  # noqa: F811
):
    base = live_server.url
    context, page = quick_log_on_phone(browser, base, worker)
    end_sessions(page)
    fill(page, "20")
    page.wait_for_url(f"{base}/accounts/login/**")
    assert Engagement.objects.count() == 0
    page.get_by_label("Username").fill(worker.username)
    page.get_by_label("Password").fill("a-long-test-password")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/log/new/")
    page.wait_for_function(
        "() => document.getElementById('offline-message').textContent.includes('have been sent')"
    )
    assert Engagement.objects.get().minutes == 20
    context.close()
