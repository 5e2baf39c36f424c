"""Who may open which page in the campaigners' area: least privilege, one table, checked once.

Viewers read figures and download counts; campaigners also run campaigns, moderate reports and
download signers for a stated purpose; admins also act on many people at once (invalidation,
emailing every signer, consent wording), read the whole audit log, use the privacy tools and
manage accounts. An endpoint missing from the table is refused to everyone (and a test fails),
so a new page is never open by accident. The README's matrix is this table."""

ROLE_ORDER = ("viewer", "campaigner", "admin")

# Endpoint -> the least role that may use it.
REQUIRED_ROLE: dict[str, str] = {
    "campaigners.sign_in": "anyone",
    "campaigners.sign_out": "viewer",
    "campaigners.change_password": "viewer",
    "campaigners.home": "viewer",
    "campaigners.dashboard": "viewer",
    "campaigners.preview_campaign": "viewer",
    "campaigners.exports_page": "viewer",
    "campaigners.counts_download": "viewer",
    "campaigners.handin_download": "viewer",
    "campaigners.reports": "viewer",
    "campaigners.updates": "campaigner",
    "campaigners.new_campaign": "campaigner",
    "campaigners.edit_campaign": "campaigner",
    "campaigners.open_campaign": "campaigner",
    "campaigners.confirm_close": "campaigner",
    "campaigners.outcome": "viewer",
    "campaigners.resources": "viewer",
    "campaigners.add_milestone": "campaigner",
    "campaigners.remove_milestone": "campaigner",
    "campaigners.record_response": "campaigner",
    "campaigners.new_resource": "campaigner",
    "campaigners.edit_resource": "campaigner",
    "campaigners.signup_questions": "campaigner",
    "campaigners.email_response": "admin",
    "campaigners.close_campaign": "campaigner",
    "campaigners.moderate_report": "campaigner",
    "campaigners.signers_download": "campaigner",
    "campaigners.send_update": "admin",
    "campaigners.wording": "admin",
    "campaigners.invalidate_preview": "admin",
    "campaigners.invalidate": "admin",
    "campaigners.undo_invalidation": "admin",
    "campaigners.audit_log": "admin",
    "campaigners.accounts.index": "admin",
    "campaigners.accounts.create": "admin",
    "campaigners.accounts.change_role": "admin",
    "campaigners.accounts.deactivate": "admin",
    "campaigners.accounts.reactivate": "admin",
    "campaigners.accounts.reset_password": "admin",
    "campaigners.accounts.sign_out_everywhere": "admin",
    "campaigners.privacy.index": "admin",
    "campaigners.privacy.export": "admin",
    "campaigners.privacy.erase": "admin",
    "campaigners.privacy.erase_account": "admin",
}


def may_use(role: str | None, endpoint: str | None) -> bool:
    """Whether an account with `role` (None: signed out) may use `endpoint`."""
    needed = REQUIRED_ROLE.get(endpoint or "")
    if needed is None:
        return False
    if needed == "anyone":
        return True
    if role not in ROLE_ORDER:
        return False
    return ROLE_ORDER.index(role) >= ROLE_ORDER.index(needed)
