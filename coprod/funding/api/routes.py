"""The funding API's routes, registered on the one router in coprod/api.py."""


def register(router) -> None:
    """Register this app's viewsets on the API router."""
