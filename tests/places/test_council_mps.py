"""Council pages name the MPs whose constituencies cover the council, and a postcode's own MP."""

from campaign.places.council_constituencies import council_mps


def test_council_mps_name_each_constituency_its_mp_and_share_with_the_list_date(loaded):
    found = council_mps("E06000064")  # Westmorland and Furness
    first = found.rows[0]
    assert (first.constituency, first.mp, first.party) == (
        "Westmorland and Lonsdale",
        "Tim Farron",
        "LD",
    )
    assert all(row.share >= 0.01 for row in found.rows)
    assert abs(sum(r.share for r in found.rows) + found.sliver_share - 1) < 1e-9
    assert found.list_date.isoformat() == "2026-04-03"


def test_council_page_lists_its_mps_and_the_mp_for_the_postcode(client, loaded):
    page = client.get("/local/E08000039?postcode=S1+2HH").get_data(as_text=True)
    assert '<h2 id="mps">Your MPs</h2>' in page
    assert (
        "Your MP for S1 2HH is <strong>Abtisam Mohamed</strong> (Labour), MP for Sheffield Central."
        in page
    )
    assert "<td>Sheffield Hallam</td>" in page
    assert "MPs as of 3 April 2026." in page


def test_council_json_lists_its_mps_and_the_mp_for_the_postcode(client, loaded):
    data = client.get("/local/E08000039.json?postcode=S1+2HH").get_json()
    assert data["mps_list_date"] == "2026-04-03"
    codes = [row["constituency_code"] for row in data["mps"]]
    assert codes[0] == "E14001467" and len(codes) == 6
    assert data["your_mp"] == {
        "constituency_code": "E14001467",
        "constituency": "Sheffield Central",
        "mp": "Abtisam Mohamed",
        "party": "Lab",
    }
    assert client.get("/local/E08000039.json").get_json()["your_mp"] is None
