"""Writes to units: creating units and teams, and giving people roles."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.text import slugify

from coprod.places.models import LocalAuthority, Region
from coprod.units.choices import TEAM_ROLES
from coprod.units.models import CoProductionUnit, Membership, Team
from coprod.units.policy import MEMBERSHIP
from coprod.units.selectors import UserLike


@transaction.atomic
def unit_create(*, region: Region, name: str, slug: str | None = None) -> CoProductionUnit:
    unit = CoProductionUnit(region=region, name=name, slug=slug or slugify(name))
    unit.full_clean()
    unit.save()
    return unit


def validate_team_coverage(
    *, unit: CoProductionUnit, authorities: list[LocalAuthority], host_authority: LocalAuthority
) -> None:
    """A team covers at least one authority of its unit's region, and is hosted by one of them."""
    if not authorities:
        raise ValidationError({"authorities": "A team covers at least one local authority."})
    if host_authority not in authorities:
        raise ValidationError(
            {"host_authority": "The host authority must be one of the authorities the team covers."}
        )
    outside = [a.name for a in authorities if a.region_id != unit.region_id]
    if outside:
        raise ValidationError(
            {"authorities": f"Not in the unit's region ({unit.region}): {', '.join(outside)}."}
        )


@transaction.atomic
def team_create(
    *,
    unit: CoProductionUnit,
    name: str,
    authorities: list[LocalAuthority],
    host_authority: LocalAuthority,
    slug: str | None = None,
) -> Team:
    """A team covers one or more authorities and is hosted by one of them, inside its unit's region."""
    validate_team_coverage(unit=unit, authorities=authorities, host_authority=host_authority)
    team = Team(unit=unit, name=name, slug=slug or slugify(name), host_authority=host_authority)
    team.full_clean()
    team.save()
    team.authorities.set(authorities)
    return team


NOT_YOURSELF = "Nobody gives themselves a role: another manager or an administrator adds you."


def self_grant_refusal(actor: UserLike | None, user) -> str | None:
    """Why `actor` may not give `user` a role, or None: nobody gives themselves a role (a superuser,
    who holds every right already, excepted). The pages, the API and the admin all ask this."""
    if actor is None or getattr(actor, "pk", None) != user.pk or getattr(actor, "is_superuser", False):
        return None
    return NOT_YOURSELF


@transaction.atomic
def membership_grant(
    *,
    user,
    role: str,
    team: Team | None = None,
    unit: CoProductionUnit | None = None,
    start_date: datetime.date,
    end_date: datetime.date | None = None,
    actor: UserLike | None = None,
) -> Membership:
    """Give a person a role in a team or a unit (or, for an administrator, everywhere), from a start
    date. `actor` is who gives it (None: a command or the demo)."""
    refusal = self_grant_refusal(actor, user)
    if refusal:
        raise ValidationError({"user": refusal})
    membership = Membership(
        user=user, role=role, team=team, unit=unit, start_date=start_date, end_date=end_date
    )
    membership.full_clean()
    membership.save()
    return membership


@transaction.atomic
def membership_end(*, membership: Membership, end_date: datetime.date) -> Membership:
    membership.end_date = end_date
    membership.full_clean()
    membership.save(update_fields=["end_date", "updated_at"])
    return membership


@transaction.atomic
def user_create(*, username: str, password: str, first_name: str = "", last_name: str = "", email: str = ""):
    """A login for a person; their reach comes from memberships, never from fields on the user.

    Raises ValidationError when the password does not meet AUTH_PASSWORD_VALIDATORS.
    """
    user = get_user_model()(username=username, first_name=first_name, last_name=last_name, email=email)
    # The same rules as every password form: AUTH_PASSWORD_VALIDATORS (12 characters or more, not common).
    validate_password(password, user)
    user.set_password(password)
    user.full_clean()
    user.save()
    return user


STAFFING = "Only the unit's managers and administrators add people to its teams and end their memberships."


def require_staffing(actor: UserLike, team: Team) -> None:
    """Refuse (PermissionDenied) anyone who may not add people to the team or end their memberships."""
    if not MEMBERSHIP.may("create", actor, team):
        raise PermissionDenied(STAFFING)


@transaction.atomic
def team_member_add(
    *,
    actor: UserLike,
    team: Team,
    role: str,
    start_date: datetime.date,
    end_date: datetime.date | None = None,
    username: str,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    password: str = "",
) -> Membership:
    """Put a person in a team as a worker or its lead, from a start date (and to an end date, the last
    day they hold the role). A username not yet known makes a new person, with the password rules of
    user_create; a known one is the existing person, whose other details are left as they are."""
    require_staffing(actor, team)
    if role not in TEAM_ROLES:
        raise ValidationError({"role": "A team's people are its workers and its lead."})
    user = get_user_model().objects.filter(username__iexact=username.strip()).first()
    if user is None:
        if not password:
            raise ValidationError({"password": "A new person needs a password to sign in with."})
        try:
            user = user_create(
                username=username.strip(),
                password=password,
                first_name=first_name,
                last_name=last_name,
                email=email,
            )
        except ValidationError as exc:
            raise ValidationError(
                exc.message_dict if hasattr(exc, "error_dict") else {"password": exc.messages}
            ) from exc
    refusal = self_grant_refusal(actor, user)
    if refusal:
        raise ValidationError({"username": refusal})
    overlapping = Membership.objects.filter(user=user, team=team).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=start_date)
    )
    if end_date is not None:
        overlapping = overlapping.filter(start_date__lte=end_date)
    if overlapping.exists():
        already = f"{user.get_username()} is already in {team} for some of that time."
        raise ValidationError({"username": already})
    return membership_grant(user=user, role=role, team=team, start_date=start_date, end_date=end_date)


@transaction.atomic
def team_member_end(*, actor: UserLike, membership: Membership, end_date: datetime.date) -> Membership:
    """End a person's membership of a team: the end date is the last day they hold the role, and from
    the next day they reach nothing of the team's."""
    if membership.team is None:
        raise ValidationError("Only a team's memberships are ended here.")
    require_staffing(actor, membership.team)
    return membership_end(membership=membership, end_date=end_date)


def lock_teams(team_ids: Iterable[int | None]) -> list[int]:
    """Lock the teams' rows until the caller's transaction ends, in one order (by id) so two callers
    cannot deadlock: whoever recomputes a team's figures holds this, so two writers of one team take
    turns and the second reads what the first committed. A no-op outside PostgreSQL, where SQLite
    already lets one writer in at a time. Returns the ids locked."""
    ids = sorted({pk for pk in team_ids if pk is not None})
    if ids:
        list(Team.objects.select_for_update().filter(pk__in=ids).order_by("pk").values_list("pk", flat=True))
    return ids
