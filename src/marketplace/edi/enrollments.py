"""What edi does to enrollments: a hook the enrollment app fills.

Enrollment queues its 834s through edi's outbox, so edi sits below it and may not import it
(docs/adr/1800-layering.md). The few things edi needs of an enrollment are the fields of
`EnrollmentHooks`; enrollment registers them from its `AppConfig.ready()`
(enrollment/edi_hooks.py) and edi calls them through `hooks()`:

- the inbound 834s (edi/intake.py): find a policy, effectuate it, end it on the issuer's word;
- the payment-status files (edi/payment_status.py): open or close a grace period;
- the export (edi/export.py): the additions sent are transmitted;
- the held 834s (edi/held.py): keep a member's spelling for the insurer;
- the reconciliation (edi/reconcile.py): our side of each policy sent.

An enrollment here is whatever `by_policy` returns: edi reads its `policy_id`,
`subscriber_id`, `issuer.hios_id`, `plan_id`, `status`, `coverage_start`, `coverage_end`,
`members` and `allowed(event)`, and hands it back to the hooks.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class EnrollmentHooks:
    #: (policy_id): the enrollment with its issuer, or None.
    by_policy: Callable[[str], object | None]
    #: (enrollment, *, paid_through, issuer_policy_id, issuer_subscriber_id,
    #: issuer_member_ids, file_name): the issuer confirmed the binder payment.
    effectuate: Callable[..., object]
    #: (enrollment, *, end, reason, amrc, file_name): the issuer cancelled or terminated it.
    issuer_end: Callable[..., object]
    #: (enrollment, *, delinquent, paid_through, source): a premium missed (delinquent) or
    #: paid; returns "" when recorded, else why the policy's state refuses it.
    report_payment: Callable[..., str]
    #: (enrollment ids, file name): these enrollments' initial 834s went out; inside the
    #: export's transaction.
    mark_transmitted: Callable[[list[int], str], object]
    #: (enrollment id, member id, {field: value}): keep the member's spelling for the insurer
    #: (fields insurer_last_name, insurer_first_name).
    respell: Callable[[int, str, dict], object]
    #: (enrollment ids): our side of each policy for the reconciliation, one dict each with
    #: policy_id, subscriber_id, plan_id, status (as the issuer should show it: pending,
    #: effectuated, terminated, cancelled), coverage_start, coverage_end (date or None),
    #: premium, aptc, member_ids (the members still covered).
    for_reconciliation: Callable[[Iterable[int]], Iterable[dict]]


_HOOKS: list[EnrollmentHooks] = []


def register(hooks_: EnrollmentHooks) -> None:
    _HOOKS[:] = [hooks_]


def hooks() -> EnrollmentHooks:
    if not _HOOKS:
        raise ImproperlyConfigured(
            "No enrollment hooks registered: marketplace.enrollment must be in INSTALLED_APPS"
        )
    return _HOOKS[0]
