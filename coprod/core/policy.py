"""Who may do what to a kind of record, said once.

Each app's policy module (`coprod/<app>/policy.py`) gives every kind of record it keeps a Policy: whom
a record reaches (its `*_for_user` selector, so reading is scoping), and who may create, change and
remove one. Pages ask it whether to offer a form or a button and to refuse one; services ask it before
they write, so the API, imports and the admin meet the same answer. `tests/trust/test_policy.py` holds
every policy to the access rules (`tests/trust/access_rules.yaml`), the statement of what each role may
do, which the authorisation matrix also holds every page and API operation to.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet

Action = Literal["create", "update", "delete"]
# A check answers whether a person may act: on a record (update, delete), or for what a new record
# would belong to (create: a team, or a region).
Check = Callable[[Any, Any], bool]


@dataclass(frozen=True)
class Policy:
    """One kind of record's rule.

    - rule: the name of the access rule it states (a key of access_rules.yaml's `policies`);
    - reach: the for_user selector of the records a person may read;
    - create, update, delete: the checks;
    - who: for each action, who may do it, as a refusal says it ("the team's workers and lead").
    """

    rule: str
    reach: Callable[[Any], QuerySet[Any]]
    create: Check
    update: Check
    delete: Check
    who: dict[str, str] = field(default_factory=dict)

    def reaches(self, user: Any, record: Model) -> bool:
        """Whether the person may read the record at all (outside their reach, it is not there)."""
        return self.reach(user).filter(pk=record.pk).exists()

    def may(self, action: Action, user: Any, target: Any) -> bool:
        check: Check = getattr(self, action)
        return bool(user is not None and user.is_authenticated and check(user, target))

    def refusal(self, action: Action, what: str) -> str:
        return f"Only {self.who.get(action, 'those it is for')} can {what}."

    def require(self, action: Action, user: Any, target: Any, what: str) -> None:
        """Raise PermissionDenied, saying who may, unless the person may do this."""
        if not self.may(action, user, target):
            raise PermissionDenied(self.refusal(action, what))


def refuse_unless(allowed: bool, refusal: str) -> None:
    """For a permission that is not one of a record's actions (an import, an export)."""
    if not allowed:
        raise PermissionDenied(refusal)
