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

# fontTools logs the glyphs it keeps (the letters of the draft) at INFO: never let it.
for _name in ("fontTools", "weasyprint"):
    logging.getLogger(_name).setLevel(logging.WARNING)


def _no_fetch(url: str, *args: Any, **kwargs: Any) -> NoReturn:
    raise ValueError(f"the check-up PDF loads nothing: {url}")


def report_pdf(text: str, report: Report, *, language: str, title: str = "") -> bytes:
    from weasyprint import HTML

    with translation.override(language):
        html = render_to_string(
            "checkup/report_pdf.html",
            {
                "report": report,
                "marked": highlighted(text, report),
                "title": title,
                "checked_at": timezone.localtime(),
                "pdf": True,
            },
        )
    document = HTML(string=html, url_fetcher=_no_fetch)
    return bytes(document.write_pdf())
