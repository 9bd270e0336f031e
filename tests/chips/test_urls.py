"""Models link to their pages through the URLconf, so a moved route moves every link."""

import pytest
from django.urls import resolve

from tests.factories import ChipFactory, ClaimFactory, ConflictFactory, VendorFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("factory", "view_name", "kwarg"),
    [
        (VendorFactory, "chips:vendor_detail", "slug"),
        (ChipFactory, "chips:chip_detail", "slug"),
        (ClaimFactory, "chips:claim_detail", "pk"),
        (ConflictFactory, "chips:conflict_detail", "pk"),
    ],
)
def test_get_absolute_url_resolves_to_the_objects_page(factory, view_name, kwarg):
    obj = factory()
    match = resolve(obj.get_absolute_url())
    assert match.view_name == view_name
    assert str(match.kwargs[kwarg]) == str(getattr(obj, kwarg))


@pytest.mark.parametrize("folder", ["chips", "newsfeed"])
def test_models_hold_no_hand_written_site_paths(folder):
    from django.conf import settings

    source = (settings.BASE_DIR / folder / "models.py").read_text()
    for route in ("/vendors/", "/chips/", "/claims/", "/conflicts/", "/articles/", "/feeds/"):
        assert f'"{route}' not in source, route
