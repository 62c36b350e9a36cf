"""URLs and markup in a story make the progress report's renderer fetch nothing: no request reaches a
server the text names, no local file a file:// address names is read, and the markup prints as text.
"""

from __future__ import annotations

import datetime
import http.server
import shutil
import subprocess
import threading

import pytest
from weasyprint import HTML

from coprod.outcomes.services import story_write
from coprod.reporting import services
from coprod.reporting.choices import ReportStatus
from coprod.reporting.pdf import ChartsOnly
from coprod.reporting.selectors import quarter_of


class Counting(http.server.BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self):  # noqa: N802 - the name http.server calls
        Counting.requests.append(self.path)
        body = b"GIF89a\x01\x00\x01\x00\x00\x00\x00;"
        self.send_response(200)
        self.send_header("Content-Type", "image/gif")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    """A web server on this machine that counts the requests it is sent."""
    Counting.requests = []
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Counting)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def secret_file(tmp_path):
    path = tmp_path / "secret.txt"
    path.write_text("FILECONTENTSENTINEL\n")
    return path


def lures(server: str, secret_file) -> str:
    """Every way a note could ask a renderer to fetch something."""
    return "\n".join(
        [
            f"See {server}/plain-link.png for the photos.",
            f'<img src="{server}/img-src.png" alt="photo">',
            f'<link rel="stylesheet" href="{server}/style.css">',
            f"<style>@import url({server}/import.css); body {{ background: url({server}/bg.png) }}</style>",
            f'<p style="background-image: url({server}/inline.png)">styled</p>',
            f'<iframe src="{server}/frame.html"></iframe><object data="{server}/object.svg"></object>',
            f'<img src="file://{secret_file}"> file://{secret_file}',
            f'<a href="{server}/anchor">a link</a><script src="{server}/script.js"></script>',
        ]
    )


def pdf_text(path) -> str:
    return subprocess.run(
        [shutil.which("pdftotext"), "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_a_report_with_urls_in_its_stories_fetches_nothing(planted, server, secret_file, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    own = planted["records"]["own_team"]
    text = lures(server, secret_file)
    story_write(
        actor=planted["roles"]["worker"],
        neighbourhood=own["neighbourhood"],
        title=f'Photos at <img src="{server}/title.png">',
        body=text,
        told_on=datetime.date.today(),
    )
    report, _ = services.report_request(
        actor=None, unit=own["team"].unit, period=quarter_of(datetime.date.today())
    )
    services.report_render(report.pk)
    report.refresh_from_db()
    assert report.status in (ReportStatus.READY, ReportStatus.DELIVERED)

    assert Counting.requests == []
    printed = " ".join(pdf_text(report.pdf.path).split())
    assert "FILECONTENTSENTINEL" not in printed
    # The markup is printed as the words typed, not acted on.
    assert "<img src=" in printed and "<script src=" in printed and "@import url(" in printed
    assert "Photos at <img src=" in printed
    # The server does answer, so a fetch would have been counted.
    import urllib.request

    assert urllib.request.urlopen(f"{server}/probe").status == 200  # noqa: S310 - our own local server
    assert Counting.requests == ["/probe"]


def test_the_report_fetcher_refuses_markup_that_reached_it_unescaped(server, secret_file, tmp_path):
    """Even if markup ever escaped the template, the fetcher would refuse every address it names."""
    target = tmp_path / "raw.pdf"
    HTML(
        string=f"<html><body>{lures(server, secret_file)}</body></html>", url_fetcher=ChartsOnly()
    ).write_pdf(target)
    assert Counting.requests == []
    assert "FILECONTENTSENTINEL" not in pdf_text(target)
    # Without the fetcher, WeasyPrint would fetch them: the lures are live.
    HTML(string=f'<img src="{server}/default-fetcher.png">').write_pdf(tmp_path / "default.pdf")
    assert Counting.requests == ["/default-fetcher.png"]
