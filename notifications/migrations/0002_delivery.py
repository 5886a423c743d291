"""The outbox moves here from reminders: the model's state only; its table stays as it is.

``reminders_delivery`` keeps its name, rows and indexes. On a fresh database the table is created
by ``reminders.0001_initial`` (a dependency below) and adopted here; ``reminders.0002`` then drops
the model from reminders' state without touching the table. The content type is renamed so that
permissions and admin history follow the model.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def _move_content_type(apps, schema_editor, *, source: str, target: str) -> None:
    content_type = apps.get_model("contenttypes", "ContentType")
    if content_type.objects.filter(app_label=target, model="delivery").exists():
        return
    content_type.objects.filter(app_label=source, model="delivery").update(app_label=target)


def content_type_forwards(apps, schema_editor) -> None:
    _move_content_type(apps, schema_editor, source="reminders", target="notifications")


def content_type_backwards(apps, schema_editor) -> None:
    _move_content_type(apps, schema_editor, source="notifications", target="reminders")


class Migration(migrations.Migration):

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("notifications", "0001_initial"),
        # Where the table is created on a fresh database.
        ("reminders", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Delivery',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(max_length=64)),
                        ('channel', models.CharField(choices=[('in_app', 'In Zenora'), ('email', 'Email'), ('none', 'Not sent')], max_length=10)),
                        ('dedupe_key', models.CharField(max_length=200, unique=True)),
                        ('status', models.CharField(choices=[('pending', 'Waiting to send'), ('sent', 'Sent'), ('skipped', 'Skipped'), ('failed', 'Could not be delivered')], max_length=10)),
                        ('reason', models.CharField(blank=True, help_text='Why it was skipped.', max_length=40)),
                        ('due_at', models.DateTimeField(blank=True, null=True)),
                        ('subject', models.CharField(blank=True, max_length=200)),
                        ('text', models.TextField(blank=True)),
                        ('html', models.TextField(blank=True)),
                        ('unsubscribe_kind', models.CharField(blank=True, max_length=64)),
                        ('attempts', models.PositiveSmallIntegerField(default=0)),
                        ('last_error', models.CharField(blank=True, max_length=100)),
                        ('next_attempt_at', models.DateTimeField(blank=True, null=True)),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('sent_at', models.DateTimeField(blank=True, null=True)),
                        ('unsubscribed_at', models.DateTimeField(blank=True, null=True)),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='deliveries', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name_plural': 'deliveries',
                        'db_table': 'reminders_delivery',
                        'ordering': ['-created_at', '-id'],
                        'indexes': [models.Index(fields=['user', '-created_at'], name='reminders_delivery_recent'), models.Index(condition=models.Q(('status', 'pending')), fields=['next_attempt_at'], name='reminders_delivery_pending')],
                    },
                ),
            ],
            database_operations=[
                migrations.RunPython(content_type_forwards, content_type_backwards, elidable=True),
            ],
        ),
    ]
