"""gunicorn's access log without personal data (gunicorn.conf.py names this logger class).

The default line holds the visitor's internet address, user agent, referrer and the full URL,
which carries postcodes and names in query strings and the signed tokens of emailed links. This
logger offers only the atoms below: the path with its query string dropped and any token masked,
the method, status, size and time. Headers and the environment are never offered."""

import re
from typing import Any

from gunicorn.glogging import Logger

# Paths whose last part is a signed link (confirm, withdraw, unsubscribe): the token is a key.
TOKEN_PATH = re.compile(r"/(confirm|withdraw|unsubscribe)/[^/?]+")
ACCESS_LOG_FORMAT = '%(t)s "%(m)s %(U)s" %(s)s %(b)s %(L)s'


def masked_path(path: str | None) -> str:
    if not path:
        return "-"
    return TOKEN_PATH.sub(r"/\1/…", path.split("?", 1)[0])


class MaskingLogger(Logger):  # gunicorn ships no types: Any to mypy
    def atoms(self, resp: Any, req: Any, environ: dict[str, Any], request_time: Any) -> dict:
        full = super().atoms(resp, req, environ, request_time)
        path = masked_path(environ.get("PATH_INFO"))
        return {
            "t": full["t"],
            "m": full["m"],
            "U": path,
            "r": f"{full['m']} {path} {full['H']}",
            "H": full["H"],
            "s": full["s"],
            "b": full["b"],
            "B": full["B"],
            "T": full["T"],
            "D": full["D"],
            "M": full["M"],
            "L": full["L"],
            "p": full["p"],
        }
