"""The personalised "Defend your local services" PDF booklet (issue 6)."""
