from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from qorgau.library.models import Act, SearchDocument
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
