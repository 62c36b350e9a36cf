"""The quick-log page, what it loads and its service worker stay under 50 KB as sent (compressed, as in
production): a worker on a poor signal opens it in a few seconds."""

import gzip
import re

from django.contrib.staticfiles import finders


def test_quick_log_page_weighs_under_50_kb_with_its_service_worker(client, world):
    client.force_login(world["people"]["worker"])
    html = client.get("/log/new/").content
    assets = re.findall(rb'(?:href|src|from) ?=? ?"/static/([^"]+)"', html)
    assert assets, "the page should load its styles and scripts"
    assert b"quicklog.js" in b" ".join(assets)
    total = len(gzip.compress(html)) + len(gzip.compress(client.get("/sw.js").content))
    for asset in set(assets):
        path = finders.find(asset.decode())
        with open(path, "rb") as handle:
            total += len(gzip.compress(handle.read()))
    assert total < 50 * 1024, f"{total} bytes"
    assert b'<script src="https://' not in html  # no framework fetched from elsewhere
