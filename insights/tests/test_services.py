import datetime

import pytest
from django.utils import timezone

from accounts.personal_data import personal_data_sections
from insights.models import DailyLevel, EntrySignal
from insights.services import daily_level_record, entry_signals_refresh
from insights.tests.factories import declining_month, write_entry
from journals.content_types import EntryContent
from journals.services import entry_delete, entry_update

pytestmark = pytest.mark.django_db


def test_entry_signals_store_numbers_and_slugs_only(user):
    entry = write_entry(user, "Completely drained. Walked by the river after work.")
    assert entry_signals_refresh(user=user) == 1
    signal = EntrySignal.objects.get(entry=entry)
    assert signal.themes == {"exhaustion": 1.5, "movement": 1.0, "nature": 1.0}
    assert isinstance(signal.sentiment, float)
    stored = repr(EntrySignal.objects.filter(pk=signal.pk).values().get())
    assert "drained" not in stored and "river" not in stored


def test_entry_signals_refresh_only_what_changed(user):
    entry = write_entry(user, "So tired.")
    entry_signals_refresh(user=user)
    assert entry_signals_refresh(user=user) == 0
    entry_update(
        user=user,
        entry_id=entry.pk,
        base_version=entry.version,
        content=EntryContent(body="Rested, a day off."),
    )
    assert entry_signals_refresh(user=user) == 1
    assert EntrySignal.objects.get(entry=entry).themes == {"rest": 2.0}


def test_entry_signals_go_with_their_entry_and_account(user):
    entry = write_entry(user, "Hopeless day.")
    entry_signals_refresh(user=user)
    entry_delete(user=user, entry_id=entry.pk)
    assert not EntrySignal.objects.exists()
    write_entry(user, "Hopeless day.")
    entry_signals_refresh(user=user)
    user.delete()
    assert not EntrySignal.objects.exists()


def test_daily_level_record_is_idempotent(user):
    declining_month(user)
    first = daily_level_record(user=user)
    second = daily_level_record(user=user)
    assert first.pk == second.pk
    assert DailyLevel.objects.filter(user=user).count() == 1
    assert first.level in ("watch", "act")
    assert "mood_below" in first.reason_keys


def test_export_has_settings_signals_and_levels_without_text(user):
    declining_month(user)
    daily_level_record(user=user, now=timezone.now() - datetime.timedelta(days=1))
    section = next(s for s in personal_data_sections() if s.name == "insights")
    data = section.export(user)
    assert data["settings"]["sensitivity"] == "normal"
    assert len(data["entry_signals"]) == 3
    assert data["daily_levels"]
    assert "drained" not in repr(data)
