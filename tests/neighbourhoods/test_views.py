"""The HTML pages: sign-in, scoping by URL, figures on the page, forms that keep what was typed."""

from django.urls import reverse

from coprod.neighbourhoods.models import Neighbourhood
from coprod.places.models import Ward
from coprod.units.choices import Role
from tests.units.factories import PASSWORD, UserFactory


def test_login_page_is_served_and_pages_need_login(client, db):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert b"Sign in to coprod" in response.content
    response = client.get(reverse("neighbourhood-list"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_worker_signs_in_and_sees_only_their_teams_neighbourhoods(client, world):
    worker = world["people"]["worker"]
    response = client.post(reverse("login"), {"username": worker.username, "password": PASSWORD})
    assert response.status_code == 302
    page = client.get(reverse("neighbourhood-list")).content.decode()
    assert world["hoods"]["a1"].name in page
    assert world["hoods"]["a2"].name not in page
    assert world["hoods"]["b1"].name not in page
    home = client.get(reverse("home")).content.decode()
    assert world["hoods"]["a1"].name in home and world["hoods"]["b1"].name not in home


def test_other_teams_neighbourhood_is_404_by_url(client, world):
    client.force_login(world["people"]["worker"])
    own = client.get(reverse("neighbourhood-detail", args=[world["hoods"]["a1"].slug]))
    assert own.status_code == 200
    for key in ("a2", "b1"):
        slug = world["hoods"][key].slug
        assert client.get(reverse("neighbourhood-detail", args=[slug])).status_code == 404
        assert client.get(reverse("neighbourhood-edit", args=[slug])).status_code == 404
        assert (
            client.post(reverse("baseline-take", args=[slug]), {"taken_on": "2026-01-01"}).status_code == 404
        )


def test_no_membership_sees_no_neighbourhoods(client, world):
    client.force_login(UserFactory())
    # Pages other than the home page refuse someone with no current role, as the API does.
    page = client.get(reverse("neighbourhood-list"))
    assert page.status_code == 403 and world["hoods"]["a1"].name not in page.content.decode()
    assert client.get(reverse("neighbourhood-detail", args=[world["hoods"]["a1"].slug])).status_code == 403
    assert "no current role" in client.get(reverse("home")).content.decode()


def test_manager_sees_the_whole_unit_and_filters_by_team(client, world):
    client.force_login(world["people"]["manager"])
    page = client.get(reverse("neighbourhood-list")).content.decode()
    assert world["hoods"]["a1"].name in page and world["hoods"]["a2"].name in page
    assert world["hoods"]["b1"].name not in page
    filtered = client.get(reverse("neighbourhood-list"), {"team": world["teams"]["a2"].slug}).content.decode()
    assert world["hoods"]["a2"].name in filtered and world["hoods"]["a1"].name not in filtered


def test_authority_page_shows_stoke_figures(client, stoke):
    client.force_login(stoke["worker"])
    page = client.get(reverse("authority-detail", args=["E06000021"])).content.decode()
    assert "Stoke-on-Trent" in page
    assert ">159<" in page
    assert "51 (32.1%)" in page
    region = client.get(reverse("region-detail", args=["E12000005"])).content.decode()
    assert "West Midlands" in region and "Stoke-on-Trent" in region


def test_share_filter_uses_the_decile_1_share(client, stoke):
    from coprod.neighbourhoods.services import neighbourhood_create

    lead = stoke["lead"]
    high = neighbourhood_create(
        actor=lead,
        team=stoke["team"],
        name="Bentilee",
        wards=[Ward.objects.get(name="Bentilee and Ubberley")],
    )
    low = neighbourhood_create(
        actor=lead,
        team=stoke["team"],
        name="Trentham",
        wards=[Ward.objects.get(name="Hanford and Trentham")],
    )
    client.force_login(stoke["worker"])
    page = client.get(reverse("neighbourhood-list"), {"decile_1_share_min": "50"}).content.decode()
    assert high.name in page and low.name not in page
    page = client.get(reverse("neighbourhood-list"), {"authority": "E06000021"}).content.decode()
    assert high.name in page and low.name in page
    detail = client.get(reverse("neighbourhood-detail", args=[high.slug])).content.decode()
    assert "6 (85.7%)" in detail  # 6 of Bentilee and Ubberley's 7 LSOAs are in decile 1


def test_lead_creates_a_neighbourhood_and_a_bad_form_keeps_what_was_typed(client, stoke):
    client.force_login(stoke["lead"])
    ward = Ward.objects.get(name="Bentilee and Ubberley")
    bad = client.post(
        reverse("neighbourhood-create"),
        {
            "team": stoke["team"].pk,
            "name": "Bentilee <estate>",
            "lsoa_codes": "E01014226 E0XXXX",
            "settlement": "urban",
            "description": "Typed description",
        },
    )
    assert bad.status_code == 400
    body = bad.content.decode()
    assert "Unknown LSOA codes: E0XXXX" in body
    assert "Bentilee &lt;estate&gt;" in body and "Typed description" in body
    assert not Neighbourhood.objects.exists()

    good = client.post(
        reverse("neighbourhood-create"),
        {"team": stoke["team"].pk, "name": "Bentilee", "wards": [ward.pk], "settlement": "urban"},
    )
    assert good.status_code == 302
    hood = Neighbourhood.objects.get(name="Bentilee")
    assert hood.lsoas.count() == 7


def test_worker_cannot_open_the_create_form(client, stoke):
    client.force_login(stoke["worker"])
    assert client.get(reverse("neighbourhood-create")).status_code == 403


def test_baseline_take_and_sign_off_from_the_page(client, stoke):
    from coprod.neighbourhoods.services import neighbourhood_create

    hood = neighbourhood_create(
        actor=stoke["lead"],
        team=stoke["team"],
        name="Bentilee",
        wards=[Ward.objects.get(name="Bentilee and Ubberley")],
    )
    client.force_login(stoke["lead"])
    client.post(reverse("baseline-take", args=[hood.slug]), {"taken_on": "2026-04-01"})
    baseline = hood.baselines.get()
    assert baseline.status == "draft"
    client.post(reverse("baseline-sign-off", args=[baseline.pk]))
    baseline.refresh_from_db()
    assert baseline.status == "signed_off" and baseline.signed_off_by == stoke["lead"]

    client.force_login(stoke["worker"])
    client.post(reverse("baseline-take", args=[hood.slug]), {"taken_on": "2026-05-01"})
    assert hood.baselines.count() == 1


def test_admin_is_for_administrators_only(client, world):
    client.force_login(world["people"]["manager"])
    assert client.get("/admin/").status_code == 302
    client.force_login(world["people"]["admin"])
    response = client.get("/admin/")
    assert response.status_code == 200
    assert client.get("/admin/units/membership/").status_code == 200


def test_administrator_signs_in_at_the_admin_without_a_staff_flag(client, world):
    admin = world["people"]["admin"]
    assert not admin.is_staff
    response = client.post("/admin/login/?next=/admin/", {"username": admin.username, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_unit_administrator_gets_no_admin(client, world):
    from tests.units.factories import MembershipFactory

    unit_admin = MembershipFactory(role=Role.ADMINISTRATOR, team=None, unit=world["units"]["b"]).user
    client.force_login(unit_admin)
    assert client.get("/admin/").status_code == 302
    assert client.get("/admin/units/membership/").status_code == 302


def test_administrator_cannot_change_their_own_roles_or_become_superuser(client, world):
    from coprod.units.models import Membership

    admin = world["people"]["admin"]
    client.force_login(admin)
    own = Membership.objects.get(user=admin)
    assert client.get(f"/admin/units/membership/{own.pk}/change/").status_code in (200, 403)
    response = client.post(
        f"/admin/units/membership/{own.pk}/change/",
        {"user": admin.pk, "role": "administrator", "start_date": "2020-01-01"},
    )
    assert response.status_code == 403
    response = client.post(
        "/admin/units/membership/add/",
        {
            "user": admin.pk,
            "role": "unit_manager",
            "unit": world["units"]["a"].pk,
            "start_date": "2020-01-01",
        },
    )
    assert response.status_code == 200 and "Nobody gives themselves a role" in response.content.decode()
    assert Membership.objects.filter(user=admin).count() == 1
    client.post(
        f"/admin/auth/user/{admin.pk}/change/",
        {"username": admin.username, "is_superuser": "on", "is_staff": "on", "is_active": "on",
         "date_joined_0": "2026-01-01", "date_joined_1": "00:00:00"},
    )  # fmt: skip
    admin.refresh_from_db()
    assert not admin.is_superuser and not admin.is_staff
