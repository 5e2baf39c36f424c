"""Email canonicalisation for dedup: the same mailbox, however it is written, is one person."""

# Providers that ignore dots in the local part and deliver `+tag` to the same mailbox.
_DOTLESS_DOMAINS = {"gmail.com": "gmail.com", "googlemail.com": "gmail.com"}
# Providers whose sub-addressing uses "-" rather than "+".
_DASH_TAG_DOMAINS = {"yahoo.com", "yahoo.co.uk", "ymail.com", "rocketmail.com"}
_DOMAIN_ALIASES = {
    "hotmail.co.uk": "hotmail.co.uk",
    "live.co.uk": "live.co.uk",
}


def canonical_email(email: str) -> str:
    """Lower-case, strip sub-address tags, and apply per-domain rules (Gmail ignores dots)."""
    local, _, domain = email.strip().casefold().rpartition("@")
    domain = domain.rstrip(".")
    domain = _DOMAIN_ALIASES.get(domain, domain)
    if domain in _DASH_TAG_DOMAINS:
        local = local.split("-", 1)[0]
    local = local.split("+", 1)[0] or local
    if domain in _DOTLESS_DOMAINS:
        domain = _DOTLESS_DOMAINS[domain]
        local = local.replace(".", "")
    return f"{local}@{domain}"
