"""Routes of the funding pages."""

urlpatterns: list = []
