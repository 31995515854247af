"""Template helpers of the public monitoring pages: vague dates, per-language content."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django import template
from django.utils.formats import date_format
from django.utils.html import format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from qorgau.core.i18n import active_language
from qorgau.core.models import localized

register = template.Library()

LANGUAGE_NAMES = {"kk": "Қазақша", "ru": "Русский", "en": "English"}


def vague_date(value: date, precision: str) -> str:
    """A date written only as precisely as it is known: 12 October 2026, October 2026, 2026."""
    if precision == "year":
        return str(value.year)
    if precision == "month":
        return date_format(value, "YEAR_MONTH_FORMAT")
    return date_format(value, "DATE_FORMAT")


@register.filter
def incident_date(incident: Any) -> str:
    text = vague_date(incident.date, incident.date_precision)
    if incident.end_date and incident.end_date != incident.date:
        text = _("%(start)s – %(end)s") % {
            "start": text,
            "end": date_format(incident.end_date, "DATE_FORMAT"),
        }
    return text


@dataclass(frozen=True)
class Shown:
    text: str
    language: str
    fell_back: bool

    @property
    def language_name(self) -> str:
        return LANGUAGE_NAMES.get(self.language, self.language)

    def __str__(self) -> str:
        return self.text


@register.simple_tag
def content(obj: Any, field: str) -> Shown:
    """`{% content incident "summary" as summary %}`: the text in the visitor's language or the one
    it falls back to, with whether it fell back (the page then says so)."""
    text, language = localized(obj, field)
    return Shown(text, language, bool(text) and language != active_language())


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    return mapping.get(key, key) if hasattr(mapping, "get") else key


@register.filter
def checkboxes(field: Any) -> SafeString:
    """A facet's checkboxes, written here in one pass: the widget's own templates cost a template
    render per option, and the list page shows a hundred and more options on every request."""
    chosen = {str(v) for v in (field.value() or [])}
    name = field.html_name
    return format_html_join(
        "",
        '<label><input type="checkbox" name="{}" value="{}"{}> {}</label>',
        (
            (name, value, mark_safe(" checked") if str(value) in chosen else "", label)
            for value, label in field.field.choices
        ),
    )
