"""The one signal reminders listen to: a person's time zone changing in their profile.

The accounts app owns the profile and knows nothing of reminders; this receiver is a thin
adapter that calls the service, so a reminder computed in the old zone never fires there.
"""

from reminders.models import Reminder


def follow_time_zone(sender, instance, created: bool = False, update_fields=None, **kwargs) -> None:
    if created or (update_fields is not None and "time_zone" not in update_fields):
        return
    if not Reminder.objects.filter(user=instance).exclude(time_zone=instance.time_zone).exists():
        return
    from reminders.services import reminders_follow_time_zone

    reminders_follow_time_zone(user=instance)
