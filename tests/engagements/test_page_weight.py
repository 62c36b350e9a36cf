"""The quick-log page and what it loads stay under 150 KB as sent (compressed, as in production)."""

import gzip
import re

from django.contrib.staticfiles import finders


def test_quick_log_page_weighs_under_150_kb(client, world):
    client.force_login(world["people"]["worker"])
    html = client.get("/log/new/").content
    assets = re.findall(rb'(?:href|src|from) ?=? ?"/static/([^"]+)"', html)
    assert assets, "the page should load its styles and scripts"
    total = len(gzip.compress(html))
    for asset in set(assets):
        path = finders.find(asset.decode())
        with open(path, "rb") as handle:
            total += len(gzip.compress(handle.read()))
    assert total < 150 * 1024, f"{total} bytes"
    assert b'<script src="https://' not in html  # no framework fetched from elsewhere
