"""A venue's qualification moves live in Wagtail's log alone: each QualificationEvent that
has no matching log entry (same venue, action and reason, within a minute) becomes one, then
the table goes."""

import datetime

from django.db import migrations

ACTIONS = {"qualified": "directory.qualify", "suspended": "directory.suspend"}
SAME_MOVE = datetime.timedelta(minutes=1)


def events_to_log_entries(apps, schema_editor):
    QualificationEvent = apps.get_model("directory", "QualificationEvent")
    ModelLogEntry = apps.get_model("wagtailcore", "ModelLogEntry")
    ContentType = apps.get_model("contenttypes", "ContentType")
    events = QualificationEvent.objects.select_related("venue").order_by("at", "pk")
    if not events.exists():
        return
    content_type, _ = ContentType.objects.get_or_create(app_label="directory", model="venue")
    missing = []
    for event in events.iterator(chunk_size=1000):
        action = ACTIONS.get(event.to_status)
        if action is None:
            continue
        logged = ModelLogEntry.objects.filter(
            content_type=content_type,
            object_id=str(event.venue_id),
            action=action,
            data__reason=event.reason,
            timestamp__range=(event.at - SAME_MOVE, event.at + SAME_MOVE),
        )
        if logged.exists():
            continue
        venue = event.venue
        missing.append(
            ModelLogEntry(
                content_type=content_type,
                object_id=str(event.venue_id),
                label=f"{venue.name} ({venue.commune_name})"[:255],
                action=action,
                data={"from": event.from_status, "to": event.to_status, "reason": event.reason},
                timestamp=event.at,
                user_id=event.by_id,
            )
        )
    ModelLogEntry.objects.bulk_create(missing, batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0005_importjob"),
        ("wagtailcore", "0064_log_timestamp_indexes"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(events_to_log_entries, migrations.RunPython.noop, elidable=True),
        migrations.DeleteModel(name="QualificationEvent"),
    ]
