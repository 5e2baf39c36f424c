"""Security headers on every response, from one small after-request hook.

A hook of a few lines rather than flask-talisman: the policy is one fixed set of headers with no
per-view exceptions, and talisman also redirects to HTTPS and sets cookie flags, which the proxy
and campaign/config.py already own (README, "Security headers"). The pages carry no inline script
or style, so the Content-Security-Policy allows none."""

from flask import Flask, Response, request

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        # Charts and QR codes are inline SVG; a share image or favicon may be a data: URL.
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"
)
HSTS = "max-age=31536000; includeSubDomains"

# Public pages that show or act on one person's details: never kept by a browser or a proxy.
# (Everything under /campaigners/ is personal too, by its blueprint.)
PERSONAL_ENDPOINTS = frozenset(
    {
        "petitions.sign",
        "petitions.thank_you",
        "petitions.confirm",
        "petitions.withdraw",
        "petitions.unsubscribe",
        "places.report",
        "booklets.email_link",
    }
)
PERSONAL_BLUEPRINTS = frozenset({"campaigners"})


def is_personal(endpoint: str | None, blueprint: str | None) -> bool:
    if endpoint in PERSONAL_ENDPOINTS:
        return True
    top = (blueprint or "").split(".", 1)[0]
    return top in PERSONAL_BLUEPRINTS


def fixed_headers(hsts: bool, personal: bool = False) -> tuple[tuple[str, str], ...]:
    """Every header the policy sets, worked out once: for the hook below and for the pages the
    petition fast path answers without Flask (campaign/petitions/fast_path.py)."""
    headers = [
        ("Content-Security-Policy", CONTENT_SECURITY_POLICY),
        ("X-Content-Type-Options", "nosniff"),
        ("X-Frame-Options", "DENY"),
        ("Referrer-Policy", "strict-origin-when-cross-origin"),
        ("Permissions-Policy", PERMISSIONS_POLICY),
        ("Cross-Origin-Opener-Policy", "same-origin"),
    ]
    if hsts:
        headers.append(("Strict-Transport-Security", HSTS))
    if personal:
        headers += [("Cache-Control", "no-store"), ("Pragma", "no-cache")]
    return tuple(headers)


def register(app: Flask) -> None:
    defaults = fixed_headers(bool(app.config["SECURITY_HSTS"]))
    lowered = tuple((name.lower(), name, value) for name, value in defaults)

    @app.after_request
    def security_headers(response: Response) -> Response:
        headers = response.headers
        # A view may set its own (say, a stricter policy): the hook only fills in the rest.
        present = {name.lower() for name in headers.keys()}
        for key, name, value in lowered:
            if key not in present:
                headers.add(name, value)
        if is_personal(request.endpoint, request.blueprint):
            headers["Cache-Control"] = "no-store"
            headers["Pragma"] = "no-cache"
        return response
