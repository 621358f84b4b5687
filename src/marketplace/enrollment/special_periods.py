"""The hook through which a plan selection outside open enrollment finds a special
enrollment period (45 CFR 155.420).

The enrollment app knows open enrollment (dates.py); which special periods a household has
is kept by a higher app (marketplace.changes), which registers a provider here. Checkout
asks `find(application, year, on)`; the provider answers with a `Special` or None.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date

from marketplace.enrollment.selection import for_enrolled


@dataclass(frozen=True)
class Special:
    """A special enrollment period that lets this selection through."""

    start: date  # the coverage effective date (155.420(b))
    event: str  # the qualifying event's code (aca_rules/sep/events.yaml)
    label: str
    no_aptc: bool  # Pub. L. 119-21 s. 71304: no APTC through an income-based period
    period_id: int  # the provider's record, marked used by `used`
    #: 45 CFR 155.420(g): documents are checked before the coverage starts; a new
    #: enrollment through this period is held (`Enrollment.pended`) until then.
    verify: bool = False
    #: 45 CFR 155.420(a)(4): whether an enrollee in a plan of the first metal level may
    #: change to one of the second through this period.
    metal_rule: Callable[[str, str], bool] = lambda old, new: True
    #: The application members (primary keys) the period is for; None: the whole household.
    #: 45 CFR 155.420(a)(5): a period that needs prior coverage is for the qualified
    #: individuals who show it, not for a member who had none.
    members: frozenset[int] | None = None
    #: 45 CFR 155.420(a)(4)(i): a period for gaining a dependent ((d)(2)(i): birth,
    #: adoption, placement, marriage). The enrollee adds the dependent to the current plan;
    #: only when that plan does not take the dependent may they change plans (within the
    #: metal level, `allows`).
    dependent_joins: bool = False

    def allows(self, old_metal: str, new_metal: str) -> bool:
        return self.metal_rule(old_metal, new_metal)


#: Why a member of the enrollment group does not enroll through the period (`narrow`).
NOT_IN_PERIOD = "not_in_period"


def narrow(group, special: Special | None):
    """The enrollment group (enrollment.selection.Group) with only the members the period is
    for (`Special.members`); the others are listed as excluded with `NOT_IN_PERIOD`, and the
    maximum APTC is that of the coverage family that enrolls (`selection.for_enrolled`, 26
    CFR 1.36B-3(d), (f)). Open enrollment (no period) and a period for the whole household
    leave it as it is."""
    if special is None or special.members is None:
        return group
    kept = tuple(m for m in group.members if m.person.pk in special.members)
    left = tuple(
        (m.person.name, NOT_IN_PERIOD) for m in group.members if m.person.pk not in special.members
    )
    return for_enrolled(replace(group, members=kept, excluded=group.excluded + left))


_providers: list[Callable[[object, int, date], Special | None]] = []
_used: list[Callable[[Special, object], None]] = []


def register(find: Callable, used: Callable) -> None:
    if find not in _providers:
        _providers.append(find)
        _used.append(used)


def find(application, year: int, on: date) -> Special | None:
    for provider in _providers:
        special = provider(application, year, on)
        if special is not None:
            return special
    return None


def used(special: Special, enrollment) -> None:
    for callback in _used:
        callback(special, enrollment)
