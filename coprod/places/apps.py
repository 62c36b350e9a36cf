"""App configuration for places: statistical geography and deprivation, the reference layer."""

from django.apps import AppConfig


class PlacesConfig(AppConfig):
    name = "coprod.places"
    label = "places"
    verbose_name = "Places and deprivation"

    def ready(self) -> None:
        from coprod.audit.registry import track
        from coprod.places import models as m

        # Reference data, changed by imports (one entry per run) and the admin; no team owns it.
        for model in (m.Region, m.LocalAuthority, m.Ward, m.LSOA):
            track(model)
        track(m.Deprivation, plain=["domains"])
