"""Households for the dashboard bench, bulk-loaded with COPY (core/bulk.py), in a subprocess
against its own PostgreSQL database:

    DATABASE_URL=postgres://.../bench_x python -m tests.bench.reports_data HOUSEHOLDS

migrates, then writes HOUSEHOLDS households spread over the 30 days up to now (each day's within
eight hours; on the bench's clock, MARKETPLACE_TODAY=2025-12-01): each a
consumer account, a submitted application and its determination (FPL 90% to 489%), and two in
three a new policy (six metal levels, the subscriber 18 to 64, one in three with a spouse;
one in three of the policies effectuated). One household in ten had a policy the year
before (returning); one in ten has a Medicaid or CHIP referral. Counties (Massachusetts'
fourteen), channels and languages vary with the household. Prints the rows written.
"""

from __future__ import annotations

import os
import sys
import uuid
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

YEAR, STATE = 2026, "MA"
FIRST_DAY = datetime(2025, 11, 2, 15, 0, tzinfo=UTC)
COUNTIES = [f"25{n:03d}" for n in range(1, 28, 2)]  # the fourteen of Massachusetts
CHANNELS = ["online", "online", "online", "paper", "phone", "assister", "broker"]
METALS = ["bronze", "silver", "silver", "gold", "expanded_bronze", "platinum", "catastrophic"]
BATCH = 20_000


def create(households: int) -> dict[str, int]:
    from marketplace.accounts.models import User
    from marketplace.applications.models import Application
    from marketplace.catalog.models import Issuer, Plan, PlanVariant, ServiceArea
    from marketplace.core import bulk, clock
    from marketplace.determinations.models import Determination
    from marketplace.enrollment.models import Enrollment, EnrollmentMember
    from marketplace.verifications.models import MedicaidReferral

    issuer = Issuer.objects.create(hios_id="90001", state=STATE, name="BENCH ISSUER")
    area = ServiceArea.objects.create(
        issuer=issuer, year=YEAR, service_area_id="MAS001", covers_entire_state=True
    )
    variants = {}
    for k, metal in enumerate(sorted(set(METALS))):
        plan = Plan.objects.create(
            year=YEAR,
            state=STATE,
            issuer=issuer,
            standard_component_id=f"90001MA00{k:02d}001",
            name=f"Bench {metal}",
            hios_product_id="90001MA001",
            service_area=area,
            plan_type="HMO",
            metal_level=metal,
        )
        variants[metal] = PlanVariant.objects.create(plan=plan, variant="01")
    plans = {
        metal: (v.pk, f"{v.plan.standard_component_id}01", v.plan.name)
        for metal, v in variants.items()
    }
    first = variants["silver"]
    user_t = User(email="x", password="!", role="consumer")
    app_t = Application(owner_id=0, coverage_year=YEAR, state=STATE, status="determined")
    det_t = Determination(application_id=0, rules_version="bench", input_snapshot={}, result={})
    policy_t = Enrollment(
        owner_id=0,
        application_id=0,
        determination_id=0,
        plan_variant=first,
        issuer=issuer,
        plan_id="",
        plan_name="",
        metal_level="",
        coverage_year=YEAR,
        state=STATE,
        coverage_start=date(YEAR, 1, 1),
        premium=Decimal(0),
        ehb_premium=Decimal(0),
        max_aptc=Decimal(0),
        elected_aptc=Decimal(0),
        premium_after_credit=Decimal(0),
        rating_area="R-MA001",
        subscriber_id="",
        policy_id="",
        street="1 MAIN ST",
        city="BOSTON",
        zipcode="02108",
        countyfips="",
        checkout_token=uuid.uuid4(),
    )
    member_t = EnrollmentMember(
        enrollment_id=0,
        member_id="",
        relationship="18",
        first_name="ANA",
        last_name="BENCH",
        birth_date=date(1980, 1, 1),
        sex="F",
        age=45,
        premium=Decimal(0),
    )
    referral_t = MedicaidReferral(
        application_id=0, determination_id=0, member_index=0, program="medicaid", record={}
    )
    # An account's date_joined is infrastructure time: on the bench's moved clock
    # (MARKETPLACE_TODAY) it is stored unmoved, as registration would store it.
    shift = clock.offset()
    # Every record is stamped before now (the exchange's clock), the last two minutes ago:
    # the rollup's count then holds them all, as it would a few minutes after the last one.
    first = clock.now() - timedelta(days=29, minutes=521)
    written = dict.fromkeys(
        ["accounts", "applications", "determinations", "policies", "members", "referrals"], 0
    )
    for start in range(0, households, BATCH):
        ids = list(range(start, min(households, start + BATCH)))
        when = [first + timedelta(days=i % 30, minutes=i % 480) for i in ids]
        users = bulk.insert_like(
            user_t,
            (
                {
                    "email": f"h{i}@bench.example",
                    "date_joined": t - shift,
                    "preferred_language": "es" if i % 4 == 0 else "en",
                }
                for i, t in zip(ids, when, strict=True)
            ),
            len(ids),
        )
        apps = bulk.insert_like(
            app_t,
            (
                {
                    "public_id": uuid.uuid4(),
                    "submission_token": uuid.uuid4(),
                    "owner_id": u,
                    "countyfips": COUNTIES[i % len(COUNTIES)],
                    "channel": CHANNELS[(i // 3) % len(CHANNELS)],
                    "submitted_at": t + timedelta(minutes=20),
                    "created_at": t,
                }
                for i, u, t in zip(ids, users, when, strict=True)
            ),
            len(ids),
        )
        dets = bulk.insert_like(
            det_t,
            (
                {
                    "public_id": uuid.uuid4(),
                    "application_id": a,
                    "result": {"fpl_percent": 90 + (i * 7) % 400},
                    "created_at": t + timedelta(minutes=20),
                }
                for i, a, t in zip(ids, apps, when, strict=True)
            ),
            len(ids),
        )
        referrals = [
            {
                "public_id": uuid.uuid4(),
                "application_id": a,
                "determination_id": d,
                "program": "chip" if i % 20 == 0 else "medicaid",
                "created_at": t + timedelta(minutes=20),
            }
            for i, a, d, t in zip(ids, apps, dets, when, strict=True)
            if i % 10 == 0
        ]
        bulk.insert_like(referral_t, referrals, len(referrals))
        policies, ages = [], []
        for i, u, a, d, t in zip(ids, users, apps, dets, when, strict=True):
            if i % 3 == 2:
                continue  # determined, no plan chosen yet
            for year in [YEAR - 1, YEAR] if i % 10 == 1 else [YEAR]:
                metal = METALS[i % len(METALS)]
                variant, plan_id, name = plans[metal]
                premium = Decimal(300 + (i % 7) * 60)
                aptc = Decimal(250) if i % 2 else Decimal(0)
                policies.append(
                    {
                        "public_id": uuid.uuid4(),
                        "checkout_token": uuid.uuid4(),
                        "owner_id": u,
                        "application_id": a,
                        "determination_id": d,
                        "plan_variant_id": variant,
                        "plan_id": plan_id,
                        "plan_name": name,
                        "metal_level": metal,
                        "coverage_year": year,
                        "coverage_start": date(year, 1, 1),
                        "status": "effectuated" if i % 3 == 0 else "selected",
                        "premium": premium,
                        "ehb_premium": premium,
                        "max_aptc": aptc,
                        "elected_aptc": aptc,
                        "premium_after_credit": premium - aptc,
                        "subscriber_id": f"S{i:010d}",
                        "policy_id": f"P{year % 10}{i:09d}",
                        "countyfips": COUNTIES[i % 14],
                        "channel": CHANNELS[(i // 3) % len(CHANNELS)],
                        "selected_at": t + timedelta(minutes=40, days=-365 * (YEAR - year)),
                    }
                )
                ages.append((i, 18 + i % 47, premium))
        keys = bulk.insert_like(policy_t, policies, len(policies))
        members = [
            {
                "enrollment_id": key,
                "position": position,
                "member_id": f"M{i:09d}{position}",
                "is_subscriber": position == 0,
                "relationship": ("18", "01")[position],
                "birth_date": date(2025 - age, 1 + i % 12, 1 + i % 28),
                "age": age,
                "premium": premium,
            }
            for key, (i, age, premium) in zip(keys, ages, strict=True)
            for position in range(2 if i % 3 == 0 else 1)
        ]
        bulk.insert_like(member_t, members, len(members))
        for key, count in (
            ("accounts", len(users)),
            ("applications", len(apps)),
            ("determinations", len(dets)),
            ("policies", len(policies)),
            ("members", len(members)),
            ("referrals", len(referrals)),
        ):
            written[key] += count
    return written


def main(argv: list[str]) -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings")
    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    written = create(int(argv[0]))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(" ".join(f"{key}={count}" for key, count in written.items()))


if __name__ == "__main__":
    main(sys.argv[1:])
