"""How every PDF the platform prints is written: tagged PDF/UA-1, so screen readers can read it
(structure tree, title, language and metadata, as WeasyPrint makes them)."""

TAGGED_PDF_UA = {"pdf_variant": "pdf/ua-1", "pdf_tags": True}
