"""Email canonicalisation for dedup: the same mailbox, however it is written, is one person."""

# Providers that ignore dots in the local part and deliver `+tag` to the same mailbox.
# Gmail's two names are the only domains folded together: hotmail.co.uk and live.co.uk hold
# mailboxes of their own, distinct from the same name at .com.
_DOTLESS_DOMAINS = {"gmail.com": "gmail.com", "googlemail.com": "gmail.com"}
# Providers whose sub-addressing uses "-" rather than "+".
_DASH_TAG_DOMAINS = {"yahoo.com", "yahoo.co.uk", "ymail.com", "rocketmail.com"}


def canonical_email(email: str) -> str:
    """Lower-case, strip sub-address tags, and apply per-domain rules (Gmail ignores dots)."""
    local, _, domain = email.strip().casefold().rpartition("@")
    domain = domain.rstrip(".")
    if domain in _DASH_TAG_DOMAINS:
        local = local.split("-", 1)[0]
    local = local.split("+", 1)[0] or local
    if domain in _DOTLESS_DOMAINS:
        domain = _DOTLESS_DOMAINS[domain]
        local = local.replace(".", "")
    return f"{local}@{domain}"
