"""How an application or an enrollment reached the exchange: the channel.

Defined once here so that applications, enrollments, casework (paper and phone entry) and
the officials' reports all use the same values. What a person does on the web site is
`online`; a caseworker keying a paper form or a phone call, an assister (navigator) or a
broker sets the channel when they enter the record.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    ONLINE = "online", _("Online")
    PAPER = "paper", _("Paper")
    PHONE = "phone", _("Phone")
    ASSISTER = "assister", _("Assister")
    BROKER = "broker", _("Broker")


def channel_field():
    """The model field every record with a channel uses."""
    return models.CharField(
        max_length=10, choices=Channel.choices, default=Channel.ONLINE, db_index=True
    )
