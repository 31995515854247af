from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from qorgau.library.models import Act, CourtDecision, Provision, SearchDocument
from qorgau.library.queries import MAX_QUERY_CHARS


class SearchForm(forms.Form):
    """One filter definition for the search page and the search API."""

    q = forms.CharField(label=_("Search the law"), max_length=MAX_QUERY_CHARS)
    act = forms.ChoiceField(label=_("Act"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("everything")), *SearchDocument.Kind.choices],
    )
    lang = forms.ChoiceField(
        label=_("Language of the text"),
        required=False,
        choices=[("", _("any language")), *settings.LANGUAGES],
    )
    on = forms.DateField(
        label=_("In force on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        acts = [(act.code, act.title) for act in Act.objects.all()]
        self.fields["act"].choices = [("", _("all acts")), *acts]  # type: ignore[attr-defined]


class CompareForm(forms.Form):
    old = forms.DateField(label=_("Earlier edition"))
    new = forms.DateField(label=_("Later edition"))


def _keys(value: str) -> list[str]:
    """Citation keys typed one per line or separated by commas; each must parse."""
    from qorgau.library.citations import CitationError, parse_key

    keys = []
    for raw in value.replace(",", "\n").split():
        try:
            keys.append(parse_key(raw.strip()).key)
        except CitationError as error:
            raise forms.ValidationError(
                _("“%(key)s” is not a citation key like kz-cc:274:2."), params={"key": raw}
            ) from error
    return keys


class CommentaryForm(forms.Form):
    summary_kk = forms.CharField(
        label=_("In short (Kazakh)"), widget=forms.Textarea, required=False
    )
    summary_ru = forms.CharField(
        label=_("In short (Russian)"), widget=forms.Textarea, required=False
    )
    summary_en = forms.CharField(
        label=_("In short (English)"), widget=forms.Textarea, required=False
    )
    for_journalists_kk = forms.CharField(
        label=_("For journalists (Kazakh)"), widget=forms.Textarea, required=False
    )
    for_journalists_ru = forms.CharField(
        label=_("For journalists (Russian)"), widget=forms.Textarea, required=False
    )
    for_journalists_en = forms.CharField(
        label=_("For journalists (English)"), widget=forms.Textarea, required=False
    )
    typical_cases_kk = forms.CharField(
        label=_("Typical cases (Kazakh)"), widget=forms.Textarea, required=False
    )
    typical_cases_ru = forms.CharField(
        label=_("Typical cases (Russian)"), widget=forms.Textarea, required=False
    )
    typical_cases_en = forms.CharField(
        label=_("Typical cases (English)"), widget=forms.Textarea, required=False
    )
    related = forms.CharField(
        label=_("Related provisions"),
        required=False,
        help_text=_("Citation keys, one per line, e.g. kz-cao:73-3"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_related(self) -> list[str]:
        return _keys(self.cleaned_data["related"])

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if not any(data.get(f"summary_{lang}") for lang in ("kk", "ru", "en")):
            raise forms.ValidationError(_("Write the summary in at least one language."))
        return data


class DecisionForm(forms.ModelForm[CourtDecision]):
    applied = forms.CharField(
        label=_("Provisions applied"),
        help_text=_("Citation keys, one per line, e.g. kz-cc:274:2"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    class Meta:
        model = CourtDecision
        fields = (
            "court",
            "instance",
            "date",
            "case_number",
            "outcome",
            "summary_kk",
            "summary_ru",
            "summary_en",
            "full_text",
        )
        widgets = {"date": forms.DateInput(attrs={"type": "date"})}  # noqa: RUF012
        help_texts = {  # noqa: RUF012
            "full_text": _(
                "Mask the names and other personal data of private persons before pasting."
            ),
        }

    def clean_applied(self) -> list[str]:
        keys = _keys(self.cleaned_data["applied"])
        known = set(Provision.objects.filter(key__in=keys).values_list("key", flat=True))
        unknown = [key for key in keys if key not in known]
        if unknown:
            raise forms.ValidationError(
                _("The library has no provision %(keys)s yet."), params={"keys": ", ".join(unknown)}
            )
        if not keys:
            raise forms.ValidationError(_("Name at least one provision the court applied."))
        return keys
