"""Background work for verifications: service retries, reminders and expiry.

Every handler looks at the item's state first, so a job for an item that was closed since
(verified, expired, superseded by a new submission) or whose due date moved does nothing,
and running a job twice does the work once."""

from __future__ import annotations

from marketplace.jobs.queue import handler
from marketplace.verifications import actions
from marketplace.verifications.models import VerificationItem


def _item(payload: dict) -> VerificationItem:
    return VerificationItem.objects.select_for_update().get(public_id=payload["item"])


@handler(actions.RETRY_JOB)
def retry_job(payload: dict) -> None:
    actions.retry(_item(payload))


@handler(actions.REMIND_JOB)
def remind_job(payload: dict) -> None:
    actions.remind(_item(payload), int(payload.get("day", 0)), due=payload.get("due"))


@handler(actions.EXPIRE_JOB)
def expire_job(payload: dict) -> None:
    # No row lock here: `expire` locks the application, then its items (one lock order for
    # every expiry, so two items of one household falling due together cannot deadlock).
    actions.expire(VerificationItem.objects.get(public_id=payload["item"]))
