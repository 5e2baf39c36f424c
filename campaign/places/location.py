"""From what a person typed in the postcode box to the council running their children's services."""

from __future__ import annotations

from dataclasses import dataclass

from campaign.places import councils, postcodes

OK = "ok"
MALFORMED = "malformed"  # not shaped like a UK postcode
UNKNOWN = "unknown"  # well-formed, but not in the ONS Postcode Directory
NO_COUNCIL = "no_council"  # in the directory, but in no council area (non-geographic, or
# the Channel Islands and the Isle of Man, which are not part of the UK)

# The directory's pseudo-codes for the Crown Dependencies, told apart by postcode area.
_CROWN_DEPENDENCIES = {"GY": "guernsey", "JE": "jersey", "IM": "isle_of_man"}


@dataclass(frozen=True, slots=True)
class Location:
    status: str  # OK | MALFORMED | UNKNOWN | NO_COUNCIL
    postcode: str | None = None  # normalised ("SW1A 1AA") whenever it is well-formed
    nation: str | None = None  # "england" | "wales" | "scotland" | "northern_ireland"
    council_code: str | None = None  # GSS code of the council running children's services
    council_name: str | None = None
    region: str | None = None  # English region; the nation's name elsewhere
    # British National Grid metres, for distances to centres. None in Northern Ireland, whose
    # directory coordinates are on the Irish Grid and cannot be compared with GB ones.
    easting: int | None = None
    northing: int | None = None
    # "guernsey" | "jersey" | "isle_of_man" for Crown Dependency postcodes (status NO_COUNCIL).
    territory: str | None = None
    # Westminster constituency (PCON24CD), worked out when the postcode index was built.
    constituency_code: str | None = None

    @property
    def ok(self) -> bool:
        return self.status == OK


def locate(raw: str, index_path: str | None = None) -> Location:
    """Find the council for a postcode as typed: never raises for anything a person can type."""
    postcode = postcodes.normalise(raw)
    if postcode is None:
        return Location(MALFORMED)
    entry = postcodes.lookup(postcode, index_path)
    if entry is None:
        return Location(UNKNOWN, postcode)
    council = councils.council_for_district(entry.district_code)
    if council is None:
        territory = _CROWN_DEPENDENCIES.get(postcode[:2]) if entry.district_code else None
        return Location(NO_COUNCIL, postcode, territory=territory)
    on_gb_grid = council.nation != "northern_ireland"
    return Location(
        OK,
        postcode,
        nation=council.nation,
        council_code=council.code,
        council_name=council.name,
        region=council.region,
        easting=entry.easting if on_gb_grid else None,
        northing=entry.northing if on_gb_grid else None,
        constituency_code=entry.constituency_code,
    )
