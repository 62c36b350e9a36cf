"""The quick log's pages without a browser: the confirmation a log ends on, the deletion that asks
first, choices that read "Choose one" and numbers that start empty, and the service worker."""

import datetime
import re

import pytest

from coprod.engagements.models import ActivityType, Engagement
from coprod.engagements.services import engagement_log

TODAY = datetime.date.today()


@pytest.fixture
def contact(world):
    return {
        "team": world["teams"]["a1"].pk,
        "date": TODAY.isoformat(),
        "activity_type": ActivityType.objects.get(slug="outreach").pk,
        "dimension": "groups",
        "minutes": 35,
        "people_present": 4,
        "new_people": 1,
        "idempotency_key": "6a3f1a4e-6c53-4a59-9b7e-3c0a4b8f2d11",
    }


def test_a_log_ends_on_contact_logged_with_what_was_logged(client, world, contact):
    client.force_login(world["people"]["worker"])
    response = client.post("/log/new/", contact, follow=True)
    engagement = Engagement.objects.get()
    assert response.redirect_chain == [(f"/log/{engagement.pk}/logged/", 302)]
    page = response.content.decode()
    assert '<h1 class="govuk-panel__title">Contact logged</h1>' in page
    assert "35 minutes" in page and "4 (1 new to community activity)" in page
    assert world["teams"]["a1"].name in page
    assert 'href="/log/new/">Log another contact</a>' in page

    again = client.post("/log/new/", contact, follow=True)  # the same key: not logged twice
    assert again.redirect_chain == [(f"/log/{engagement.pk}/logged/?again=1", 302)]
    assert "Already logged" in again.content.decode()
    assert Engagement.objects.count() == 1


def test_the_confirmation_is_for_the_team_that_logged_it(client, world, contact):
    client.force_login(world["people"]["worker"])
    client.post("/log/new/", contact)
    engagement = Engagement.objects.get()
    client.force_login(world["people"]["manager"])
    assert client.get(f"/log/{engagement.pk}/logged/").status_code == 403
    client.force_login(world["people"]["worker_b"])  # another unit's worker is not told it exists
    assert client.get(f"/log/{engagement.pk}/logged/").status_code == 404


def test_deleting_a_contact_asks_first_on_its_own_page(client, world):
    worker = world["people"]["worker"]
    engagement, _ = engagement_log(
        worker=worker,
        team=world["teams"]["a1"],
        activity_type=ActivityType.objects.get(slug="outreach"),
        dimension="groups",
        minutes=50,
        date=TODAY,
    )
    client.force_login(worker)
    edit = client.get(f"/log/{engagement.pk}/edit/").content.decode()
    assert f'href="/log/{engagement.pk}/delete/">Delete this contact</a>' in edit
    assert f'action="/log/{engagement.pk}/delete/"' not in edit  # no one-tap deletion on the form
    question = client.get(f"/log/{engagement.pk}/delete/")
    assert question.status_code == 200
    assert "Delete this contact?" in question.content.decode()
    assert "50 minutes" in question.content.decode()
    assert Engagement.objects.filter(pk=engagement.pk).exists()  # asking deletes nothing
    done = client.post(f"/log/{engagement.pk}/delete/", follow=True)
    assert done.redirect_chain == [("/log/", 302)]
    assert not Engagement.objects.filter(pk=engagement.pk).exists()


def test_choices_read_choose_one_and_numbers_start_empty(client, world):
    client.force_login(world["people"]["worker"])
    page = client.get("/log/new/").content.decode()
    assert "---------" not in page
    for name in ("neighbourhood", "activity_type", "dimension"):
        select = re.search(rf'<select name="{name}"[^>]*>\s*<option value=""[^>]*>([^<]*)</option>', page)
        assert select and select.group(1) == "Choose one", name
    for name in ("minutes", "people_present", "new_people"):
        tag = re.search(rf'<input type="number" name="{name}"[^>]*>', page).group(0)
        assert "value=" not in tag, tag


def test_the_service_worker_keeps_the_quick_log_and_its_files_and_no_data(client, world):
    response = client.get("/sw.js")  # signed out: it holds no data, and the phone asks for it any time
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert "no-cache" in response["Cache-Control"]
    script = response.content.decode()
    assert 'var PAGE = "/log/new/";' in script
    for asset in ("govuk-frontend.min.css", "coprod.css", "quicklog.js", "init.js", "js-enabled.js"):
        assert asset in script
    assert re.search(r'var CACHE = "coprod-quicklog-[0-9a-f]{12}";', script)
    client.force_login(world["people"]["worker"])
    assert client.get("/sw.js").content.decode() == script  # the same for everyone
    quick_log = client.get("/log/new/").content.decode()
    assert 'data-service-worker="/sw.js"' in quick_log


def test_a_follow_up_is_added_by_a_team_member_and_refused_to_others(client, world):
    client.force_login(world["people"]["worker"])
    due = (TODAY + datetime.timedelta(days=3)).isoformat()
    added = client.post("/follow-ups/", {"what": "Ring the hall", "due": due}, follow=True)
    assert added.redirect_chain == [("/follow-ups/", 302)]
    assert "Ring the hall" in added.content.decode()
    client.force_login(world["people"]["manager"])  # no team of their own: a clear refusal, not a 500
    refused = client.post("/follow-ups/", {"what": "Not mine", "due": due})
    assert refused.status_code == 403
    assert client.get("/follow-ups/").status_code == 200
