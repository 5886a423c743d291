import pytest

from tests.e2e.conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_landing_page_explains_zenora_and_loads_nothing_from_elsewhere(page, zenora_server):
    requested_hosts: set[str] = set()
    page.on("request", lambda request: requested_hosts.add(request.url.split("/")[2]))
    page.goto("/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Looking after")
    assert "vicarious trauma" in page.inner_text("main")
    assert_accessible(page)
    assert requested_hosts == {zenora_server.url.split("/")[2]}


def test_unknown_address_shows_the_styled_not_found_page(page):
    response = page.goto("/no-such-page/")
    assert response.status == 404
    assert page.get_by_role("heading", level=1).inner_text() == "We couldn't find that page"
    assert_accessible(page)
