"""Authentication backend: e-mail and password, plus the permissions of the person's role."""

from __future__ import annotations

from django.contrib.auth.backends import ModelBackend

from marketplace.accounts.roles import ROLE_PERMISSIONS


class RolePermissionBackend(ModelBackend):
    """Django's ModelBackend (e-mail is the USERNAME_FIELD) plus role permissions."""

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        perms = set(super().get_all_permissions(user_obj, obj))
        perms.update(f"accounts.{name}" for name in ROLE_PERMISSIONS.get(user_obj.role, ()))
        return perms
