"""The demo's funding records (all made up)."""


def load(out) -> None:
    """Add the demo's funding records; the places, teams, people and groups are already there."""
