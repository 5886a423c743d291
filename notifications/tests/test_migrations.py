"""The outbox's move from reminders is a change of state only: an existing database keeps its rows."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from notifications.models import Delivery

BEFORE = [("notifications", "0001_initial"), ("reminders", "0001_initial")]
AFTER = [("notifications", "0002_delivery"), ("reminders", "0002_delivery_moved_to_notifications")]


@pytest.mark.django_db(transaction=True)
def test_outbox_move_keeps_the_rows_an_existing_database_has():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    try:
        old_apps = executor.loader.project_state(BEFORE).apps
        user = old_apps.get_model("accounts", "User").objects.create(email="old@example.org", password="!")
        old_apps.get_model("reminders", "Delivery").objects.create(
            user_id=user.pk,
            kind="reminders.checkin",
            channel="email",
            dedupe_key="before:1",
            status="pending",
        )
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(AFTER)
    moved = Delivery.objects.get(dedupe_key="before:1")
    assert (moved.user.email, moved.status) == ("old@example.org", "pending")
    assert Delivery._meta.db_table == "reminders_delivery"
    fresh = MigrationExecutor(connection)
    assert fresh.migration_plan(fresh.loader.graph.leaf_nodes()) == []  # back where the suite was
