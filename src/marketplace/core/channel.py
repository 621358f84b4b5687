"""How an application or an enrollment reached the exchange (defined once for every app).

45 CFR 155.405(c)(2): the exchange accepts applications on line, by telephone, by mail and
in person; assisters (155.210, 155.225) and agents and brokers (155.220) may help.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    ONLINE = "online", _("On line")
    PAPER = "paper", _("Paper (by mail or in person)")
    PHONE = "phone", _("By telephone")
    ASSISTER = "assister", _("With an assister")
    BROKER = "broker", _("With an agent or broker")


def channel_field():
    return models.CharField(max_length=10, choices=Channel.choices, default=Channel.ONLINE)
