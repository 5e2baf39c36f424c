"""CHECK constraints built from the tuples of allowed values, so each list is written once."""

from sqlalchemy import CheckConstraint


def one_of(column: str, values: tuple[str, ...] | tuple[int, ...]) -> CheckConstraint:
    """`column IN ('a', 'b')`, named after the column. The text is what the migrations wrote
    (tests/test_migrations.py compares them), so keep the quoting and spacing as it is."""
    listed = ", ".join(f"'{value}'" if isinstance(value, str) else str(value) for value in values)
    return CheckConstraint(f"{column} IN ({listed})", name=column)
