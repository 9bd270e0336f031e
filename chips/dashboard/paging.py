"""Keyset pagination ("load more") and the filter forms that carry its cursor."""

from __future__ import annotations

import base64
import binascii
import time
from dataclasses import dataclass
from datetime import UTC, datetime

from django import forms
from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.forms.models import ModelChoiceIterator
from django.http import QueryDict
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

from chips.dashboard.common import BadInput

# Keyset cursors only ever hold times a row can have: a day's margin inside the
# calendar leaves room for time-zone arithmetic on any database.
CURSOR_EARLIEST = datetime(1, 1, 2, tzinfo=UTC)
CURSOR_LATEST = datetime(9999, 12, 30, tzinfo=UTC)
# The largest id a 64-bit integer column (BigAutoField) holds.
MAX_ID = 2**63 - 1


class BadCursor(ValueError):
    """A cursor that was not made by Cursor.encode (tampered or truncated)."""


@dataclass(frozen=True)
class Cursor:
    """Where a page ended: the (timestamp, id) of its last row, opaque to clients."""

    at: datetime
    pk: int

    def encode(self) -> str:
        raw = f"{self.at.isoformat()}|{self.pk}".encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    @classmethod
    def decode(cls, token: str) -> Cursor:
        """The cursor in token, or BadCursor for anything encode() could not have made.

        A hand-made token can hold a timestamp that leaves the calendar once in UTC
        (year 1 at +05:00) or an id no database column holds (2**64); either would
        fail deep inside the query, so both are refused here.
        """
        try:
            raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
            stamp, pk = raw.split("|")
            at = datetime.fromisoformat(stamp)
            if at.tzinfo is None:
                raise ValueError("naive timestamp")
            at = at.astimezone(UTC)
            if not CURSOR_EARLIEST <= at <= CURSOR_LATEST:
                raise ValueError("timestamp out of range")
            number = int(pk)
            if not 0 < number <= MAX_ID:
                raise ValueError("id out of range")
            return cls(at=at, pk=number)
        except (ValueError, OverflowError, binascii.Error, UnicodeDecodeError) as exc:
            raise BadCursor(token) from exc

    def before(self, field_name: str) -> Q:
        """Rows strictly after this cursor in (field desc, id desc) order."""
        return Q(**{f"{field_name}__lt": self.at}) | Q(**{field_name: self.at, "pk__lt": self.pk})


def any_choice(label: str, choices) -> list[tuple[str, str]]:
    """A filter's choices with "any" (no filter) first."""
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


def html_attrs(attrs: dict) -> str:
    """Attributes as django/forms/widgets/attrs.html writes them: True bare, False left out."""
    return "".join(
        format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value)
        for name, value in attrs.items()
        if value is not False and value is not None
    )


class QuickSelect(forms.Select):
    """A <select> written in Python: the same markup as Django's templates make, without
    an {% include %} per option (a filter's chip and vendor lists made the widget
    templates most of a page's rendering time)."""

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        # ChoiceWidget.get_context and optgroups, without a dict per option: a chip
        # list's 55 options made them a good part of the board's filter form.
        final_attrs = self.build_attrs(self.attrs, attrs)
        if self.allow_multiple_selected:
            final_attrs["multiple"] = True
        values = self.format_value(value)
        has_selected = False
        parts = []
        for option_value, option_label in self.choices:
            if option_value is None:
                option_value = ""
            grouped = isinstance(option_label, (list, tuple))
            options = []
            for subvalue, sublabel in option_label if grouped else [(option_value, option_label)]:
                selected = (not has_selected or self.allow_multiple_selected) and str(
                    subvalue
                ) in values
                has_selected |= selected
                options.append(
                    f'<option value="{conditional_escape(subvalue)}"'
                    f"{' selected' if selected else ''}>{conditional_escape(sublabel)}</option>"
                )
            if grouped:
                parts.append(
                    f'<optgroup label="{conditional_escape(option_value)}">{"".join(options)}'
                    "</optgroup>"
                )
            else:
                parts.extend(options)
        # Every part above is escaped.
        return mark_safe(  # noqa: S308
            f'<select name="{conditional_escape(name)}"{html_attrs(final_attrs)}>'
            f"{''.join(parts)}</select>"
        )


class ReadAtOnceChoices(ModelChoiceIterator):
    """A model choice list read in one query. Django's own reads it through
    QuerySet.iterator(): on PostgreSQL a server-side cursor, three round trips
    (DECLARE, FETCH, CLOSE) for a list of a few dozen names."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset.all():
            yield self.choice(obj)


# Option lists of whole tables (every vendor, chip, outlet) as filter forms show them,
# kept per process: a list is read again after CHOICES_TTL seconds, or at once when this
# process saves or deletes a row of its table. Another process's change (the admin, a
# worker adding an outlet) shows within CHOICES_TTL; until then a removed option is an
# invalid filter, dropped with a message, like any stale URL's.
CHOICES_TTL = 60.0
_choices: dict[str, tuple[str, float, list[tuple[str, str]]]] = {}


class RememberedChoices:
    """A model choice field's options, read once per CHOICES_TTL (see above)."""

    def __init__(self, field: forms.ModelChoiceField, key: str) -> None:
        self.field, self.key = field, key

    def __iter__(self):
        now = time.monotonic()
        kept = _choices.get(self.key)
        if kept is None or now - kept[1] > CHOICES_TTL:
            # Labels and values as the widget writes them: no model instances kept.
            options = [(str(value), str(label)) for value, label in self.field.choices]
            kept = _choices[self.key] = (self.field.queryset.model._meta.label, now, options)
        return iter(kept[2])


def remember_choices(field: forms.ModelChoiceField, key: str) -> None:
    """Show this field's options from the per-process list named key (a whole table's,
    in one order: the same key must always mean the same list). Validating a chosen
    value still asks the database."""
    field.widget.choices = RememberedChoices(field, key)


def forget_choices(sender=None, **kwargs) -> None:
    """Drop the kept option lists of sender's table (every list without a sender)."""
    label = sender._meta.label if sender is not None else None
    for key, (model, _, _) in list(_choices.items()):
        if label is None or model == label:
            _choices.pop(key, None)


post_save.connect(forget_choices, dispatch_uid="chips.dashboard.paging.forget_choices.save")
post_delete.connect(forget_choices, dispatch_uid="chips.dashboard.paging.forget_choices.delete")


class FilterForm(forms.Form):
    """Filters read from a query string (always bound, possibly to nothing).

    An invalid filter is dropped (and shown as an error next to its field)
    rather than failing the page, so an old or hand-edited URL still works.
    """

    after = CursorField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if type(field.widget) is forms.Select:
                quick = QuickSelect(attrs=field.widget.attrs)
                quick.choices = field.widget.choices
                quick.is_required = field.widget.is_required
                field.widget = quick
            if isinstance(field, forms.ModelChoiceField) and field.iterator is ModelChoiceIterator:
                field.iterator = ReadAtOnceChoices
                field.widget.choices = field.choices  # the widget copied the old iterator's

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

    def page_url(self, base: str, cursor: str) -> str:
        """The next page's URL: these filters, then the cursor ("load more" links)."""
        filters = self.query_string()
        return f"{base}?{filters}&after={cursor}" if filters else f"{base}?after={cursor}"


def page_cursor(form: FilterForm) -> Cursor | None:
    """Where "load more" continues; a broken link gets a 400 rather than a wrong page."""
    form.is_valid()
    if "after" in form.errors:
        raise BadInput(" ".join(form.errors["after"]))
    return form.cursor()
