from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from qorgau.checkup.engine.segment import MAX_TEXT

MAX_UPLOAD_BYTES = 2 * 1024 * 1024


class CheckForm(forms.Form):
    text = forms.CharField(
        label=_("Your draft"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 14, "autocomplete": "off", "spellcheck": "true"}),
    )
    upload = forms.FileField(
        label=_("…or a text file (.txt)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,text/plain"}),
    )
    ai_assisted = forms.BooleanField(
        label=_("Artificial intelligence helped write or illustrate this material"), required=False
    )
    redact = forms.BooleanField(label=_("Make a copy with personal data hidden"), required=False)

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        upload = data.get("upload")
        if upload:
            if upload.size > MAX_UPLOAD_BYTES:
                raise forms.ValidationError(_("The file is larger than 2 MB."))
            try:
                data["text"] = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError as error:
                raise forms.ValidationError(
                    _("The file is not UTF-8 text. Save it as plain text (.txt) and try again.")
                ) from error
            if len(data["text"]) > MAX_TEXT:
                raise forms.ValidationError(
                    _("The text is longer than %(max)d characters."), params={"max": MAX_TEXT}
                )
        if not str(data.get("text", "")).strip():
            raise forms.ValidationError(_("Paste your draft or choose a file."))
        return data
