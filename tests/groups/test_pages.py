"""Directory pages: forms keep what was typed, duplicates merge, imports check first, venues."""

import io

from coprod.groups.models import CommunityGroup, PossibleDuplicate, Venue
from coprod.groups.services import group_create


def test_create_form_keeps_input_on_error_and_saves(client, world):
    client.force_login(world["people"]["worker"])
    team = world["teams"]["a1"]
    assert client.get("/groups/new/").status_code == 200
    bad = client.post(
        "/groups/new/",
        {
            "team": team.pk,
            "name": "Bentilee Knit and Natter",
            "legal_form": "informal_group",
            "income_band": "micro",
            "charity_number": "12AB",
            "spatial_focus": "neighbourhood",
            "statutory_relationship": "unknown",
            "premises": "none",
            "status": "active",
            "support_intensity": "none",
            "notes": "Meets on Tuesdays",
        },
    )
    assert bad.status_code == 400
    body = bad.content.decode()
    assert "There is a problem" in body and "charity number" in body.lower()
    assert 'value="Bentilee Knit and Natter"' in body and "Meets on Tuesdays" in body
    good = client.post(
        "/groups/new/",
        {
            "team": team.pk,
            "name": "Bentilee Knit and Natter",
            "legal_form": "informal_group",
            "income_band": "micro",
            "spatial_focus": "neighbourhood",
            "statutory_relationship": "unknown",
            "premises": "none",
            "status": "active",
            "support_intensity": "none",
            "neighbourhoods": [world["hoods"]["a1"].pk],
            "base_lsoa_code": "",
        },
    )
    assert good.status_code == 302
    group = CommunityGroup.objects.get(name="Bentilee Knit and Natter")
    assert list(group.neighbourhoods.all()) == [world["hoods"]["a1"]]


def test_managers_cannot_add_groups(client, world):
    client.force_login(world["people"]["manager"])
    assert client.get("/groups/new/").status_code == 403
    assert client.get("/groups/").status_code == 200


def test_merge_from_the_review_page(client, world):
    worker, team = world["people"]["worker"], world["teams"]["a1"]
    keep = group_create(actor=worker, team=team, name="St Mary's Tenants' Association")
    drop = group_create(actor=worker, team=team, name="St Marys Tenants Association")
    flag = PossibleDuplicate.objects.get()
    client.force_login(worker)
    assert "St Marys Tenants Association" in client.get("/groups/duplicates/").content.decode()
    response = client.post(f"/groups/duplicates/{flag.pk}/", {"action": "keep_other"})
    assert response.status_code == 302 and response.url == f"/groups/{keep.pk}/"
    assert not CommunityGroup.objects.filter(pk=drop.pk).exists()
    assert CommunityGroup.objects.get(pk=keep.pk).merges.get().merged_name == "St Marys Tenants Association"


def test_import_page_checks_first_then_imports(client, world, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(world["people"]["worker"])
    assert client.get("/groups/import/").status_code == 403
    client.force_login(world["people"]["lead"])
    team = world["teams"]["a1"]
    upload = io.BytesIO(b"name,income_band\nOne,micro\nTwo,enormous\n")
    upload.name = "groups.csv"
    response = client.post("/groups/import/", {"team": team.pk, "file": upload})
    body = response.content.decode()
    assert response.status_code == 200
    assert "created 1, updated 0, unchanged 0, rejected 1" in body and "enormous" in body
    assert not CommunityGroup.objects.exists()
    token = response.context["token"]
    report = client.get(f"/groups/import/{token}/report.csv?team={team.pk}")
    lines = report.content.decode().splitlines()
    assert len(lines) == 2 and lines[0] == "line,column,value,reason"
    assert lines[1].startswith('3,income_band,enormous,"not one of: micro')
    done = client.post(f"/groups/import/{token}/", {"team": team.pk})
    assert done.status_code == 200 and list(CommunityGroup.objects.values_list("name", flat=True)) == ["One"]
    assert client.post(f"/groups/import/{token}/", {"team": team.pk}).status_code == 404


def test_import_page_refuses_a_file_with_wrong_headers(client, world, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(world["people"]["lead"])
    upload = io.BytesIO(b"group\nOne\n")
    upload.name = "groups.csv"
    response = client.post("/groups/import/", {"team": world["teams"]["a1"].pk, "file": upload})
    assert response.status_code == 400 and "missing required headers: name" in response.content.decode()


def test_another_users_upload_cannot_be_used(client, world, tmp_path, settings):
    from coprod.units.choices import Role
    from tests.units.factories import member

    settings.MEDIA_ROOT = tmp_path
    client.force_login(world["people"]["lead"])
    upload = io.BytesIO(b"name\nOne\n")
    upload.name = "groups.csv"
    token = client.post("/groups/import/", {"team": world["teams"]["a1"].pk, "file": upload}).context["token"]
    client.force_login(member(Role.TEAM_LEAD, team=world["teams"]["a1"]))
    assert client.post(f"/groups/import/{token}/", {"team": world["teams"]["a1"].pk}).status_code == 404
    assert (
        client.get(f"/groups/import/not-a-token/report.csv?team={world['teams']['a1'].pk}").status_code == 404
    )


def test_venue_form(client, world):
    worker, team = world["people"]["worker"], world["teams"]["a1"]
    group = group_create(actor=worker, team=team, name="Users")
    client.force_login(worker)
    response = client.post(
        "/venues/new/",
        {"team": team.pk, "name": "Bentilee Centre", "kind": "community_centre", "status": "at_risk",
         "groups": [group.pk], "postcode": "st2 0ab"},
    )  # fmt: skip
    assert response.status_code == 302
    venue = Venue.objects.get()
    assert (venue.postcode, list(venue.groups.all())) == ("ST2 0AB", [group])
    assert "Bentilee Centre" in client.get(f"/groups/{group.pk}/").content.decode()
