"""What several features share: the lowest layer above the models, importing no feature package.

Petitions, mail, places, booklets and campaigners all build on these modules; none of these
modules imports any of them (tests/test_layers.py holds that line)."""
