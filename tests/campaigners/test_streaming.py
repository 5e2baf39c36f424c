import csv
import io
import json
from datetime import UTC, datetime

import pytest

from campaign.campaigners.streaming import csv_chunks, json_document_chunks, safe_cell


def _parse_csv(chunks) -> list[list[str]]:
    text = b"".join(chunks).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


@pytest.mark.parametrize(
    "typed",
    [
        '=HYPERLINK("http://evil.example","click")',
        "+44 7700 900123",
        "-2+3",
        "@SUM(A1:A2)",
        "\t=1+1",
        "\r=1+1",
        "  =cmd|' /C calc'!A0",
        "＝1+1",
    ],
)
def test_cells_that_a_spreadsheet_would_run_as_formulas_are_prefixed_with_an_apostrophe(typed):
    assert safe_cell(typed) == "'" + typed


@pytest.mark.parametrize("typed", ["Zoë O'Neill", "Anne-Marie", "SW1A 1AA", "a=b", "x@example.org"])
def test_ordinary_text_including_inner_formula_characters_is_left_alone(typed):
    assert safe_cell(typed) == typed


def test_numbers_dates_booleans_and_missing_values_are_written_plainly():
    moment = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    assert safe_cell(-5) == -5
    assert safe_cell(moment) == "2026-01-02T03:04:05+00:00"
    assert safe_cell(True) == "yes"
    assert safe_cell(None) == ""


def test_csv_round_trips_commas_quotes_newlines_and_unicode_with_a_bom_for_excel():
    rows = [["Smith, Jo", 'Say "hi"', "line1\nline2", "Zoë"]]
    chunks = list(csv_chunks(["a", "b", "c", "d"], rows))
    assert chunks[0].startswith("\ufeff".encode())
    assert _parse_csv(chunks) == [
        ["a", "b", "c", "d"],
        ["Smith, Jo", 'Say "hi"', "line1\nline2", "Zoë"],
    ]


def test_csv_is_yielded_in_several_chunks_rather_than_built_whole():
    rows = ([str(n), "x"] for n in range(5001))
    chunks = list(csv_chunks(["n", "x"], rows))
    assert len(chunks) >= 3
    parsed = _parse_csv(chunks)
    assert len(parsed) == 5002 and parsed[-1] == ["5000", "x"]


def test_csv_of_no_rows_is_just_the_header():
    assert _parse_csv(csv_chunks(["code", "count"], [])) == [["code", "count"]]


def test_json_document_streams_a_nested_array_between_head_and_tail_keys():
    items = ({"n": n, "name": "Zoë </script>"} for n in range(4500))
    chunks = list(
        json_document_chunks(
            {"title": "T"}, ("_embedded", "osdi:signatures"), items, {"total": 4500}
        )
    )
    assert len(chunks) >= 3
    document = json.loads(b"".join(chunks))
    assert document["title"] == "T"
    assert document["total"] == 4500
    assert len(document["_embedded"]["osdi:signatures"]) == 4500
    assert document["_embedded"]["osdi:signatures"][1] == {"n": 1, "name": "Zoë </script>"}


def test_json_document_with_no_items_is_still_valid():
    document = json.loads(b"".join(json_document_chunks({}, ("rows",), [])))
    assert document == {"rows": []}
