import pytest
from django.test import Client

from accounts.models import User
from accounts.tests.factories import UserFactory


@pytest.fixture
def user(db) -> User:
    return UserFactory(time_zone="Europe/London")


@pytest.fixture
def signed_in(client: Client, user: User) -> Client:
    client.force_login(user)
    return client
