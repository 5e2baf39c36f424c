"""Council names and regions for the counts campaigners hand in (from campaign.places)."""

from campaign.places.councils import council

UNKNOWN_REGION = "Region not known"
OUTSIDE_UK = "Outside the UK"


def council_table(by_council: dict[str, int]) -> list[dict]:
    """Rows of GSS code, name, region and count, alphabetical by council name."""
    rows = []
    for code, count in by_council.items():
        if not count:
            continue
        known = council(code)
        rows.append(
            {
                "code": code,
                "name": known.name if known else code,
                "region": known.region if known else UNKNOWN_REGION,
                "count": count,
            }
        )
    return sorted(rows, key=lambda row: (row["name"].lower(), row["code"]))


def region_totals(rows: list[dict]) -> list[dict]:
    """Totals per English region or nation, largest first, with each one's share."""
    totals: dict[str, int] = {}
    for row in rows:
        region = row["region"] or OUTSIDE_UK
        totals[region] = totals.get(region, 0) + row["count"]
    grand = sum(totals.values()) or 1
    ordered = sorted(totals.items(), key=lambda item: (-item[1], item[0]))
    return [
        {"name": name, "count": count, "share": f"{count / grand:.0%}"} for name, count in ordered
    ]
