"""A body over the upload limit is refused 413 from its Content-Length alone, before anything reads
it: the page says how large the file was and how large one may be, and links back to the form; a file
within the limit goes on to its import as before."""

import io

from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory, override_settings

from coprod.core.middleware import UploadLimitMiddleware


class Unreadable(io.RawIOBase):
    def read(self, *args):
        raise AssertionError("the body was read")


@override_settings(COPROD_UPLOAD_MAX_BYTES=20_000_000)
def test_a_body_over_the_limit_is_answered_without_reading_it(db):
    request = RequestFactory().post(
        "/groups/import/", data=b"", content_type="multipart/form-data; boundary=x"
    )
    request.META["CONTENT_LENGTH"] = str(50_000_000)
    request.META["wsgi.input"] = Unreadable()
    request._stream = Unreadable()
    request.user = AnonymousUser()

    def view(request):
        raise AssertionError("the view was reached")

    response = UploadLimitMiddleware(view)(request)
    assert response.status_code == 413
    body = response.content.decode()
    assert "The file is 50.0 MB: at most 20.0 MB can be uploaded at once." in body
    assert 'href="/groups/import/"' in body


@override_settings(COPROD_UPLOAD_MAX_BYTES=5_000)
def test_an_import_page_refuses_a_large_file_and_takes_one_within_the_limit(client, world):
    client.force_login(world["people"]["lead"])
    team = world["teams"]["a1"].pk
    header = b"name,status\n"
    large = SimpleUploadedFile("big.csv", header + b"Row group,active\n" * 400, content_type="text/csv")
    refused = client.post("/groups/import/", {"team": team, "file": large})
    assert (
        refused.status_code == 413 and "KB: at most 5 KB can be uploaded at once" in refused.content.decode()
    )
    small = SimpleUploadedFile("small.csv", header + b"Small group,active\n", content_type="text/csv")
    checked = client.post("/groups/import/", {"team": team, "file": small})
    assert checked.status_code == 200 and "can be uploaded at once" not in checked.content.decode()


@override_settings(COPROD_UPLOAD_MAX_BYTES=1_000)
def test_the_api_answers_json(world):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(world["people"]["lead"])
    response = api.post(
        "/api/v1/groups/", {"team": world["teams"]["a1"].slug, "name": "x" * 2000}, format="json"
    )
    assert response.status_code == 413 and "can be uploaded at once" in response.json()["detail"]
