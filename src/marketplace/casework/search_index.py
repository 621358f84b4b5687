"""Keeping the household search keys current (ADR 1000, "Finding a household").

Keys are written in the same transaction as the row they come from (post_save and
post_delete of applications.Member and applications.Application, connected in
casework/apps.py), so a household is findable the moment it is saved. A save replaces only
that row's keys. `rebuild` recomputes every key in batches (after a restore or a bulk load).

Names are normalized (accents and punctuation dropped, lower case), so "José García-Pérez"
is found by "jose garcia perez". The SSN is never stored here: only a keyed hash (HMAC with
the server's secret) of its last four digits, so the table alone cannot be read back.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import unicodedata

from django.conf import settings

from marketplace.casework.models import KeyKind, SearchKey
from marketplace.core import crypto


def normalize_name(text: str) -> str:
    """Lower-case ASCII letters and digits, one space between words."""
    plain = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", plain.lower()).split())


def ssn_last_four_hash(last_four: str) -> str:
    message = f"casework-ssn4:{last_four}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def phone_key(text: str) -> str:
    digits = re.sub(r"\D", "", text or "")
    return digits[-10:] if len(digits) >= 10 else ""


def member_keys(member, model=SearchKey) -> list:
    """The keys of one person on an application (`model`: the SearchKey class to build)."""
    last, first = normalize_name(member.last_name), normalize_name(member.first_name)
    found = []
    if last:
        found.append((KeyKind.NAME, last[:100], first[:100]))
    if member.date_of_birth:
        born = member.date_of_birth  # a date, or its ISO text when set but not yet reloaded
        found.append((KeyKind.BIRTH, born if isinstance(born, str) else born.isoformat(), ""))
    if member.ssn_encrypted:
        digits = re.sub(r"\D", "", crypto.decrypt(member.ssn_encrypted))
        if len(digits) >= 4:
            found.append((KeyKind.SSN4, ssn_last_four_hash(digits[-4:]), ""))
    owner_id = member.application.owner_id
    return [
        model(owner_id=owner_id, source=f"m{member.pk}", kind=kind, key=key, extra=extra)
        for kind, key, extra in found
    ]


def application_keys(application, model=SearchKey) -> list:
    """The keys of an application's contact details."""
    found = []
    if application.contact_email:
        found.append((KeyKind.EMAIL, application.contact_email.strip().lower()[:100]))
    if phone := phone_key(application.phone):
        found.append((KeyKind.PHONE, phone))
    return [
        model(owner_id=application.owner_id, source=f"a{application.pk}", kind=kind, key=key)
        for kind, key in found
    ]


def _replace(source: str, keys: list[SearchKey]) -> None:
    SearchKey.objects.filter(source=source).delete()
    if keys:
        SearchKey.objects.bulk_create(keys)


MEMBER_FIELDS = frozenset({"first_name", "last_name", "date_of_birth", "ssn_encrypted"})
APPLICATION_FIELDS = frozenset({"contact_email", "phone", "owner"})


def _touches(update_fields, fields: frozenset) -> bool:
    return update_fields is None or bool(fields & set(update_fields))


def member_saved(sender, instance, raw=False, update_fields=None, **kwargs) -> None:
    if not raw and _touches(update_fields, MEMBER_FIELDS):
        _replace(f"m{instance.pk}", member_keys(instance))


def application_saved(sender, instance, raw=False, update_fields=None, **kwargs) -> None:
    if not raw and _touches(update_fields, APPLICATION_FIELDS):
        _replace(f"a{instance.pk}", application_keys(instance))


def member_deleted(sender, instance, **kwargs) -> None:
    SearchKey.objects.filter(source=f"m{instance.pk}").delete()


def application_deleted(sender, instance, **kwargs) -> None:
    SearchKey.objects.filter(source=f"a{instance.pk}").delete()


def rebuild(member_model=None, application_model=None, key_model=SearchKey, batch=2000) -> int:
    """Recompute every key in batches of `batch` rows (the models may be a migration's
    historical ones); returns how many keys were written."""
    if member_model is None or application_model is None:
        from marketplace.applications.models import Application, Member

        member_model, application_model = Member, Application
    key_model.objects.all().delete()
    written = 0
    for model, make in ((member_model, member_keys), (application_model, application_keys)):
        queryset = model.objects.order_by("pk")
        if model is member_model:
            queryset = queryset.select_related("application")
        last = 0
        while rows := list(queryset.filter(pk__gt=last)[:batch]):
            keys = [k for row in rows for k in make(row, key_model)]
            key_model.objects.bulk_create(keys)
            written += len(keys)
            last = rows[-1].pk
    return written
