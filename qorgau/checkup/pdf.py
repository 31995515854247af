"""The check-up report as a PDF (WeasyPrint): the draft with its marks, the findings, the overall
risk and the date, in the interface language. Nothing is fetched: fonts are the system's
(DejaVu covers Kazakh letters) and every other URL is refused."""

from __future__ import annotations

import logging
from typing import Any, NoReturn

from django.template.loader import render_to_string
from django.utils import timezone, translation

from qorgau.checkup.engine import Report
from qorgau.checkup.highlight import highlighted

# fontTools logs the glyphs it keeps (the letters of the draft) at INFO, and WeasyPrint warns
# about its font subsetter on every call: keep both to errors.
for _name in ("fontTools", "weasyprint"):
    logging.getLogger(_name).setLevel(logging.ERROR)


def _no_fetch(url: str, *args: Any, **kwargs: Any) -> NoReturn:
    raise ValueError(f"the check-up PDF loads nothing: {url}")


def library_available() -> bool:
    """Whether citations can be looked up (the command line may run without a database)."""
    from django.db import DatabaseError, connection

    try:
        return "library_provision" in connection.introspection.table_names()
    except DatabaseError:
        return False


def report_pdf(
    text: str, report: Report, *, language: str, title: str = "", plain_citations: bool = False
) -> bytes:
    from weasyprint import HTML

    with translation.override(language):
        html = render_to_string(
            "checkup/report_pdf.html",
            {
                "report": report,
                "marked": highlighted(text, report),
                "title": title,
                "checked_at": timezone.localtime(),
                "plain_citations": plain_citations,
            },
        )
    document = HTML(string=html, url_fetcher=_no_fetch)
    return bytes(document.write_pdf())
