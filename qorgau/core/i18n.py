"""The interface language in effect for this request, as a two-letter code."""

from django.utils.translation import get_language


def active_language() -> str:
    return (get_language() or "kk")[:2]
