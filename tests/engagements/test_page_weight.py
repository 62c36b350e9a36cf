"""Pages stay light as sent (compressed, as in production): the quick log, what it loads and its
service worker under 50 KB, so a worker on a poor signal opens it in a few seconds; every other main
page, with what it loads, under 150 KB."""

import gzip
import re

import pytest
from django.contrib.staticfiles import finders


def weight(client, path: str) -> int:
    """Bytes sent, compressed, for a page and every style, script and image it names."""
    response = client.get(path)
    assert response.status_code == 200, path
    html = response.content
    assets = set(re.findall(rb'(?:href|src|from) ?=? ?"/static/([^"]+)"', html))
    assert assets, f"{path} should load its styles and scripts"
    total = len(gzip.compress(html))
    for asset in assets:
        with open(finders.find(asset.decode()), "rb") as handle:
            total += len(gzip.compress(handle.read()))
    return total


def test_quick_log_page_weighs_under_50_kb_with_its_service_worker(client, world):
    client.force_login(world["people"]["worker"])
    html = client.get("/log/new/").content
    assert b"quicklog.js" in html
    total = weight(client, "/log/new/") + len(gzip.compress(client.get("/sw.js").content))
    assert total < 50 * 1024, f"{total} bytes"
    assert b'<script src="https://' not in html  # no framework fetched from elsewhere


PAGES = {
    "lead": ["/", "/log/", "/groups/", "/neighbourhoods/", "/outcomes/", "/figures/", "/dashboard/"],
    "manager": ["/dashboard/", "/funding/", "/funding/proposals/", "/reports/", "/regions/", "/teams/"],
}


@pytest.mark.parametrize("who", sorted(PAGES))
def test_main_pages_weigh_under_150_kb(client, world, who):
    client.force_login(world["people"][who])
    heavy = {path: total for path in PAGES[who] if (total := weight(client, path)) >= 150 * 1024}
    assert heavy == {}, heavy
