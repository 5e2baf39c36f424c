"""The district redirect carries only the arguments the council page reads, and never builds an
absolute URL from the request's Host (issue 11, item 2)."""

import pytest


@pytest.mark.parametrize(
    "query",
    [
        "code=x",
        "_method=POST",
        "_external=1",
        "_scheme=javascript",
        "_anchor=x%22y",
        "_external=1&_scheme=ftp",
    ],
)
@pytest.mark.parametrize("suffix", ["", ".json"])
def test_a_district_redirect_ignores_url_building_arguments_and_a_forged_host(
    client, loaded, query, suffix
):
    response = client.get(f"/local/E07000008{suffix}?{query}", headers={"Host": "evil.example"})

    assert response.status_code == 301
    location = response.headers["Location"]
    assert location.startswith(f"/local/E10000003{suffix}")
    assert "evil.example" not in location
    assert "#" not in location and "_" not in location.split("?", 1)[-1]


def test_a_district_redirect_keeps_the_postcode_and_the_reported_flag(client, loaded):
    response = client.get("/local/E07000008?postcode=CB1%202AA&reported=1&utm_source=x")

    assert response.status_code == 301
    assert response.headers["Location"] == "/local/E10000003?postcode=CB1+2AA&reported=1"
