"""Steps 1 and 2: where the shopper lives, then who is in the household."""

import pytest

from tests.shopping.support import GARCIAS, qs

pytestmark = pytest.mark.django_db


def test_home_page_links_to_window_shopping(client):
    html = client.get("/").content.decode()
    assert 'href="/shop/"' in html
    assert "See plans and prices" in html


def test_the_zip_code_form_needs_no_account(client):
    response = client.get("/shop/")
    assert response.status_code == 200
    assert 'name="zip"' in response.content.decode()


def test_a_zip_in_one_county_goes_straight_to_the_household(client):
    response = client.get("/shop/?zip=02108")
    assert response.status_code == 302
    assert response["Location"] == "/shop/household/?zip=02108&county=25025"


def test_a_malformed_zip_is_named_and_kept(client):
    response = client.get("/shop/?zip=2108x")
    html = response.content.decode()
    assert response.status_code == 400
    assert "A zip code has 5 digits" in html
    assert 'value="2108x"' in html
    assert 'href="#zip"' in html  # the error summary links to the field


def test_a_zip_outside_the_state_says_so(client):
    response = client.get("/shop/?zip=90210")
    assert response.status_code == 400
    assert "We could not find zip code 90210 in Massachusetts" in response.content.decode()


def test_a_zip_spanning_two_counties_asks_which_one(client, settings):
    settings.MARKETPLACE_STATE = "NC"
    response = client.get("/shop/?zip=27560")
    html = response.content.decode()
    assert response.status_code == 200
    assert "is in more than one county" in html
    assert html.count('type="radio" name="county"') == 2


def test_choosing_one_of_the_counties_moves_on(client, settings):
    settings.MARKETPLACE_STATE = "NC"
    html = client.get("/shop/?zip=27560").content.decode()
    fips = html.split('name="county" value="')[1][:5]
    response = client.get(f"/shop/?zip=27560&county={fips}")
    assert response.status_code == 302
    assert f"county={fips}" in response["Location"]


def test_the_household_form_starts_with_one_person(client):
    html = client.get("/shop/household/?zip=02108&county=25025").content.decode()
    assert 'id="age0"' in html and 'id="age1"' not in html
    assert "Suffolk County, MA" in html


def test_add_another_person_without_javascript(client):
    response = client.get("/shop/household/?zip=02108&county=25025&age0=40&income=1&add=1")
    html = response.content.decode()
    assert 'id="age1"' in html
    assert 'value="40"' in html  # what was typed is kept


def test_remove_a_person_renumbers_the_rest(client):
    url = "/shop/household/?" + qs(GARCIAS, remove="1")
    html = client.get(url).content.decode()
    assert 'id="age3"' not in html
    assert 'name="age1" type="text" inputmode="numeric" maxlength="3" value="10"' in html


def test_a_valid_household_goes_to_the_estimate_with_a_shareable_url(client):
    response = client.get("/shop/household/?" + qs(GARCIAS, go="1"))
    assert response.status_code == 302
    assert response["Location"] == "/shop/estimate/?" + qs(GARCIAS)


def test_bad_age_and_income_are_named_and_kept(client):
    url = "/shop/household/?zip=02108&county=25025&age0=forty&income=lots&go=1"
    response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 400
    assert "Age must be a whole number of years from 0 to 120." in html
    assert "Household income: enter an amount in dollars, like 1,250.50." in html
    assert 'value="forty"' in html and 'value="lots"' in html
    assert 'aria-invalid="true"' in html


def test_someone_must_need_coverage(client):
    url = "/shop/household/?zip=02108&county=25025&age0=40&coverage0=0&income=40000&go=1"
    html = client.get(url).content.decode()
    assert "At least one person must need coverage." in html


def test_a_county_not_in_the_zip_goes_back_to_step_one(client):
    response = client.get("/shop/household/?zip=02108&county=25001")
    assert response.status_code == 302
    assert response["Location"] == "/shop/?zip=02108"


def test_income_with_commas_and_dollar_sign_is_understood(client):
    url = "/shop/household/?zip=02108&county=25025&age0=40&income=%2452%2C000&go=1"
    response = client.get(url)
    assert response.status_code == 302
    assert "income=52000" in response["Location"]


def test_spanish_pages_read_a_period_as_thousands_and_english_pages_refuse_to_guess(client):
    url = "/shop/household/?zip=02108&county=25025&age0=40&income=35.000&go=1"
    html = client.get(url).content.decode()
    assert "Household income: “35.000” could mean 35 dollars or 35,000 dollars." in html
    assert 'value="35.000"' in html  # kept as typed
    client.cookies["marketplace_language"] = "es"
    response = client.get(url)
    assert response.status_code == 302
    assert "income=35000&" in response["Location"]
    assert (
        "income=35000&"
        in client.get("/shop/household/?zip=02108&county=25025&age0=40&income=35%2C000&go=1")[
            "Location"
        ]
    )
