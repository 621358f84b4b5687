"""Driving the application pages with Django's test client, as a person would (no JS)."""

from __future__ import annotations

from marketplace.applications.models import Application

GARCIAS = [
    {
        "first_name": "Maria",
        "last_name": "Garcia",
        "date_of_birth": "1985-03-02",
        "relationship": "self",
        "sex": "female",
        "ssn": "123-45-6789",
        "wages": "2500",
    },
    {
        "first_name": "Jose",
        "last_name": "Garcia",
        "date_of_birth": "1987-06-01",
        "relationship": "spouse",
        "sex": "male",
        "ssn": "",
        "wages": "22000",
        "freq": "yearly",
    },
    {
        "first_name": "Sofia",
        "last_name": "Garcia",
        "date_of_birth": "2015-05-05",
        "relationship": "child",
        "sex": "female",
        "ssn": "",
    },
    {
        "first_name": "Mateo",
        "last_name": "Garcia",
        "date_of_birth": "2018-09-09",
        "relationship": "child",
        "sex": "male",
        "ssn": "",
    },
]

DETAILS = {
    "citizen": "yes",
    "incarcerated": "no",
    "aian": "no",
    "pregnant": "no",
    "tobacco": "no",
    "other_coverage": "none",
    "esi_offered": "no",
}


def ok(response, status=302):
    assert response.status_code == status, response.content.decode()[:3000]
    return response


def start(client) -> Application:
    ok(client.post("/apply/start/"))
    return Application.objects.order_by("-id").first()


def walk_to_sign(client, people=GARCIAS) -> Application:
    application = start(client)
    base = f"/apply/{application.public_id}"
    for person in people:
        data = {
            k: person[k]
            for k in ("first_name", "last_name", "date_of_birth", "relationship", "sex", "ssn")
        }
        ok(client.post(f"{base}/household/add/", data))
    members = list(application.members.all())
    tax = {"tax_filer": "yes", "filing_status": "married_joint"}
    for m in members:
        if m.relationship == "child":
            tax[f"claim_{m.public_id.hex}"] = "yes"
    ok(client.post(f"{base}/tax/", tax))
    ok(
        client.post(
            f"{base}/address/",
            {
                "street": "1 Beacon St",
                "city": "Boston",
                "zipcode": "02108",
                "contact_email": "m@example.org",
            },
        )
    )
    for m in members:
        ok(client.post(f"{base}/people/{m.public_id}/", DETAILS))
    income = {}
    for m, person in zip(members, people, strict=True):
        prefix = f"m{m.public_id.hex[:12]}"
        for source in (
            "wages",
            "self_employment",
            "unemployment",
            "social_security",
            "retirement",
            "alimony",
            "other",
        ):
            income[f"{prefix}-{source}_frequency"] = "monthly"
        income[f"{prefix}-wages"] = person.get("wages", "")
        income[f"{prefix}-wages_frequency"] = person.get("freq", "monthly")
        income[f"{prefix}-deductions_frequency"] = "yearly"
    ok(client.post(f"{base}/income/", income))
    ok(client.post(f"{base}/coverage/", {"seeking": [m.public_id.hex for m in members]}))
    ok(client.post(f"{base}/review/"))
    application.refresh_from_db()
    return application


def sign_and_submit(client, application, name="Maria Garcia"):
    return client.post(
        f"/apply/{application.public_id}/sign/",
        {
            "attest_true": "on",
            "attest_changes": "on",
            "signature_name": name,
            "submission_token": str(application.submission_token),
        },
    )
