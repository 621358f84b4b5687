"""After a load run (with or without faults): nothing lost, nothing doubled.

Run inside the exchange's settings once the load has stopped and the job workers have drained
the queue (`python -m tests.load.verify`). Prints one line per check and `verify: ok` or
`verify: FAILED`, and exits 0 or 1:

- every submitted application has its stored determination (none stuck in "submitted");
- every enrollment has exactly one addition 834 transaction queued or sent;
- with `--ledger FILE` (the checkouts the load test's people made, tests/load/locustfile.py):
  every checkout a person saw confirmed has its enrollment, no person has two (a lost answer
  is sent again with the same token), and no enrollment exists that no checkout asked for;
- no notice was made twice for the same event (same person, kind and record);
- no job gave up, none that is due is left running or pending, and the 834 export writes
  every pending transaction exactly once.
"""

from __future__ import annotations

import sys
import tempfile
import time
from io import StringIO


def main(argv: list[str]) -> int:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db.models import Count, Q

    from marketplace.applications.models import Application, Status
    from marketplace.core import clock
    from marketplace.edi.models import Kind, OutboundTransaction
    from marketplace.enrollment.models import Enrollment
    from marketplace.jobs.models import Job, JobStatus
    from marketplace.notices.models import Notice

    deadline = time.monotonic() + 300
    # jobs due now (reminders scheduled for later months are not the run's business)
    open_jobs = Q(status__in=[JobStatus.PENDING, JobStatus.RUNNING]) & Q(run_after__lte=clock.now())
    while Job.objects.filter(open_jobs).exists() and time.monotonic() < deadline:
        time.sleep(2)
    if "--drain-only" in argv:  # before a run: start from a quiet queue
        return 0

    checks = {}
    checks["applications submitted without a determination"] = Application.objects.filter(
        status=Status.SUBMITTED
    ).count()
    checks["determined applications without a determination"] = (
        Application.objects.filter(status=Status.DETERMINED)
        .annotate(n=Count("determinations"))
        .filter(n=0)
        .count()
    )
    additions = (
        Enrollment.objects.annotate(
            n=Count("outbound", filter=Q(outbound__kind=Kind.ADDITION), distinct=True)
        )
        .exclude(n=1)
        .count()
    )
    checks["enrollments without exactly one addition 834"] = additions
    if "--ledger" in argv:
        checks.update(ledger_checks(argv[argv.index("--ledger") + 1], enrollments_by_token()))
    checks["notices made twice for one event"] = (
        Notice.objects.exclude(related_id="")
        .values("user", "kind", "related_type", "related_id")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .count()
    )
    checks["jobs failed"] = Job.objects.filter(status=JobStatus.FAILED).count()
    checks["jobs due and still open after 5 minutes"] = Job.objects.filter(open_jobs).count()
    pending = OutboundTransaction.objects.filter(status=OutboundTransaction.PENDING).count()
    with tempfile.TemporaryDirectory() as out:
        call_command("edi-export", out=out, stdout=StringIO())
    checks["834 transactions left pending after the export"] = OutboundTransaction.objects.filter(
        status=OutboundTransaction.PENDING
    ).count()
    counts = {
        "applications determined": Application.objects.filter(status=Status.DETERMINED).count(),
        "enrollments": Enrollment.objects.count(),
        "834 transactions exported now": pending,
        "notices": Notice.objects.count(),
    }
    for name, value in counts.items():
        print(f"verify: {name} = {value}")
    for name, value in checks.items():
        print(f"verify: {name} = {value}")
    failed = any(checks.values())
    print("verify: FAILED" if failed else "verify: ok")
    return 1 if failed else 0


def enrollments_by_token() -> dict[str, str]:
    """Every enrollment's checkout token and its owner's e-mail."""
    from marketplace.enrollment.models import Enrollment

    rows = Enrollment.objects.values_list("checkout_token", "owner__email")
    return {str(token): email for token, email in rows}


def ledger_checks(path: str, enrollments: dict[str, str]) -> dict[str, int]:
    """The ledger's checkouts against the enrollments stored (token -> owner's e-mail)."""
    import json
    from collections import Counter
    from pathlib import Path

    lines = Path(path).read_text().splitlines() if Path(path).exists() else []
    checkouts = [json.loads(line) for line in lines if line.strip()]
    confirmed = {c["token"] for c in checkouts if c["confirmed"]}
    tried = {c["token"] for c in checkouts}
    unanswered = tried - confirmed
    print(f"verify: checkouts confirmed = {len(confirmed)}")
    print(
        f"verify: checkouts whose answer was lost = {len(unanswered)}, of which enrolled "
        f"= {sum(1 for t in unanswered if t in enrollments)}"
    )
    people = Counter(enrollments[t] for t in tried if t in enrollments)
    return {
        "confirmed checkouts without their enrollment": sum(
            1 for t in confirmed if t not in enrollments
        ),
        # each person in the journey checks out once: two enrollments are a double
        "people with more than one enrollment": sum(1 for n in people.values() if n > 1),
        "enrollments no checkout asked for": sum(1 for t in enrollments if t not in tried),
    }


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
