"""Identity proofing before signing does not ask again for what the application holds: the
applicant's name and date of birth are filled in (never the Social Security number)."""

from __future__ import annotations

import pytest

from tests.applications.conftest import make_user

pytestmark = pytest.mark.django_db


def test_the_identity_form_is_filled_from_the_applicants_own_answers(client, filled):
    """Maria's application is filled in (the Garcias); a new account of hers has not tried
    identity proofing yet."""
    maria = make_user("maria.new@example.org", verified=False)
    filled.owner = maria
    filled.save(update_fields=["owner"])
    me = filled.members.get(relationship="self")
    client.force_login(maria)
    page = client.get("/account/identity/").content.decode()
    assert 'name="first_name" value="Maria"' in page
    assert 'name="last_name" value="Garcia"' in page
    assert f'name="date_of_birth" value="{me.date_of_birth:%Y-%m-%d}"' in page
    assert 'name="ssn_last4" value' not in page


def test_a_person_without_an_application_gets_an_empty_form(client):
    dana = make_user("dana@example.org", verified=False)
    client.force_login(dana)
    page = client.get("/account/identity/").content.decode()
    assert 'name="first_name" value' not in page
