"""The referral counts import: the import rules of the others (every rejected row reported with its line,
column and reason, nothing valid lost, a second run changes nothing), the form's rules in the form's
words, and never a referred person: a column for one refuses the file, an NHS number its row."""

import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from coprod.core.csvimport import ImportFileError
from coprod.core.periods import Quarter
from coprod.publicservices import rules
from coprod.publicservices.imports import referrals_import
from coprod.publicservices.models import Offer, ReferralCount
from coprod.publicservices.selectors import offers_for_user, referral_figures
from coprod.publicservices.services import offer_save
from tests.groups.factories import GroupFactory

pytestmark = pytest.mark.django_db

Q = Quarter.parse("2026-27-Q2")  # July to September 2026


@pytest.fixture
def offers(world):
    lead, team = world["people"]["lead"], world["teams"]["a1"]
    club = GroupFactory(team=team, name="Bentilee Lunch Club")
    walkers = GroupFactory(team=team, name="Meir Walkers")
    return {
        "lunch": offer_save(actor=lead, group=club, name="Tuesday lunch", places_week=20),
        "walk": offer_save(actor=lead, group=walkers, name="Park walk", places_week=15),
        "walk_club": offer_save(actor=lead, group=club, name="Park walk", places_week=10),
        "other_team": Offer.objects.create(  # another team's: set up directly
            group=GroupFactory(team=world["teams"]["a2"], name="Far Group"), name="Far offer", places_week=5
        ),
    }


def run(world, text, *, dry_run=False, who="lead"):
    return referrals_import(
        actor=world["people"][who], team=world["teams"]["a1"], source=io.StringIO(text), dry_run=dry_run
    )


GOOD = (
    "offer,group,source,period start,period end,received,accepted,declined full,declined other\n"
    "Tuesday lunch,,social_prescribing,2026-07-01,2026-09-30,18,12,6,0\n"
    "Tuesday lunch,,GP practice,01/07/2026,30/09/2026,12,9,3,\n"
    "Park walk,Meir Walkers,self,2026-07-01,2026-09-30,4,4,,\n"
)


def test_a_good_file_gives_the_worked_example_and_a_second_run_changes_nothing(world, offers):
    first = run(world, GOOD)
    assert (first.created, first.updated, first.unchanged, first.rejected) == (3, 0, 0, 0)
    figures = referral_figures(offers_for_user(world["people"]["manager"]), start=Q.start, end=Q.end)
    assert (figures.received, figures.declined_full, str(figures.declined_full_percent)) == (34, 9, "26.4")
    lunch = referral_figures(
        offers_for_user(world["people"]["manager"]).filter(pk=offers["lunch"].pk), start=Q.start, end=Q.end
    )
    assert (lunch.received, lunch.declined_full, str(lunch.declined_full_percent)) == (30, 9, "30.0")
    assert ReferralCount.objects.get(offer=offers["walk"]).received == 4  # the group told the two apart
    stored = sorted(ReferralCount.objects.values_list("pk", "received", "accepted", "updated_at"))
    second = run(world, GOOD)
    assert (second.created, second.updated, second.unchanged, second.rejected) == (0, 0, 3, 0)
    assert sorted(ReferralCount.objects.values_list("pk", "received", "accepted", "updated_at")) == stored


def test_a_corrected_row_updates_its_count(world, offers):
    run(world, GOOD)
    corrected = GOOD.replace(
        "Tuesday lunch,,social_prescribing,2026-07-01,2026-09-30,18,12,6,0",
        "Tuesday lunch,,social_prescribing,2026-07-01,2026-09-30,19,12,7,0",
    )
    summary = run(world, corrected)
    assert (summary.created, summary.updated, summary.unchanged) == (0, 1, 2)
    count = ReferralCount.objects.get(offer=offers["lunch"], source="social_prescribing")
    assert (count.received, count.declined_full) == (19, 7)


def test_every_bad_row_is_reported_where_it_is_and_every_good_one_kept(world, offers):
    text = (
        "offer,source,period start,period end,received,accepted,declined full,declined other\n"
        "Tuesday lunch,social_prescribing,2026-07-01,2026-09-30,18,12,6,0\n"  # 2: good
        "Soup kitchen,self,2026-07-01,2026-09-30,3,,,\n"  # 3: no such offer
        "Far offer,self,2026-07-01,2026-09-30,3,,,\n"  # 4: another team's
        "Tuesday lunch,the vicar,2026-07-01,2026-09-30,3,,,\n"  # 5: not a source
        "Tuesday lunch,self,2026-07-01,2026-10-31,3,,,\n"  # 6: two quarters
        "Tuesday lunch,police,2026-07-01,2026-09-30,3,2,2,\n"  # 7: more out than in
        "Tuesday lunch,council,next week,2026-09-30,3,,,\n"  # 8: not a date
        "Tuesday lunch,housing,2026-07-01,2026-09-30,lots,,,\n"  # 9: not a number
        "Tuesday lunch,social_prescribing,2026-07-01,2026-09-30,18,12,6,0\n"  # 10: line 2 again
        "Park walk,self,2026-07-01,2026-09-30,4,,,\n"  # 11: two offers of that name
        f"{offers['walk'].pk},self,2026-07-01,2026-09-30,4,,,\n"  # 12: good, by id
        'Tuesday lunch,"self\n'  # 13: a runaway quote
    )
    summary = run(world, text)
    assert (summary.created, summary.rejected) == (2, 10)
    found = {(e.line, e.column, e.value): e.reason for e in summary.errors}
    assert found[(3, "offer", "Soup kitchen")].startswith("not one of the team's offers")
    assert found[(4, "offer", "Far offer")].startswith("not one of the team's offers")
    assert found[(5, "source", "the vicar")].startswith(
        "not a referral source: give one of social_prescribing"
    )
    assert found[(6, "period end", "2026-10-31")] == rules.ONE_QUARTER
    assert found[(7, "received", "3")] == rules.COUNTS
    assert found[(8, "period start", "next week")] == "a date is written 2026-03-31 or 31/03/2026"
    assert found[(9, "received", "lots")] == "not a whole number"
    assert found[(10, "offer", "Tuesday lunch")] == "the same offer, source and period is on line 2"
    assert found[(11, "offer", "Park walk")].startswith("more than one of the team's offers has this name")
    assert any(line == 13 and column == "(whole row)" for line, column, _ in found)
    assert ReferralCount.objects.filter(offer=offers["walk"], source="self").exists()


@pytest.mark.parametrize(
    "header", ["Patient name", "NHS number", "nhs_no", "Date of birth", "Postcode", "Name", "Person referred"]
)
def test_a_column_for_a_person_refuses_the_file(world, offers, header):
    text = f"offer,source,period start,period end,received,{header}\n"
    text += "Tuesday lunch,self,2026-07-01,2026-09-30,1,x\n"
    with pytest.raises(ImportFileError) as refused:
        run(world, text)
    assert repr(header) in str(refused.value) and "referral counts hold numbers only" in str(refused.value)
    assert not ReferralCount.objects.exists()


def test_an_nhs_number_anywhere_refuses_its_row_and_is_never_repeated(world, offers):
    text = (
        "offer,source,period start,period end,received,reference\n"
        "Tuesday lunch,self,2026-07-01,2026-09-30,1,943 476 5919\n"
        "Tuesday lunch,council,2026-07-01,2026-09-30,2,batch 7\n"
    )
    summary = run(world, text)
    assert (summary.created, summary.rejected) == (1, 1)
    (error,) = summary.errors
    assert (error.line, error.column, error.value, error.reason) == (2, "reference", "", rules.NHS_VALUE)
    assert "943" not in str(summary.errors) + str(summary.warnings)
    assert summary.warnings == ["columns not imported: 'reference'"]


def test_only_the_lead_imports_and_a_dry_run_writes_nothing(world, offers):
    with pytest.raises(PermissionDenied):
        run(world, GOOD, who="worker")
    summary = run(world, GOOD, dry_run=True)
    assert summary.created == 3 and not ReferralCount.objects.exists()


def test_the_pages_check_then_import_and_refuse_a_worker(client, world, offers):
    client.force_login(world["people"]["worker"])
    assert client.get("/offers/referrals/import/").status_code == 403
    client.force_login(world["people"]["lead"])
    page = client.get("/offers/referrals/import/").content.decode()
    assert "social_prescribing" in page and "declined full" in page
    upload = SimpleUploadedFile("referrals.csv", GOOD.encode())
    checked = client.post("/offers/referrals/import/", {"team": world["teams"]["a1"].pk, "file": upload})
    assert checked.status_code == 200 and not ReferralCount.objects.exists()
    token = checked.context["token"]
    done = client.post(f"/offers/referrals/import/{token}/", {"team": world["teams"]["a1"].pk})
    assert done.status_code == 200 and ReferralCount.objects.count() == 3
    refused = SimpleUploadedFile("r.csv", b"offer,source,period start,period end,received,NHS number\n")
    page = client.post("/offers/referrals/import/", {"team": world["teams"]["a1"].pk, "file": refused})
    assert page.status_code == 400 and "referral counts hold numbers only" in page.content.decode()


def test_the_command(world, offers, tmp_path):
    path = tmp_path / "referrals.csv"
    path.write_text(GOOD)
    out = io.StringIO()
    call_command(
        "import_referrals",
        str(path),
        team=world["teams"]["a1"].slug,
        user=world["people"]["lead"].username,
        stdout=out,
    )
    assert "created 3" in out.getvalue() and ReferralCount.objects.count() == 3
