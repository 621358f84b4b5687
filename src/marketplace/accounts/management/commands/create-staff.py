"""`marketplace create-staff EMAIL --role caseworker`: a staff account, verified, without a
usable password. The person sets one with "Forgot your password?" (15 characters at least)
and must set up two-step sign-in at the first sign-in."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from marketplace.accounts.models import User
from marketplace.accounts.roles import STAFF_ROLES, Role
from marketplace.audit import log


class Command(BaseCommand):
    help = "Create a staff account (caseworker, supervisor or administrator)."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--role", required=True, choices=sorted(STAFF_ROLES | {Role.ASSISTER}))

    def handle(self, *args, email, role, **options):
        if User.objects.filter(email__iexact=email.strip()).exists():
            raise CommandError(f"An account already uses {email}.")
        user = User.objects.create_user(email, None, role=role, email_verified_at=timezone.now())
        log.record("accounts.staff_created", actor_label="create-staff", obj=user, role=role)
        self.stdout.write(
            f"Created {user.email} ({role}). They set a password with 'Forgot your password?'."
        )
