"""The quick log in a real browser at a phone's width: offline contacts wait on the phone and are sent
once when the connection returns."""

import os

import pytest

from coprod.engagements.choices import ACTIVITY_TYPES
from coprod.engagements.models import ActivityType, Engagement
from tests.browser.test_pages_on_phone import PHONE, browser, sign_in  # noqa: F401 (fixture)
from tests.units.factories import PASSWORD  # noqa: F401

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def worker(world, transactional_db):
    # A transactional test starts from an emptied database: put back the seeded vocabulary.
    for position, (slug, name) in enumerate(ACTIVITY_TYPES, start=1):
        ActivityType.objects.get_or_create(slug=slug, defaults={"name": name, "position": position})
    return world["people"]["worker"]


def test_a_contact_logged_offline_is_kept_and_sent_once(live_server, worker, browser):  # noqa: F811
    base = live_server.url
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    sign_in(page, base, worker.username)
    page.goto(f"{base}/log/new/")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    context.set_offline(True)
    page.get_by_label("What kind of contact").select_option(
        label=ActivityType.objects.get(slug="outreach").name
    )
    page.get_by_label("Capacity-building dimension").select_option("groups")
    page.get_by_label("Your time (minutes)").fill("25")
    page.get_by_role("button", name="Log contact").click()
    banner = page.locator("#offline-message")
    banner.wait_for()
    assert "kept on this phone" in banner.inner_text()
    assert Engagement.objects.count() == 0

    context.set_offline(False)
    page.wait_for_function(
        "() => document.getElementById('offline-message').textContent.includes('have been sent')"
    )
    assert Engagement.objects.count() == 1
    assert Engagement.objects.get().minutes == 25
    page.reload()  # nothing left on the phone: reloading sends nothing again
    page.wait_for_timeout(500)
    assert Engagement.objects.count() == 1
    context.close()


def test_online_submit_logs_and_shows_the_log(live_server, worker, browser):  # noqa: F811
    base = live_server.url
    page = browser.new_page(viewport=PHONE)
    sign_in(page, base, worker.username)
    page.goto(f"{base}/log/new/")
    page.get_by_label("What kind of contact").select_option(label="Listening meeting")
    page.get_by_label("Capacity-building dimension").select_option("isolated_people")
    page.get_by_label("Your time (minutes)").fill("0")
    page.get_by_role("button", name="Log contact").click()
    page.get_by_text("There is a problem").wait_for()
    assert page.get_by_label("Your time (minutes)").input_value() == "0"
    page.get_by_label("Your time (minutes)").fill("40")
    page.get_by_role("button", name="Log contact").click()
    page.wait_for_url(f"{base}/log/")
    assert Engagement.objects.get().minutes == 40
    page.close()
