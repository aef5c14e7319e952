"""Each organisation gets its own media collection and members' group
(projects.organisation_media); the mediators' shared rights on the common library go."""

import django.db.models.deletion
from django.db import migrations, models

LIBRARY = "Médiathèque des médiateurs"
MEDIATORS = "Médiateurs"
MEDIA_PERMISSIONS = (
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "delete_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "delete_document"),
    ("wagtaildocs", "choose_document"),
)


def give_each_organisation_its_media(apps, schema_editor):
    # The collection tree is built with Wagtail's own Collection (treebeard's methods are not
    # on historical models); every other model is the historical one.
    from wagtail.models import Collection

    Organisation = apps.get_model("projects", "Organisation")
    Membership = apps.get_model("projects", "Membership")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    root = Collection.get_first_root_node()
    if root is None:
        return
    library = root.get_children().filter(name=LIBRARY).first()
    if library is not None:
        GroupCollectionPermission.objects.filter(
            collection_id=library.pk, group__name=MEDIATORS
        ).delete()
    organisations = Organisation.objects.filter(collection__isnull=True)
    if not organisations.exists():
        return
    if library is None:
        library = root.add_child(instance=Collection(name=LIBRARY))
    permissions = [
        Permission.objects.filter(content_type__app_label=app, codename=codename).first()
        for app, codename in MEDIA_PERMISSIONS
    ]
    for organisation in organisations:
        collection = library.add_child(instance=Collection(name=organisation.name[:255]))
        group, _created = Group.objects.get_or_create(
            name=f"Organisation {organisation.pk} : médiathèque"
        )
        for permission in permissions:
            if permission is not None:
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection_id=collection.pk, permission=permission
                )
        organisation.collection_id, organisation.media_group = collection.pk, group
        organisation.save(update_fields=["collection", "media_group"])
        for membership in Membership.objects.filter(organisation=organisation):
            membership.user.groups.add(group)


class Migration(migrations.Migration):

    dependencies = [
        ('auth', '0012_alter_user_first_name_max_length'),
        ('projects', '0010_catalogue_speed'),
        ('wagtailcore', '0098_apitoken'),
        ('wagtailimages', '0027_image_description'),
        ('wagtaildocs', '0014_alter_document_file_size'),
    ]

    operations = [
        migrations.AddField(
            model_name='organisation',
            name='collection',
            field=models.OneToOneField(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='wagtailcore.collection'),
        ),
        migrations.AddField(
            model_name='organisation',
            name='media_group',
            field=models.OneToOneField(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='auth.group'),
        ),
        migrations.RunPython(give_each_organisation_its_media, migrations.RunPython.noop),
    ]
