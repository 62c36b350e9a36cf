"""The quick log in a real browser at a phone's width: it opens with no signal after one visit, contacts
kept on the phone are sent once when the connection returns, a contact the server refuses stays on the
phone with the reason until it is fixed, every log ends on "Contact logged", and Back and submit again
logs once, with JavaScript on and off."""

import os

import pytest

from coprod.engagements.choices import ACTIVITY_TYPES
from coprod.engagements.models import ActivityType, Engagement
from tests.browser.test_pages_on_phone import PHONE, browser, sign_in  # noqa: F401 (fixture)
from tests.units.factories import PASSWORD  # noqa: F401

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

KEPT = "JSON.parse(localStorage.getItem('coprod.pendingContacts') || '[]')"


@pytest.fixture
def worker(world, transactional_db):
    # A transactional test starts from an emptied database: put back the seeded vocabulary.
    for position, (slug, name) in enumerate(ACTIVITY_TYPES, start=1):
        ActivityType.objects.get_or_create(slug=slug, defaults={"name": name, "position": position})
    return world["people"]["worker"]


def quick_log_on_phone(browser, base: str, worker):  # noqa: F811
    """A phone's browser, signed in as the worker, on the quick log."""
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    sign_in(page, base, worker.username)
    page.goto(f"{base}/log/new/")
    return context, page


def fill(page, minutes: str, *, present: str = "", new: str = "", submit: bool = True) -> None:
    page.get_by_label("What kind of contact").select_option(
        label=ActivityType.objects.get(slug="outreach").name
    )
    page.get_by_label("Capacity-building dimension").select_option("groups")
    page.get_by_label("Your time (minutes)").fill(minutes)
    if present or new:
        page.locator("details summary").click()
        page.get_by_label("People present").fill(present)
        page.get_by_label("People new to community activity").fill(new)
    if submit:
        page.get_by_role("button", name="Log contact").click()


def text_of(page, selector: str, expected: str) -> None:
    page.wait_for_function(
        "([s, e]) => (document.querySelector(s) || {textContent: ''}).textContent.includes(e)",
        arg=[selector, expected],
    )


def test_a_contact_logged_offline_is_kept_and_sent_once(live_server, worker, browser):  # noqa: F811
    base = live_server.url
    context, page = quick_log_on_phone(browser, base, worker)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    context.set_offline(True)
    fill(page, "25")
    text_of(page, "#offline-message", "kept on this phone")
    assert Engagement.objects.count() == 0

    context.set_offline(False)
    text_of(page, "#offline-message", "have been sent")
    assert Engagement.objects.count() == 1
    assert Engagement.objects.get().minutes == 25
    page.reload()  # nothing left on the phone: reloading sends nothing again
    page.wait_for_timeout(500)
    assert Engagement.objects.count() == 1
    context.close()


def test_the_quick_log_opens_with_no_signal_and_sends_two_contacts_once_each(
    live_server,
    worker,  # noqa: F811
    browser,  # noqa: F811
):
    base = live_server.url
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    sign_in(page, base, worker.username)
    page.goto(f"{base}/log/new/")  # the one visit with signal
    page.wait_for_function("async () => !!(await navigator.serviceWorker.ready).active")
    page.goto("about:blank")

    context.set_offline(True)
    page.goto(f"{base}/log/new/")  # no signal: the phone's copy opens
    assert page.get_by_role("heading", name="Log a contact").is_visible()
    fill(page, "15")
    text_of(page, "#offline-message", "kept on this phone")
    fill(page, "45")
    text_of(page, "#kept-count", "2 contacts kept on this phone")
    assert [item["key"] for item in page.evaluate(KEPT)][0] != page.evaluate(KEPT)[1]["key"]
    assert Engagement.objects.count() == 0

    context.set_offline(False)
    text_of(page, "#offline-message", "have been sent")
    assert sorted(Engagement.objects.values_list("minutes", flat=True)) == [15, 45]
    api = context.request.get(f"{base}/api/v1/engagements/")
    assert api.ok
    assert sorted(row["minutes"] for row in api.json()["results"]) == [15, 45]  # each exactly once
    assert page.evaluate(KEPT) == []
    context.close()


def test_a_refused_contact_stays_on_the_phone_with_the_reason_until_fixed(
    live_server,
    worker,  # noqa: F811
    browser,  # noqa: F811
):
    base = live_server.url
    context, page = quick_log_on_phone(browser, base, worker)
    context.set_offline(True)
    fill(page, "30", present="2", new="5")  # more new people than were there: the server refuses it
    text_of(page, "#offline-message", "kept on this phone")

    context.set_offline(False)
    text_of(page, "#offline-message", "refused")
    assert Engagement.objects.count() == 0
    kept = page.evaluate(KEPT)
    assert len(kept) == 1 and kept[0]["errors"], kept
    reason = page.locator("#kept-list").inner_text()
    assert "new" in reason.lower() and "refused" in reason
    page.reload()  # still there after a reload, and not sent again by itself
    text_of(page, "#kept-count", "1 contact kept on this phone (1 refused")
    assert Engagement.objects.count() == 0

    page.get_by_role("button", name="Fix and send").click()
    assert page.get_by_label("Your time (minutes)").input_value() == "30"
    assert page.locator(".coprod-kept-error").count() >= 1  # the reason beside the form
    page.get_by_label("People new to community activity").fill("1")
    page.get_by_role("button", name="Log contact").click()
    page.wait_for_url(f"{base}/log/*/logged/")
    assert page.get_by_role("heading", name="Contact logged").is_visible()
    logged = Engagement.objects.get()
    assert (logged.minutes, logged.people_present, logged.new_people) == (30, 2, 1)
    assert page.evaluate(KEPT) == []
    context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript-on", "javascript-off"])
def test_contact_logged_is_said_and_back_and_submit_again_logs_once(
    live_server,
    worker,  # noqa: F811
    browser,  # noqa: F811
    javascript,
):
    base = live_server.url
    context = browser.new_context(viewport=PHONE, java_script_enabled=javascript)
    page = context.new_page()
    sign_in(page, base, worker.username)
    page.goto(f"{base}/log/new/")
    page.get_by_label("What kind of contact").select_option(label="Listening meeting")
    page.get_by_label("Capacity-building dimension").select_option("isolated_people")
    page.get_by_label("Your time (minutes)").fill("0")
    page.get_by_role("button", name="Log contact").click()
    page.get_by_text("There is a problem").wait_for()
    assert page.get_by_label("Your time (minutes)").input_value() == "0"  # what was typed is kept
    page.get_by_label("Your time (minutes)").fill("40")
    page.get_by_role("button", name="Log contact").click()
    page.wait_for_url(f"{base}/log/*/logged/")
    assert page.get_by_role("heading", name="Contact logged").is_visible()
    assert "40 minutes" in page.locator("main").inner_text()
    assert page.get_by_role("link", name="Log another contact").is_visible()
    assert Engagement.objects.get().minutes == 40

    page.go_back()
    page.wait_for_url(f"{base}/log/new/")
    page.get_by_role("button", name="Log contact").click()
    page.wait_for_url(f"{base}/log/*/logged/?again=1")
    assert page.get_by_role("heading", name="Already logged").is_visible()
    assert Engagement.objects.count() == 1

    page.get_by_role("link", name="Log another contact").click()  # a new contact is a new one
    fill(page, "20")
    page.wait_for_url(f"{base}/log/*/logged/")
    assert sorted(Engagement.objects.values_list("minutes", flat=True)) == [20, 40]
    context.close()


def test_signing_out_clears_the_phones_copy_of_the_page_and_keeps_contacts_waiting(
    live_server,
    worker,  # noqa: F811
    browser,  # noqa: F811
):
    base = live_server.url
    context, page = quick_log_on_phone(browser, base, worker)
    page.wait_for_function("async () => !!(await navigator.serviceWorker.ready).active")
    copies = "async () => (await caches.keys()).filter((name) => name.startsWith('coprod-'))"
    page.wait_for_function(f"async () => (await ({copies})()).length === 1")
    waiting = [{"key": "k", "pairs": [["minutes", "5"]], "errors": [{"field": "", "text": "x"}]}]
    page.evaluate("items => localStorage.setItem('coprod.pendingContacts', JSON.stringify(items))", waiting)

    page.get_by_role("button", name="Menu").click()
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(f"{base}/accounts/login/?signed-out=1")
    page.wait_for_function(f"async () => (await ({copies})()).length === 0")
    assert page.evaluate(KEPT) == waiting  # a contact not yet sent is never dropped
    context.close()


def test_a_contact_whose_answer_is_not_a_refusal_stays_on_the_phone(live_server, worker, browser):  # noqa: F811
    base = live_server.url
    context, page = quick_log_on_phone(browser, base, worker)

    def unavailable(route):  # a gateway that turns the contact away for a moment (not coprod's refusal)
        if route.request.method == "POST":
            route.fulfill(status=403, content_type="text/html", body="<h1>Forbidden</h1>")
        else:
            route.continue_()

    page.route("**/log/new/", unavailable)
    fill(page, "55")
    text_of(page, "#offline-message", "kept on this phone")  # not replaced by the proxy's page
    assert Engagement.objects.count() == 0
    assert len(page.evaluate(KEPT)) == 1
    assert page.get_by_label("Your time (minutes)").is_visible()
    page.unroute("**/log/new/")
    text_of(page, "#offline-message", "have been sent")  # sent again by itself, a few seconds later
    assert Engagement.objects.get().minutes == 55
    assert page.evaluate(KEPT) == []
    context.close()
