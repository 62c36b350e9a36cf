"""The main pages in a real browser (Debian's Chromium, driven by Playwright) at a phone's width.

A worker signs in with the form, sees their team's neighbourhoods and not another team's; a team lead
opens the create form. Every page must fit a 375-pixel screen without sideways scrolling.
"""

import os
import shutil

import pytest
from playwright.sync_api import sync_playwright

from coprod.neighbourhoods.services import neighbourhood_create
from coprod.places.models import LocalAuthority, Ward
from coprod.units.choices import Role
from coprod.units.services import team_create, unit_create
from tests.units.factories import PASSWORD, member

# Playwright's sync API runs an event loop in this thread; the ORM calls here are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
PHONE = {"width": 375, "height": 740}


@pytest.fixture
def browser():
    assert os.path.exists(CHROMIUM), "Chromium is missing: make test installs Debian's chromium package"
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def site(demo_places, transactional_db):
    stoke = LocalAuthority.objects.get(code="E06000021")
    redcar = LocalAuthority.objects.get(code="E06000003")
    teams = {}
    for authority in (stoke, redcar):
        unit = unit_create(region=authority.region, name=f"{authority.region.name} unit")
        teams[authority.code] = team_create(
            unit=unit, name=f"{authority.name} CCB", authorities=[authority], host_authority=authority
        )
    lead = member(Role.TEAM_LEAD, team=teams[stoke.code])
    other_lead = member(Role.TEAM_LEAD, team=teams[redcar.code])
    ours = neighbourhood_create(
        actor=lead,
        team=teams[stoke.code],
        name="Bentilee",
        wards=[Ward.objects.get(name="Bentilee and Ubberley")],
    )
    theirs = neighbourhood_create(
        actor=other_lead,
        team=teams[redcar.code],
        name="Grangetown",
        wards=[Ward.objects.get(name="Grangetown")],
    )
    return {
        "worker": member(Role.WORKER, team=teams[stoke.code]),
        "lead": lead,
        "ours": ours,
        "theirs": theirs,
    }


def sign_in(page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/")


def fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_worker_journey_fits_a_phone(live_server, site, browser):
    base = live_server.url
    page = browser.new_page(viewport=PHONE)
    page.goto(f"{base}/accounts/login/")
    assert fits_the_screen(page)
    sign_in(page, base, site["worker"].username)
    assert page.get_by_role("link", name="Bentilee").count() >= 1
    assert "Grangetown" not in page.content()

    for path in (
        "/",
        "/neighbourhoods/",
        f"/neighbourhoods/{site['ours'].slug}/",
        "/authorities/E06000021/",
        "/regions/E12000005/",
        "/regions/",
        "/groups/",
        "/groups/figures/",
        "/venues/",
    ):
        response = page.goto(f"{base}{path}")
        assert response.status == 200, path
        assert fits_the_screen(page), f"{path} scrolls sideways on a phone"

    page.goto(f"{base}/neighbourhoods/")
    page.get_by_role("link", name="Bentilee").first.click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Bentilee")
    assert "85.7%" in page.content()

    response = page.goto(f"{base}/neighbourhoods/{site['theirs'].slug}/")
    assert response.status == 404


def test_lead_form_fits_a_phone_and_keeps_input_on_error(live_server, site, browser):
    base = live_server.url
    page = browser.new_page(viewport=PHONE)
    sign_in(page, base, site["lead"].username)
    page.goto(f"{base}/neighbourhoods/new/")
    assert fits_the_screen(page)
    page.get_by_label("Name").fill("Abbey Hulton")
    page.get_by_label("LSOA codes").fill("E0NOTACODE")
    page.get_by_role("button", name="Save").click()
    assert page.get_by_text("There is a problem").is_visible()
    assert page.get_by_label("Name").input_value() == "Abbey Hulton"
    assert fits_the_screen(page)
    page.goto(f"{base}/groups/new/")
    assert fits_the_screen(page)
    page.goto(f"{base}/groups/import/")
    assert fits_the_screen(page)
    page.goto(f"{base}/neighbourhoods/new/")
    page.get_by_label("Name").fill("Abbey Hulton")
    page.get_by_label("LSOA codes").fill("")
    page.get_by_label("Abbey Hulton and Townsend (Stoke-on-Trent)").check()
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(f"{base}/neighbourhoods/*/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Abbey Hulton")
