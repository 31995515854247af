from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from qorgau.checkup.documents import MAX_UPLOAD_BYTES, DocumentError, extract_text
from qorgau.checkup.engine.segment import MAX_TEXT

UPLOAD_TYPES = ".txt,.docx,.odt,.pdf"

DOCUMENT_ERRORS = {
    "too_large": _("The file is larger than 10 MB or has too many pages."),
    "corrupt": _("The file is damaged and cannot be read. Save it again and retry."),
    "encrypted": _("The file is protected with a password. Save a copy without one and retry."),
    "unsupported": _(
        "This kind of file cannot be read. Upload a .txt, .docx, .odt or .pdf file, "
        "or paste the text."
    ),
    "not_utf8": _("The file is not UTF-8 text. Save it as plain text (.txt) and try again."),
    "empty": _(
        "No text was found in the file. A scanned page is an image: paste the text instead."
    ),
}


class CheckForm(forms.Form):
    text = forms.CharField(
        label=_("Your draft"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 14, "autocomplete": "off", "spellcheck": "true"}),
    )
    upload = forms.FileField(
        label=_("…or a file (.txt, .docx, .odt, .pdf)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": UPLOAD_TYPES}),
    )
    ai_assisted = forms.BooleanField(
        label=_("Artificial intelligence helped write or illustrate this material"), required=False
    )
    redact = forms.BooleanField(label=_("Make a copy with personal data hidden"), required=False)

    def clean_upload(self) -> str | None:
        """The text of the uploaded file (the file itself is never kept)."""
        upload = self.cleaned_data.get("upload")
        if not upload:
            return None
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(DOCUMENT_ERRORS["too_large"])
        try:
            text = extract_text(upload.read(MAX_UPLOAD_BYTES + 1))
        except DocumentError as error:
            raise forms.ValidationError(DOCUMENT_ERRORS[error.reason]) from error
        if len(text) > MAX_TEXT:
            raise forms.ValidationError(
                _("The text is longer than %(max)d characters."), params={"max": MAX_TEXT}
            )
        return text

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("upload"):
            data["text"] = data["upload"]
        if "upload" in self.errors:
            return data
        if not str(data.get("text", "")).strip():
            raise forms.ValidationError(_("Paste your draft or choose a file."))
        return data


class ResendForm(forms.Form):
    """A checked draft sent back by the result page (for the PDF, the redacted copy, saving):
    the server checks it again rather than trust a report from the browser."""

    text = forms.CharField(max_length=MAX_TEXT, strip=False)
    ai_assisted = forms.BooleanField(required=False)


class SaveForm(ResendForm):
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
