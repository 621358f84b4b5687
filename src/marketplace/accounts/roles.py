"""Roles and what each may do, defined in code so every deployment has the same ones.

A role is a column on the user (one role per person); the permissions each role carries are
granted by `marketplace.accounts.backends.RolePermissionBackend`, so later issues check
`user.has_perm("accounts.review_identity_documents")` and never a role name.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CONSUMER = "consumer", _("Consumer")
    ASSISTER = "assister", _("Assister (navigator or broker)")
    CASEWORKER = "caseworker", _("Caseworker")
    SUPERVISOR = "supervisor", _("Supervisor")
    ADMINISTRATOR = "administrator", _("Administrator")
    # A state official: the officials' dashboard and reports (aggregate figures, no person's
    # records).
    OFFICIAL = "official", _("State official (reports)")


# Staff roles: multi-factor authentication required and 15-character passwords (NIST SP
# 800-63B AAL2 for people who see other people's records).
STAFF_ROLES = frozenset({Role.CASEWORKER, Role.SUPERVISOR, Role.ADMINISTRATOR, Role.OFFICIAL})

# Permission codenames (all on the accounts.User model's Meta.permissions).
PERMISSIONS: dict[str, str] = {
    "assist_consumers": "Can help consumers who have authorised them",
    "view_casework": "Can see casework queues and other people's applications",
    "review_identity_documents": "Can approve or deny identity documents",
    "process_paper_applications": "Can enter paper and phone applications",
    "override_determinations": "Can override a determination with a reason",
    "approve_overrides": "Can approve another worker's override",
    "view_reports": "Can see officials' reports",
    "manage_staff": "Can create staff accounts and assign roles",
    "view_audit_log": "Can read the audit log",
    "extend_verification_deadlines": "Can extend a verification deadline for a good-faith effort",
    "maintain_enrollments": "Can take a member off another person's enrollment",
    "assign_work": "Can assign casework to workers and see the backlog",
}

_CASEWORKER = {
    "view_casework",
    "review_identity_documents",
    "process_paper_applications",
    "override_determinations",
    # 45 CFR 155.315(f)(3): more time for a good-faith effort (verifications.actions).
    "extend_verification_deadlines",
    # Enrollment maintenance from the casework page (enrollment.maintenance.remove_member).
    "maintain_enrollments",
}
ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.CONSUMER: frozenset(),
    Role.ASSISTER: frozenset({"assist_consumers"}),
    Role.CASEWORKER: frozenset(_CASEWORKER),
    Role.SUPERVISOR: frozenset(
        _CASEWORKER | {"approve_overrides", "view_reports", "assign_work", "view_audit_log"}
    ),
    Role.ADMINISTRATOR: frozenset(PERMISSIONS),
    Role.OFFICIAL: frozenset({"view_reports"}),
}


def is_staff_role(role: str) -> bool:
    return role in STAFF_ROLES
