"""Two "Sign and submit" POSTs arriving together (a double click): one determination, and
the second request lands on the result page instead of an error page."""

from __future__ import annotations

from unittest import mock

import pytest

from marketplace.applications import actions
from marketplace.determinations.models import Determination
from tests.applications import pages

pytestmark = pytest.mark.django_db


def test_a_second_click_that_arrives_while_the_first_submits_lands_on_the_result(maria_client):
    """The second request read the application while it was still a draft; the first one
    signs, determines and commits before the second one signs. (The interleaving of two
    simultaneous POSTs, made deterministic: the second click is sent from inside the first
    request's `sign` call, before it runs.)"""
    application = pages.walk_to_sign(maria_client)
    real_sign = actions.sign
    other_click = {}

    def sign_after_the_other_click(*args, **kwargs):
        if not other_click:
            other_click["sent"] = True
            other_click["response"] = pages.sign_and_submit(maria_client, application)
        return real_sign(*args, **kwargs)

    with mock.patch.object(actions, "sign", side_effect=sign_after_the_other_click):
        response = pages.sign_and_submit(maria_client, application)

    determination = Determination.objects.get(application=application)
    result_url = f"/apply/{application.public_id}/determinations/{determination.public_id}/"
    assert other_click["response"].status_code == 302
    assert other_click["response"]["Location"] == result_url
    assert response.status_code == 302
    assert response["Location"] == result_url
    assert maria_client.get(result_url).status_code == 200
