"""Routes of the outcomes pages."""

urlpatterns: list = []
