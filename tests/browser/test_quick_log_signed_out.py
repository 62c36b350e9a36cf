"""The quick log when the session has ended (after 30 minutes without use): nothing typed is lost."""

import os

from django.contrib.sessions.models import Session

from coprod.engagements.models import ActivityType, Engagement
from tests.browser.test_pages_on_phone import PHONE, browser, sign_in  # noqa: F401 (fixture)
from tests.browser.test_quick_log_offline import worker  # noqa: F401 (fixture)

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def fill_contact(page, minutes: str) -> None:
    page.get_by_label("What kind of contact").select_option(
        label=ActivityType.objects.get(slug="outreach").name
    )
    page.get_by_label("Capacity-building dimension").select_option("groups")
    page.get_by_label("Your time (minutes)").fill(minutes)
    page.get_by_role("button", name="Log contact").click()


def test_contacts_kept_offline_wait_for_a_new_sign_in(live_server, worker, browser):  # noqa: F811
    base = live_server.url
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    sign_in(page, base, worker.username)
    page.goto(f"{base}/log/new/")
    context.set_offline(True)
    fill_contact(page, "35")
    page.locator("#offline-message").wait_for()
    Session.objects.all().delete()  # the session ends while the phone has no signal

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
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    sign_in(page, base, worker.username)
    page.goto(f"{base}/log/new/")
    Session.objects.all().delete()
    fill_contact(page, "20")
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
