"""A call's economic rules hang on it by a ParentalKey: the call's admin form edits them inline."""

import django.db.models.deletion
import modelcluster.fields
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('projects', '0011_organisation_media'),
    ]

    operations = [
        migrations.AlterField(
            model_name='economicrule',
            name='call',
            field=modelcluster.fields.ParentalKey(on_delete=django.db.models.deletion.CASCADE, related_name='rules', to='projects.projectcall'),
        ),
    ]
