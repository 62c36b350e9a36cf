"""Fixtures for long-term resources: the real ONS GVA tables, imported once per test that asks."""

import pytest

from coprod.resources.imports import gva_import
from tests.conftest import SHARED_DATA

CURRENT_FILE = SHARED_DATA / "ons_gva_itl1_current_prices.csv"
CHAINED_FILE = SHARED_DATA / "ons_gva_itl1_chained_volume_2019_prices.csv"


@pytest.fixture
def gva(db):
    """Both real GVA tables, current prices and chained volume measures."""
    return {
        "current": gva_import(source=CURRENT_FILE, prices="current"),
        "chained": gva_import(source=CHAINED_FILE, prices="chained"),
    }
