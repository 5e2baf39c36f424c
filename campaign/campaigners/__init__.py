"""The campaigners' side, behind sign-in under /campaigners/: accounts and sign-in, the campaign
list and dashboard, updates to signers, moderation of closure reports, exports with their audit
log, and invalidating bad signatures in batches that can be undone."""
