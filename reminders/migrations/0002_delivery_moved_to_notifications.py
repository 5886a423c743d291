"""The outbox (``Delivery``) now belongs to notifications: reminders forget the model, and the
table ``reminders_delivery`` stays, with every row, for ``notifications.Delivery``."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("reminders", "0001_initial"),
        # notifications has taken the model over before reminders let it go.
        ("notifications", "0002_delivery"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Delivery")],
            database_operations=[],
        ),
    ]
