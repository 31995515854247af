"""Checks that a signed-in person chose to save. Everything that comes from the draft (title,
text, report) is sealed; only the owner, the date and the overall risk are plain."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from qorgau.checkup.sealing import seal, unseal


class SavedCheck(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="saved_checks",
        verbose_name=_("owner"),
    )
    created = models.DateTimeField(_("saved"), auto_now_add=True)
    risk = models.CharField(_("overall risk"), max_length=8)
    # {"owner": pk, "title": …, "text": …, "report": {…}, "ai_assisted": …} sealed with the server's check-up key
    sealed = models.BinaryField(_("sealed content"))

    class Meta:
        ordering: ClassVar[list[str]] = ["-created", "-pk"]
        verbose_name = _("saved check")
        verbose_name_plural = _("saved checks")

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"

    def seal(self, *, title: str, text: str, report: dict[str, Any], ai_assisted: bool) -> None:
        self.sealed = seal(
            {
                "owner": self.owner_id,
                "title": title,
                "text": text,
                "report": report,
                "ai_assisted": ai_assisted,
            }
        )

    def content(self) -> dict[str, Any]:
        """Title, text and report; a sealed value moved to another owner's row does not open."""
        value = unseal(bytes(self.sealed))
        if value.get("owner") != self.owner_id:
            raise ValueError("sealed content belongs to another owner")
        return value
