"""A password validator: no password made of the username, its parts, and a few other characters
(`stoke.worker-stoke.worker`, `Stoke.Worker2026!`), which Django's similarity check lets through once
the password is long enough to differ from the username in length."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError

MESSAGE = "The password is too like the username: use words that are not in the username."


def _letters(text: str) -> str:
    return re.sub(r"[^0-9a-z]", "", text.casefold())


class NotMadeOfUsernameValidator:
    """What is left of the password, once the username and each of its parts of 3 characters or more
    are taken out (letters and digits only, any case), must be at least `min_rest` characters long."""

    def __init__(self, min_rest: int = 8):
        self.min_rest = min_rest

    def validate(self, password: str, user=None) -> None:
        username = getattr(user, "username", "") or ""
        if not username:
            return
        rest = _letters(password)
        pieces = {_letters(username), *(_letters(p) for p in re.split(r"[^0-9A-Za-z]+", username))}
        for piece in sorted((p for p in pieces if len(p) >= 3), key=len, reverse=True):
            rest = rest.replace(piece, "")
        if len(rest) < self.min_rest:
            raise ValidationError(MESSAGE, code="password_like_username")

    def get_help_text(self) -> str:
        return "Your password cannot be made of your username with a few other characters."
