"""The dashboards' filter: a date range, a currency and how to group by time."""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .periods import Period, bucket_of

LONGEST_PERIOD_DAYS = 3660
LONGEST_DAILY_PERIOD_DAYS = 366
KEPT_ON_FALLBACK = ("currency", "by")


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), widget=forms.DateInput(attrs={"type": "date"}))
    currency = forms.ChoiceField(
        label=_("Currency"), choices=[(code, code) for code in settings.CURRENCIES]
    )
    by = forms.ChoiceField(
        label=_("Group by"),
        choices=[
            ("day", _("Day")),
            ("week", _("Week")),
            ("month", _("Month")),
            ("year", _("Year")),
        ],
    )

    fallback: Period | None = None

    @classmethod
    def from_query(cls, query) -> PeriodForm:
        """Bound to the query string, with the last twelve months by month as defaults.
        An invalid filter keeps its errors but shows (and gives) the fallback period."""
        form = cls(
            {**cls.defaults(), **{key: query[key] for key in cls.base_fields if query.get(key)}}
        )
        if not form.is_valid():
            form.fall_back()
        return form

    @staticmethod
    def defaults() -> dict[str, str]:
        today = timezone.localdate()
        start = bucket_of(today - timedelta(days=334), "month")
        return {
            "start": start.isoformat(),
            "end": today.isoformat(),
            "currency": settings.DEFAULT_CURRENCY,
            "by": "month",
        }

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end:
            if end < start:
                raise forms.ValidationError(_("The period must end on or after its first day."))
            if (end - start).days > LONGEST_PERIOD_DAYS:
                raise forms.ValidationError(_("Choose a period of at most ten years."))
            if data.get("by") == "day" and (end - start).days > LONGEST_DAILY_PERIOD_DAYS:
                raise forms.ValidationError(
                    _("Group a period longer than a year by week or month.")
                )
        return data

    def fall_back(self) -> None:
        """The last twelve months instead, in the currency and grouping asked for when
        those were valid themselves (twelve months are short enough for any grouping);
        the form then shows what the figures are for."""
        kept = {name: self.data[name] for name in KEPT_ON_FALLBACK if name not in self.errors}
        fallback = PeriodForm({**self.defaults(), **kept})
        self.fallback = _period_of(fallback.cleaned_or_raise())
        self.data = fallback.data

    def period(self) -> Period:
        """The valid period, or the fallback when the filter is not valid."""
        if self.is_valid():
            return _period_of(self.cleaned_data)
        if self.fallback is None:
            self.fall_back()
        return self.fallback

    def cleaned_or_raise(self) -> dict:
        if not self.is_valid():
            raise ValueError(self.errors.as_text())
        return self.cleaned_data


def _period_of(data: dict) -> Period:
    return Period(data["start"], data["end"], data["currency"], data["by"])
