from __future__ import annotations

from django import forms

from qorgau.core.models import CalendarOverride


class CalendarOverrideForm(forms.ModelForm[CalendarOverride]):
    class Meta:
        model = CalendarOverride
        fields = ("date", "kind", "reason_kk", "reason_ru", "reason_en")
        widgets = {"date": forms.DateInput(attrs={"type": "date"})}  # noqa: RUF012
