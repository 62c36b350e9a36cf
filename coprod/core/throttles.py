"""Rate limits on the API, per signed-in person and per address (the address alone for those not signed
in), from settings that can change while the process runs (DRF's own classes read their rates once, at
import). A request over the limit is answered 429 with Retry-After, in seconds."""

from __future__ import annotations

from django.conf import settings
from rest_framework import throttling


class _FromSettings(throttling.SimpleRateThrottle):
    def get_rate(self):
        return settings.COPROD_API_RATES.get(self.scope or "")


class PersonRateThrottle(_FromSettings, throttling.UserRateThrottle):
    """Per person signed in (their id), or per address for anyone not signed in."""

    scope = "person"


class AddressRateThrottle(_FromSettings):
    """Per address, whoever is signed in: many people (or tokens) from one address share one limit."""

    scope = "address"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
