"""Writers that turn row iterators into byte chunks for streamed responses, in constant memory.

CSV cells are neutralised against formula injection (OWASP "CSV injection"): a spreadsheet opening
the export must show `=HYPERLINK(...)` typed into a name field as text, never run it.
"""

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime
from typing import Any

# Characters that make Excel, LibreOffice or Google Sheets treat a cell as a formula, including
# the full-width forms some of them also accept, and tab / carriage return which can shift cells.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")
_TRIGGERS = frozenset(FORMULA_TRIGGERS)
# Excel opens UTF-8 CSV as UTF-8 only when it starts with a byte order mark; without it "Zoë"
# arrives as "ZoÃ«" on most campaigners' machines.
UTF8_BOM = "\ufeff"
ROWS_PER_CHUNK = 2000


class RowCounter:
    """Counts rows as they stream past, for the audit log."""

    def __init__(self) -> None:
        self.rows = 0

    def count(self, rows: Iterable) -> Iterator:
        for row in rows:
            self.rows += 1
            yield row


def safe_text(value: str | None) -> str:
    """A text cell neutralised against formula injection (None becomes empty)."""
    if not value:
        return ""
    if value[0] in _TRIGGERS or (value[0] == " " and value.lstrip(" ")[:1] in _TRIGGERS):
        # A leading apostrophe is what spreadsheets themselves use to mark "this is text".
        return "'" + value
    return value


def safe_cell(value: Any) -> object:
    """The value as it should be written to a CSV cell."""
    kind = type(value)
    # Exact type checks first: this runs for every cell of a million-row export.
    if kind is str:
        return safe_text(value)
    if value is None:
        return ""
    if kind is bool:
        return "yes" if value else "no"
    if kind is datetime or kind is date:
        return value.isoformat()
    if kind is int or kind is float:
        return value
    return safe_cell(str(value))


def csv_chunks(
    header: Iterable[str],
    rows: Iterable[Iterable[object]],
    cells: Callable[[Any], list[object]] | None = None,
) -> Iterator[bytes]:
    """Yield the CSV as UTF-8 byte chunks of a few thousand rows each.

    ``cells`` turns a row into its safe cells; by default each value goes through safe_cell.
    A caller that knows its columns' types passes a faster one (built on safe_text)."""
    cells = cells or (lambda row: [safe_cell(cell) for cell in row])
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    buffer.write(UTF8_BOM)
    writer.writerow([safe_cell(name) for name in header])
    batch: list[list[object]] = []
    for row in rows:
        batch.append(cells(row))
        if len(batch) >= ROWS_PER_CHUNK:
            writer.writerows(batch)
            batch.clear()
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    writer.writerows(batch)
    yield buffer.getvalue().encode("utf-8")


def _json_default(value: object) -> str:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def json_document_chunks(
    head: dict,
    array_path: tuple[str, ...],
    items: Iterable[object],
    tail: dict | Callable[[], dict] | None = None,
    *,
    encoded: bool = False,
) -> Iterator[bytes]:
    """Yield one JSON object whose array at ``array_path`` is streamed item by item.

    ``head`` holds the keys written before the array, ``tail`` those after it (for example a
    row count known only at the end, which is why it may be a function called after the last item).
    With ``encoded`` the items are already JSON text (for exports that build it faster by hand).
    """
    opening = json.dumps(head, default=_json_default)[:-1]
    separator = ", " if head else ""
    nested = "".join(f"{json.dumps(key)}: {{" for key in array_path[:-1])
    yield (opening + separator + nested + json.dumps(array_path[-1]) + ": [").encode("utf-8")
    encode = str if encoded else json.JSONEncoder(default=_json_default, ensure_ascii=False).encode
    buffer: list[str] = []
    first = True
    for item in items:
        text = encode(item)
        buffer.append(text if first else "," + text)
        first = False
        if len(buffer) >= ROWS_PER_CHUNK:
            yield "".join(buffer).encode("utf-8")
            buffer.clear()
    closing = "]" + "}" * (len(array_path) - 1)
    if callable(tail):
        tail = tail()
    if tail:
        closing += ", " + json.dumps(tail, default=_json_default)[1:-1]
    yield ("".join(buffer) + closing + "}").encode("utf-8")
