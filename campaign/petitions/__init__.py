"""Supporters: petitions and sign-ups, signing, confirmation, consent and counts."""
