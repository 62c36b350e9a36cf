"""The demo's outcomes records (all made up)."""


def load(out) -> None:
    """Add the demo's outcomes records; the places, teams, people and groups are already there."""
