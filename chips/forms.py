"""Forms that parse the dashboard's query strings and editors' posts."""

from __future__ import annotations

from django import forms
from django.forms.models import ModelChoiceIterator
from django.http import QueryDict

from chips.dashboard import ALL_STATUSES, BadCursor, ConflictFilters, Cursor, TimelineFilters
from chips.models import (
    Chip,
    ClaimStatus,
    ConflictOutcome,
    ConflictStatus,
    Subscription,
    Topic,
    Vendor,
)
from chips.names import in_reading_order
from chips.units import PercentField
from newsfeed.models import Source


def _any(label: str, choices) -> list[tuple[str, str]]:
    return [("", label), *choices]


class CursorField(forms.CharField):
    """An opaque "load more" cursor; a tampered one is a form error, not a crash."""

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        try:
            return Cursor.decode(value)
        except BadCursor:
            raise forms.ValidationError(
                "This link to a later page is broken: it was cut short or changed."
            ) from None


class FilterForm(forms.Form):
    """Filters read from a query string (always bound, possibly to nothing).

    An invalid filter is dropped (and shown as an error next to its field)
    rather than failing the page, so an old or hand-edited URL still works.
    """

    after = CursorField(required=False, widget=forms.HiddenInput)

    def valid_data(self) -> dict:
        self.is_valid()
        return {k: v for k, v in self.cleaned_data.items() if k not in self.errors}

    def cursor(self) -> Cursor | None:
        return self.valid_data().get("after")

    def query_string(self) -> str:
        """The valid filters as a query string, without the cursor: "load more" adds its own."""
        kept = QueryDict(mutable=True)
        for name in self.fields:
            value = self.data.get(name)
            if name != "after" and value and name not in self.errors:
                kept[name] = value
        return kept.urlencode()


class TimelineFilterForm(FilterForm):
    topic = forms.ChoiceField(choices=_any("Any topic", Topic.choices), required=False)
    chip = forms.ModelChoiceField(
        queryset=Chip.objects.none(), to_field_name="slug", required=False, empty_label="Any chip"
    )
    status = forms.ChoiceField(choices=_any("Any status", ClaimStatus.choices), required=False)
    min_confidence = PercentField(label="Min. confidence (%)", required=False)
    source = forms.ModelChoiceField(
        queryset=Source.objects.order_by("name"), required=False, empty_label="Any source"
    )

    def __init__(self, *args, vendor: Vendor | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if vendor is None:
            # A chip's own timeline has no chip filter.
            del self.fields["chip"]
        else:
            self.fields["chip"].queryset = vendor.chips.order_by("name")
        self.fields["min_confidence"].widget.attrs.update(placeholder="0–100")

    def filters(self) -> TimelineFilters:
        data = self.valid_data()
        return TimelineFilters(
            topic=data.get("topic") or "",
            chip=data.get("chip"),
            status=data.get("status") or "",
            min_confidence=data.get("min_confidence"),
            source=data.get("source"),
        )


class ReadingOrderChoices(ModelChoiceIterator):
    """A model choice list by name as people read it (chips.names), not by byte order."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in in_reading_order(self.queryset, str):
            yield self.choice(obj)


def in_reading_order_of_names(field: forms.ModelChoiceField) -> None:
    field.iterator = ReadingOrderChoices
    field.widget.choices = field.choices  # the widget copied the old iterator's choices


class ConflictFilterForm(FilterForm):
    vendor = forms.ModelChoiceField(
        queryset=Vendor.objects.order_by("name"),
        to_field_name="slug",
        required=False,
        empty_label="Any vendor",
    )
    chip = forms.ModelChoiceField(
        queryset=Chip.objects.order_by("name"),
        to_field_name="slug",
        required=False,
        empty_label="Any chip",
    )
    topic = forms.ChoiceField(choices=_any("Any topic", Topic.choices), required=False)
    # Open disputes unless asked otherwise (?status=all for every one).
    status = forms.ChoiceField(
        choices=[*ConflictStatus.choices, (ALL_STATUSES, "Any status")], required=False
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        in_reading_order_of_names(self.fields["vendor"])
        in_reading_order_of_names(self.fields["chip"])

    def filters(self) -> ConflictFilters:
        data = self.valid_data()
        return ConflictFilters(
            vendor=data.get("vendor"),
            chip=data.get("chip"),
            topic=data.get("topic") or "",
            status=data.get("status") or ConflictStatus.OPEN,
        )


class SearchForm(forms.Form):
    q = forms.CharField(label="Search", max_length=200, required=False, strip=True)


class VerdictForm(forms.Form):
    status = forms.ChoiceField(choices=ClaimStatus.choices)
    note = forms.CharField(label="Why (optional)", required=False, max_length=2000, strip=True)
    # Verifying a claim that contradicts a verified one takes a second, explicit click.
    confirm = forms.BooleanField(required=False)


REOPEN = "reopen"


class ResolveConflictForm(forms.Form):
    outcome = forms.ChoiceField(choices=[*ConflictOutcome.choices, (REOPEN, "Reopen")])
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=4000
    )


class SubscriptionForm(forms.ModelForm):
    # Not the model's field: a new address is confirmed by a link before digests go
    # there (chips.email_confirmation), and the form must not say whether another
    # subscription has it, as a uniqueness check would.
    email = forms.EmailField(
        help_text="A new address gets a link to confirm first; digests go there once it is opened."
    )
    min_confidence = PercentField(
        label="Min. confidence (%)",
        initial=0,
        help_text="0–100 %: leave out claims asserted less firmly than this.",
    )

    class Meta:
        model = Subscription
        fields = ["vendors", "frequency", "min_confidence", "is_active"]
        widgets = {"vendors": forms.CheckboxSelectMultiple}
        labels = {"is_active": "Send me digests"}
        help_texts = {"vendors": "Leave all unticked to hear about every vendor."}

    field_order = ["email", "vendors", "frequency", "min_confidence", "is_active"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        in_reading_order_of_names(self.fields["vendors"])
        self.fields["email"].initial = self.instance.email

    def clean_email(self) -> str:
        # Addresses are stored lower-case, so the uniqueness check must compare them so.
        return self.cleaned_data["email"].strip().lower()
