"""Pages are for people with a current membership, as the API is: others signed in are refused."""

from django.core.exceptions import PermissionDenied

from coprod.units.selectors import is_member, remember_memberships

# Pages anyone may reach: signing in and out, the health check, the quick log's service worker (which
# holds no data), the home page, which tells a signed-in person with no current role to ask for one,
# and the published pages that hold no personal data (where referrals have nowhere to go, a
# consultation's "you said, we did", and the community sector profiles). The admin and the API apply
# their own rules (the admin for global administrators, the API its membership permission).
OPEN_PAGES = {
    "login",
    "logout",
    "healthz",
    "home",
    "service-worker",
    "nowhere-to-go",
    "you-said-public",
    "profiles",
    "profile",
    "profile-csv",
    "profile-json",
    "profile-neighbourhood",
    "profile-neighbourhood-csv",
    "profile-neighbourhood-json",
}
OWN_RULES = {"admin", "api"}


class MembershipRequiredMiddleware:
    """Refuse (403) every page to a signed-in user with no current membership.

    Without this, someone whose membership has ended could still sign in and open every page; the
    selectors would show them nothing, but the forms, figures and page shells would still answer,
    unlike the API. Anonymous visitors are left to login_required, which sends them to sign in.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or match.url_name in OPEN_PAGES or OWN_RULES & set(match.namespaces):
            return None
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        remember_memberships(user)
        if is_member(user):
            return None
        raise PermissionDenied("You need a current membership of a team or unit to use coprod.")
