"""API of the helpdesk app."""

from ninja import Router

router = Router(tags=["helpdesk"])
