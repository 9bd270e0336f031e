"""Forms of the chips pages."""

from __future__ import annotations

from django import forms

from chips.models import Subscription


class SubscriptionForm(forms.ModelForm):
    min_confidence = forms.FloatField(
        min_value=0,
        max_value=1,
        initial=0,
        widget=forms.NumberInput(attrs={"step": "0.05"}),
        help_text="0..1: leave out claims asserted less firmly than this.",
    )

    class Meta:
        model = Subscription
        fields = ["email", "vendors", "frequency", "min_confidence", "is_active"]
        widgets = {"vendors": forms.CheckboxSelectMultiple}
        labels = {"is_active": "Send me digests"}
        help_texts = {"vendors": "Leave all unticked to hear about every vendor."}

    def clean_email(self) -> str:
        # Addresses are stored lower-case, so the uniqueness check must compare them so.
        return self.cleaned_data["email"].strip().lower()
