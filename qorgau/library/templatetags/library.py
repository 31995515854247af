"""`{% cite "kz-cc:274:2" %}`: a link to the provision when the library knows it, plain text
otherwise — never an error."""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from qorgau.core.i18n import active_language
from qorgau.library.citations import CitationError, format_citation, parse_key
from qorgau.library.queries import resolve

register = template.Library()


@register.simple_tag
def cite(key: str) -> SafeString | str:
    try:
        label = format_citation(parse_key(key), active_language())
    except CitationError:
        return key
    if resolve(key) is None:
        return label
    return format_html(
        '<a href="{}" class="citation">{}</a>', reverse("library:cite", args=[key]), label
    )
