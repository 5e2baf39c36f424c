"""Where each figure on the council page comes from, and the notes that must travel with it.

A leaf: it imports nothing from the rest of the app, so the facts' shapes (facts.py), their
builder (facts_build.py) and whoever draws them (charts, booklets) can all read it."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Source:
    name: str  # what it is, e.g. "DfE Section 251 outturn"
    detail: str  # where exactly it came from
    licence: str = "Open Government Licence v3.0"


# The financial years of the spending series, "2010-11" .. "2024-25".
FINANCIAL_YEARS: tuple[str, ...] = tuple(f"{y}-{(y + 1) % 100:02d}" for y in range(2010, 2025))

# The S251 line changed what it counts twice; a chart that hides this would invite readers to
# compare unlike things, so these travel with the series wherever it is shown.
DEFINITION_CHANGES: tuple[tuple[str, str], ...] = (
    (
        "2012-13",
        (
            "From 2012-13 the figure includes other early years spending as well as "
            "children's centres."
        ),
    ),
    (
        "2015-16",
        (
            "From 2015-16 the figure is \u201cSure Start children's centres and other spend on "
            "children under 5\u201d."
        ),
    ),
)

SPENDING_SOURCE = Source(
    "DfE Section 251 outturn: gross spending on Sure Start children's centres and early years",
    "2010-11 to 2013-14: DfE's S251 outturn files (children's and young people's services), as "
    "republished in the public repository BenGoodair/childrens_social_care_data. 2015-16 to "
    "2024-25: DfE's Local Authority Interactive Tool (indicator SureStartFinance, S251 line "
    "3.0.5). No source was found for 2014-15.",
)
MISSING_NOTE = (
    "No figure was found for 2014-15 in any published source, so that year is left empty "
    "rather than estimated."
)
FAMILY_HUBS_SOURCE = Source(
    "GOV.UK: Family Hubs and Start for Life programme",
    "The 75 councils (1 April 2022), the 14 trailblazers (9 February 2023) and the Family Hubs "
    "Transformation Fund councils (February 2023, updated October 2023).",
)
FAMILY_HUBS_NATIONAL_NOTE = (
    "About £300m funded family hubs in 75 councils, 14 of them trailblazers, and a £12m "
    "transformation fund added more. From April 2026 family hubs are funded in every council."
)
PLACES_SOURCE = Source(
    "DfE: Get Information About Schools (open children's centres) and the list of family hub sites",
    "Open centres, linked sites and family hubs with their postcodes; distances are straight "
    "lines between postcode centres from the ONS Postcode Directory (November 2025).",
)
REGISTER_SOURCE = Source(
    "DfE: Get Information About Schools, children's centres (open and closed)",
    "Imported with `flask data import-centres`; closures reported by the public are shown "
    "separately once a campaigner has checked them.",
)
LAIT_SOURCE = Source(
    "DfE: Local Authority Interactive Tool",
    "Early Years Foundation Stage Profile (good level of development at the end of reception, "
    "age five) by free school meal eligibility, and breastfeeding at 6-8 weeks (OHID), "
    "snapshot of 8 April 2026.",
)
NATIONAL_SOURCE = Source(
    "National counts of children's centres",
    "Parliamentary written answers, DfE releases and the Sutton Trust's 'Stop Start' (2018); "
    "each figure carries its own source, and different sources count centres differently.",
)
PROFILE_BREAK_NOTE = (
    "The profile was not collected in 2020 and 2021 (the pandemic) and was reformed from "
    "2021-22, so figures from 2022 on are not comparable with earlier years."
)
INDICATORS = {
    "FSP_Gooddev_FSM": "Children eligible for free school meals reaching a good level of "
    "development at age five",
    "FSP_Gooddev_FSM_Other": "All other children reaching a good level of development at age five",
    "FSP_NEW_GOODDEV": "All children reaching a good level of development at age five",
    "6wksBreast": "Babies still breastfed at 6-8 weeks",
}
