"""Synthetic enrollments made with bulk inserts, for the crash test and the benchmark.

Run in a subprocess against its own database:

    DATABASE_URL=sqlite:////tmp/x.sqlite3 python -m tests.edi.synthetic COUNT [ISSUERS]

migrates, then creates COUNT enrollments (families of 1-3) spread over ISSUERS simulated
issuers, each with its pending initial 834 in the outbox, exactly as checkout would queue it
(edi.build.addition + the outbox row), but inserted in bulk.
"""

from __future__ import annotations

import os
import sys
import uuid
from datetime import date, datetime
from decimal import Decimal

YEAR, STATE = 2026, "MA"
FIRST = ["ANA", "BEN", "CARLA", "DEV", "ELENA", "FEMI", "GRACE", "HIRO"]
LAST = ["GARCIA", "NGUYEN", "SMITH", "OKAFOR", "SILVA", "KIM"]


def create(count: int, issuers: int = 2, batch: int = 5000) -> None:
    from django.utils import timezone

    from marketplace.accounts.models import User
    from marketplace.applications.models import Application
    from marketplace.catalog.models import Issuer, Plan, PlanVariant, ServiceArea
    from marketplace.determinations.models import Determination
    from marketplace.edi import build, serialize
    from marketplace.edi.models import OutboundTransaction
    from marketplace.enrollment.models import Enrollment, EnrollmentMember

    variants = []
    for k in range(issuers):
        hios = f"{90001 + k}"
        issuer = Issuer.objects.create(hios_id=hios, state=STATE, name=f"SIMULATED ISSUER {k}")
        area = ServiceArea.objects.create(
            issuer=issuer, year=YEAR, service_area_id=f"MAS{k:03d}", covers_entire_state=True
        )
        plan = Plan.objects.create(
            year=YEAR,
            state=STATE,
            issuer=issuer,
            standard_component_id=f"{hios}MA0010001",
            name=f"Simulated Silver {k}",
            hios_product_id=f"{hios}MA001",
            service_area=area,
            plan_type="HMO",
            metal_level="silver",
        )
        variants.append(PlanVariant.objects.create(plan=plan, variant="01"))
    user = User.objects.create_user("synthetic@example.org", None)
    now = timezone.now()
    for start in range(0, count, batch):
        size = min(batch, count - start)
        apps = Application.objects.bulk_create(
            Application(owner=user, coverage_year=YEAR, state=STATE, status="determined")
            for _ in range(size)
        )
        dets = Determination.objects.bulk_create(
            Determination(application=a, rules_version="synthetic", input_snapshot={}, result={})
            for a in apps
        )
        enrollments, members = [], []
        for offset, (app, det) in enumerate(zip(apps, dets, strict=True)):
            i = start + offset
            variant = variants[i % issuers]
            family = 1 + i % 3
            premium = Decimal("400.00") * family
            aptc = Decimal("250.00") if i % 2 else Decimal("0.00")
            e = Enrollment(
                owner=user,
                application=app,
                determination=det,
                plan_variant=variant,
                issuer=variant.plan.issuer,
                plan_id=f"{variant.plan.standard_component_id}01",
                plan_name=variant.plan.name,
                metal_level="silver",
                coverage_year=YEAR,
                state=STATE,
                coverage_start=date(YEAR, 1, 1),
                premium=premium,
                ehb_premium=premium,
                max_aptc=aptc,
                elected_aptc=aptc,
                premium_after_credit=premium - aptc,
                rating_area="R-MA003",
                subscriber_id=f"S{i:010d}",
                policy_id=f"P{i:010d}",
                street="12 MAIN ST",
                city="BOSTON",
                zipcode="02108",
                countyfips="25025",
                phone="6175550100",
                email=f"p{i}@example.org",
                checkout_token=uuid.uuid4(),
            )
            enrollments.append(e)
            for position in range(family):
                members.append(
                    EnrollmentMember(
                        enrollment=e,
                        position=position,
                        member_id=f"M{i:09d}{position}",
                        is_subscriber=position == 0,
                        relationship=("18", "01", "19")[position],
                        first_name=FIRST[(i + position) % len(FIRST)],
                        last_name=LAST[i % len(LAST)],
                        birth_date=date(1980 + i % 20, 1 + i % 12, 1 + i % 28)
                        if position < 2
                        else date(2015, 6, 1),
                        sex="F" if (i + position) % 2 else "M",
                        age=45 if position < 2 else 10,
                        premium=Decimal("400.00"),
                    )
                )
        Enrollment.objects.bulk_create(enrollments)
        for m in members:
            m.enrollment_id = m.enrollment.pk
        EnrollmentMember.objects.bulk_create(members)
        by_enrollment: dict[int, list] = {}
        for m in members:
            by_enrollment.setdefault(m.enrollment_id, []).append(m)
        stamp = datetime(2025, 12, 1, 9, 0, 0, tzinfo=now.tzinfo)
        OutboundTransaction.objects.bulk_create(
            OutboundTransaction(
                enrollment=e,
                issuer_id=e.issuer_id,
                kind="addition",
                maintenance_type="021",
                maintenance_reason="EC",
                created_at=stamp,
                payload=serialize.dump(build.addition(e, by_enrollment[e.pk], stamp)),
            )
            for e in enrollments
        )


def main(argv: list[str]) -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings")
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    create(int(argv[0]), int(argv[1]) if len(argv) > 1 else 2)


if __name__ == "__main__":
    main(sys.argv[1:])
