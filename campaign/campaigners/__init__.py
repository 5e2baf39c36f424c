"""Campaigners: the signed-in pages for running campaigns, moderating, exports and updates."""
