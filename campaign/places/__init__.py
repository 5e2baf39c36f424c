"""Places: postcodes, councils and the facts about each council's early-years services."""

from campaign.places.location import Location, locate

__all__ = ["Location", "locate"]
