"""`marketplace create-assister EMAIL --organisation NAME --kind broker --npn 17439876
--first-name Bruno --last-name Costa`: enrol a navigator, certified application counsellor,
or licensed agent or broker (ADR 1001). The account has no usable password: the person sets
one with "Forgot your password?". Prints the helper ID households type to authorise them."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from marketplace.assisters import actions
from marketplace.assisters.models import Kind


class Command(BaseCommand):
    help = "Enrol a navigator, counsellor, or agent or broker (with their NPN)."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--organisation", required=True)
        parser.add_argument("--kind", required=True, choices=[k.value for k in Kind])
        parser.add_argument("--first-name", required=True)
        parser.add_argument("--last-name", required=True)
        parser.add_argument("--npn", default="", help="National Producer Number (brokers)")

    def handle(self, *args, email, organisation, kind, first_name, last_name, npn, **options):
        try:
            helper = actions.register(
                email=email,
                organisation=organisation,
                kind=kind,
                first_name=first_name,
                last_name=last_name,
                npn=npn,
            )
        except ValidationError as exc:
            problems = "; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())
            raise CommandError(problems) from None
        except actions.AssisterError as exc:
            raise CommandError(f"{email}: {exc.code}") from None
        self.stdout.write(f"{helper.name} ({helper.get_kind_display()}), helper ID {helper.code}")
