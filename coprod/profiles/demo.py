"""The demo's profile snapshots: this financial year's, so a profile shows one kept year."""

from coprod.profiles.services import snapshots_take


def load(out) -> None:
    out(f"Community sector profile snapshots: {snapshots_take()}")
