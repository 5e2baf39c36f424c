"""Organisation logos: only real PNG or JPEG images of a sensible size are kept, re-encoded from
their pixels (so nothing else hidden in the file survives), under a generated name."""

import io
import secrets
from pathlib import Path

from flask import current_app
from PIL import Image, UnidentifiedImageError

from campaign.extensions import db
from campaign.models import Organisation

FORMATS = {"PNG": ("image/png", "png"), "JPEG": ("image/jpeg", "jpg")}
MAX_SIDE = 2000


class LogoRejected(ValueError):
    """The upload is not a logo we can show; the message says what to send instead."""


def store_logo(organisation: Organisation, data: bytes) -> None:
    limit = current_app.config["LOGO_MAX_BYTES"]
    if not data:
        raise LogoRejected("Choose a logo file to upload")
    if len(data) > limit:
        raise LogoRejected(f"The logo must be {limit // 1024:,} KB or smaller")
    try:
        with Image.open(io.BytesIO(data)) as probe:
            kind = probe.format
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            if kind not in FORMATS:
                raise LogoRejected("The logo must be a PNG or JPEG image")
            if max(image.size) > MAX_SIDE:
                raise LogoRejected(f"The logo must be at most {MAX_SIDE} pixels on each side")
            image.load()
            clean = io.BytesIO()
            if kind == "PNG":
                image.save(clean, format="PNG")
            else:
                image.convert("RGB").save(clean, format="JPEG", quality=90)
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError):
        raise LogoRejected("The logo must be a PNG or JPEG image") from None
    mimetype, extension = FORMATS[kind]
    folder = Path(current_app.config["LOGO_DIR"])
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{secrets.token_hex(16)}.{extension}"
    (folder / name).write_bytes(clean.getvalue())
    organisation.logo_file, organisation.logo_type = name, mimetype
    db.session.commit()
