"""Delete Wagtail's default "Editors" and "Moderators" groups from existing databases.

Wagtail's initial migrations give them rights on the root page and the root collection,
hence on every hub; ``hubsite.services.sync_roles`` deletes them too, should they return.
"""

from django.db import migrations

WAGTAIL_DEFAULT_GROUPS = ("Editors", "Moderators")  # as in hubsite.roles, frozen here


def remove_wagtail_default_groups(apps, schema_editor):
    # Their page and collection permissions and memberships go with them (cascade).
    apps.get_model("auth", "Group").objects.filter(name__in=WAGTAIL_DEFAULT_GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("hubsite", "0001_initial"),
        # After the migrations that create them and grant them rights.
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtaildocs", "0011_add_choose_permissions"),
        ("wagtailimages", "0027_image_description"),
    ]

    operations = [
        migrations.RunPython(remove_wagtail_default_groups, migrations.RunPython.noop),
    ]
