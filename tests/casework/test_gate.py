"""The one staff gate: every casework URL goes through it, and roles carry the permissions
defined once in accounts/roles.py. (Each role's answer at each URL is in
tests/security/table.yaml, walked by tests/security/test_access_table.py.)"""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from marketplace.accounts.models import User
from marketplace.accounts.roles import PERMISSIONS, ROLE_PERMISSIONS, Role
from marketplace.casework import gate


def _casework_views():
    resolver = next(
        r
        for r in get_resolver().url_patterns
        if isinstance(r, URLResolver) and r.namespace == "casework"
    )
    return [p for p in resolver.url_patterns if isinstance(p, URLPattern)]


def test_every_casework_page_goes_through_the_gate():
    views = _casework_views()
    assert len(views) >= 10
    ungated = [str(p.pattern) for p in views if not hasattr(p.callback, "staff_permission")]
    assert ungated == []


def test_a_page_asking_for_a_permission_nobody_defined_fails_at_import():
    with pytest.raises(ValueError, match="accounts/roles"):
        gate.staff_page("accounts.see_everything")


def test_every_role_grants_only_defined_permissions():
    for role in Role:
        assert ROLE_PERMISSIONS[role] <= set(PERMISSIONS), role


@pytest.mark.django_db
def test_roles_carry_their_permissions_and_no_more():
    people = {
        role: User.objects.create_user(f"{role}@example.org", None, role=role) for role in Role
    }
    assert not gate.allowed(people[Role.CONSUMER])
    assert not gate.allowed(people[Role.ASSISTER])
    for staff in (Role.CASEWORKER, Role.SUPERVISOR, Role.ADMINISTRATOR):
        assert gate.allowed(people[staff])
    assert not gate.allowed(people[Role.CASEWORKER], gate.Can.ASSIGN_WORK)
    assert not gate.allowed(people[Role.CASEWORKER], gate.Can.APPROVE_OVERRIDES)
    assert gate.allowed(people[Role.SUPERVISOR], gate.Can.ASSIGN_WORK)
    assert gate.allowed(people[Role.SUPERVISOR], gate.Can.APPROVE_OVERRIDES)
