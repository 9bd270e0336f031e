"""Fixtures for the dashboard's view tests: users by role, query counting."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import UserFactory

EDITOR_PERMISSIONS = ["chips.change_claim", "chips.change_conflict"]


@pytest.fixture
def viewer(db):
    return UserFactory(username="viewer")


@pytest.fixture
def editor(db):
    return UserFactory(username="editor", permissions=EDITOR_PERMISSIONS)


@pytest.fixture
def viewer_client(client, viewer):
    client.force_login(viewer)
    return client


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def count_queries(client) -> Callable[..., int]:
    """Requests a page (asserting 200) and returns how many SQL queries it ran."""

    def count(url: str, **headers) -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url, **headers)
        assert response.status_code == 200, response.content[:500]
        return len(captured)

    return count
