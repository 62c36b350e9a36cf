"""App configuration for the 10% ledger: regional initiatives, allocations and community proposals."""

from django.apps import AppConfig


class FundingConfig(AppConfig):
    name = "coprod.funding"
    label = "funding"
    verbose_name = "Funding (the 10% ledger)"
