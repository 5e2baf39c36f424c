"""Privacy tooling: what the privacy notice promises, as code. A subject access export, erasure
and the nightly anonymisation of old and withdrawn signatures, each audited without recording
whose data it was. Used by `flask privacy ...` and by admins in the campaigners' area."""
