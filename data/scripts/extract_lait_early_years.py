"""Extract the early-years indicator rows from DfE's LAIT data, unaltered, into a small CSV.

    .venv/bin/python data/scripts/extract_lait_early_years.py \
        ../shared/data/spending/lait_bds_long_0_2026-04-08.parquet \
        data/early_years/lait_early_years_2026-04-08.csv

The LAIT file (`01_data/02_prod/bds_long_0.parquet` in the public repository
dfe-analytical-services/local-authority-interactive-tool) holds 434 indicators; the app needs
four, and reading parquet needs pyarrow, which is large. So this script (pyarrow is a
development requirement only) keeps every row of the indicators below, with every column as
published: `Values` stays the source's own text ("70.599999999999994", "-" for no figure).
The only change is that `LA Number`, stored as a float (373.0), is written as the integer code
it is (373). Rows are sorted by indicator, year and LA number so the output is reproducible.
"""

import csv
import sys

INDICATORS = (
    "FSP_Gooddev_FSM",  # % reaching a good level of development at age 5: free school meals
    "FSP_Gooddev_FSM_Other",  # ... all other children
    "FSP_NEW_GOODDEV",  # ... all children
    "6wksBreast",  # prevalence of breastfeeding at 6-8 weeks
)
COLUMNS = ("Short Desc", "Data item", "Years", "LA and Regions", "Values", "LA Number", "Region")


def extract(parquet_path: str, csv_path: str) -> int:
    import pyarrow.parquet as pq

    table = pq.read_table(parquet_path, columns=list(COLUMNS))
    rows = [row for row in table.to_pylist() if row["Short Desc"] in INDICATORS]
    for row in rows:
        row["LA Number"] = int(row["LA Number"])
    rows.sort(key=lambda r: (INDICATORS.index(r["Short Desc"]), r["Years"], r["LA Number"]))
    with open(csv_path, "w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return len(rows)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    print(f"{extract(sys.argv[1], sys.argv[2])} rows written to {sys.argv[2]}")
