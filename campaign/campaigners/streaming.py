"""Writers that turn row iterators into byte chunks for streamed responses, in constant memory.

CSV cells are neutralised against formula injection (OWASP "CSV injection"): a spreadsheet opening
the export must show `=HYPERLINK(...)` typed into a name field as text, never run it.
"""

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime

# Characters that make Excel, LibreOffice or Google Sheets treat a cell as a formula, including
# the full-width forms some of them also accept, and tab / carriage return which can shift cells.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")
# Excel opens UTF-8 CSV as UTF-8 only when it starts with a byte order mark; without it "Zoë"
# arrives as "ZoÃ«" on most campaigners' machines.
UTF8_BOM = "\ufeff"
ROWS_PER_CHUNK = 2000


def safe_cell(value: object) -> object:
    """The value as it should be written to a CSV cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, int | float):
        return value
    text = str(value)
    stripped = text.lstrip(" ")
    if stripped and (stripped[0] in FORMULA_TRIGGERS or text[0] in FORMULA_TRIGGERS):
        # A leading apostrophe is what spreadsheets themselves use to mark "this is text".
        return "'" + text
    return text


def csv_chunks(header: Iterable[str], rows: Iterable[Iterable[object]]) -> Iterator[bytes]:
    """Yield the CSV as UTF-8 byte chunks of a few thousand rows each."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    buffer.write(UTF8_BOM)
    writer.writerow([safe_cell(name) for name in header])
    pending = 0
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
        pending += 1
        if pending >= ROWS_PER_CHUNK:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
            pending = 0
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
) -> Iterator[bytes]:
    """Yield one JSON object whose array at ``array_path`` is streamed item by item.

    ``head`` holds the keys written before the array, ``tail`` those after it (for example a
    row count known only at the end, which is why it may be a function called after the last item).
    """
    opening = json.dumps(head, default=_json_default)[:-1]
    separator = ", " if head else ""
    nested = "".join(f'{json.dumps(key)}: {{' for key in array_path[:-1])
    yield (opening + separator + nested + json.dumps(array_path[-1]) + ": [").encode("utf-8")
    buffer: list[str] = []
    first = True
    for item in items:
        text = json.dumps(item, default=_json_default, ensure_ascii=False)
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
