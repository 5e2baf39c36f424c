"""Resource files: only real PDFs of a limited size are kept, under a generated name."""

import io
import secrets
from pathlib import Path

from flask import current_app
from pypdf import PdfReader
from pypdf.errors import PdfReadError


class FileRejected(ValueError):
    """The upload is not a PDF we can offer; the message says what to send instead."""


def check_pdf(data: bytes) -> None:
    limit = current_app.config["RESOURCE_MAX_BYTES"]
    if not data:
        raise FileRejected("Choose a PDF file to upload")
    if len(data) > limit:
        raise FileRejected(f"The PDF must be {limit // (1024 * 1024):,} MB or smaller")
    if not data.startswith(b"%PDF-"):
        raise FileRejected("The file must be a PDF")
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted or len(reader.pages) == 0:
            raise FileRejected("The PDF must open without a password and have pages")
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as error:
        if isinstance(error, FileRejected):
            raise
        raise FileRejected("The file could not be opened as a PDF") from None


def store(data: bytes) -> str:
    """Check and keep a PDF; returns its generated file name."""
    check_pdf(data)
    folder = Path(current_app.config["RESOURCE_DIR"])
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{secrets.token_hex(16)}.pdf"
    (folder / name).write_bytes(data)
    return name


def path_for(name: str) -> Path:
    return Path(current_app.config["RESOURCE_DIR"]) / name
