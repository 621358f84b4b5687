"""Steps of the appeal journeys shared by their tests: asking on line, the notices' steps."""

from __future__ import annotations

from marketplace.notices.models import Notice


def ask_for_appeal(client, determination, **extra):
    page = client.get("/appeals/new/")
    assert page.status_code == 200
    token = page.context["form"]["token"].value()
    data = {
        "determination": str(determination.public_id),
        "token": str(token),
        "reason": "My hours were cut in October; my income is lower.",
        **extra,
    }
    return client.post("/appeals/new/", data)


def notice_steps(user) -> list[str]:
    return [
        n.context["step"]
        for n in Notice.objects.filter(user=user, kind="appeal").order_by("created_at", "id")
    ]


def request_by(user, determination, token: str, **extra):
    """An appeal asked through the action (the reason "Wrong income.", eligibility not
    kept); `token` is repeated to the form token's length."""
    from marketplace.appeals import actions

    return actions.request_appeal(
        appellant=user,
        determination=determination,
        reason="Wrong income.",
        keep_eligibility=False,
        token=token * 32,
        **extra,
    )
