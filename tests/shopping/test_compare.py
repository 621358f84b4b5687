"""Side-by-side compare of 2 to 4 plans over the 11 visit types."""

import pytest

from tests.shopping.support import NGUYENS, figure, plan_ids, qs

pytestmark = pytest.mark.django_db


def _ids(client, count):
    return plan_ids(client.get("/shop/plans/?" + qs(NGUYENS)).content.decode())[:count]


def test_compare_four_plans_side_by_side(client):
    ids = _ids(client, 4)
    url = "/shop/compare/?" + qs(NGUYENS + [("plan", i) for i in ids])
    response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('<th scope="col" data-plan-id=') == 4
    assert html.count("data-benefit=") == 11
    assert len(figure(html, "premium_after_credit")) == 4


def test_more_than_four_plans_is_refused_clearly(client):
    ids = _ids(client, 5)
    response = client.get("/shop/compare/?" + qs(NGUYENS + [("plan", i) for i in ids]))
    html = response.content.decode()
    assert response.status_code == 400
    assert "You chose 5 plans. Choose up to 4 plans to compare." in html
    # The way back keeps the checked plans.
    assert all(f"plan={i}" in html for i in ids)


def test_one_plan_is_not_a_comparison(client):
    ids = _ids(client, 1)
    response = client.get("/shop/compare/?" + qs([*NGUYENS, ("plan", ids[0])]))
    assert response.status_code == 400
    assert "Choose at least 2 plans to compare." in response.content.decode()


def test_the_list_keeps_the_checked_plans_when_coming_back(client):
    ids = _ids(client, 2)
    html = client.get("/shop/plans/?" + qs(NGUYENS + [("plan", i) for i in ids])).content.decode()
    for plan_id in ids:
        assert f'value="{plan_id}" form="compare-form" checked' in html
