"""What the load test's people need before the run, made through the exchange's own commands.

- returning people: households with stored determinations, made by `marketplace
  seed-households` (the same actions the application pages use), given a password so they can
  sign in as people do;
- new applicants: accounts whose e-mail is verified and identity proofed (the simulated
  identity service), with no application yet;
- caseworkers: staff accounts (`create-staff`) with a password and a second factor set up.

Run inside the exchange's settings (`python -m tests.load.prepare OUT.json ...` with the same
environment as the server); writes the accounts to OUT.json for the locustfile.
"""

from __future__ import annotations

import argparse
import json
import sys
from io import StringIO


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--returning", type=int, default=100)
    parser.add_argument("--applicants", type=int, default=100)
    parser.add_argument("--staff", type=int, default=5)
    parser.add_argument("--password", required=True)
    args = parser.parse_args(argv)

    import django

    django.setup()
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.utils import timezone

    from marketplace.accounts import totp
    from marketplace.accounts.models import User
    from marketplace.accounts.roles import Role
    from marketplace.applications import seeding

    hashed = make_password(args.password)  # one Argon2 hash for every prepared account
    before = set(User.objects.filter(email__startswith="seed-").values_list("pk", flat=True))
    if args.returning:
        call_command(
            "seed-households", args.returning, seed=17, stdout=StringIO(), stderr=sys.stderr
        )
    returning = User.objects.filter(email__startswith="seed-").exclude(pk__in=before)
    returning.update(password=hashed)

    applicants = []
    for number in range(args.applicants):
        email = f"load-applicant-{number}@example.org"
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email, None, email_verified_at=timezone.now())
            seeding.verify_identity_for_seeding(user)
        user.password = hashed
        user.save(update_fields=["password"])
        applicants.append(email)

    staff = []
    for number in range(args.staff):
        email = f"load-caseworker-{number}@example.org"
        if not User.objects.filter(email=email).exists():
            call_command("create-staff", email, role=Role.CASEWORKER, stdout=StringIO())
        user = User.objects.get(email=email)
        secret = totp.new_secret()
        user.totp_secret = secret
        user.totp_last_step = 0
        user.mfa_enabled_at = timezone.now()
        user.password = hashed
        user.save()
        staff.append({"email": email, "totp_secret": secret})

    accounts = {
        "returning": list(returning.values_list("email", flat=True)),
        "applicants": applicants,
        "staff": staff,
    }
    with open(args.out, "w") as out:
        json.dump(accounts, out)
    print(
        f"prepared {len(accounts['returning'])} returning, {len(applicants)} applicants, "
        f"{len(staff)} caseworkers"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
