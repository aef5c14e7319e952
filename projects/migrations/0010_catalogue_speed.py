"""The catalogue's speed: where each solution runs, kept ready (``SolutionPlace``, filled
from the existing solutions and deployments), and on PostgreSQL a trigram index of the
search copy, which answers its ``LIKE '% mot%'`` without reading every row (SQLite has no
such index: the operation does nothing there)."""

import django.db.models.deletion
from django.db import migrations, models

TRIGRAM_INDEX = "solution_search_text_trgm"


def fill_places(apps, schema_editor):
    Solution = apps.get_model("projects", "Solution")
    Deployment = apps.get_model("projects", "Deployment")
    SolutionPlace = apps.get_model("projects", "SolutionPlace")
    pairs = {
        (pk, code)
        for pk, code in Solution.objects.values_list(
            "pk", "organisation__commune__departement_id"
        )
        if code
    }
    pairs |= set(
        Deployment.objects.order_by().values_list("solution_id", "departement_id").distinct()
    )
    SolutionPlace.objects.bulk_create(
        (SolutionPlace(solution_id=pk, departement_id=code) for pk, code in sorted(pairs)),
        batch_size=1000,
    )


class PostgresOnlySQL(migrations.RunSQL):
    """``RunSQL`` run on PostgreSQL only."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):

    dependencies = [
        ("hubsite", "0005_hub_review_task"),
        ("projects", "0009_expert_opinions_reminders"),
    ]

    operations = [
        migrations.CreateModel(
            name="SolutionPlace",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "departement",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="hubsite.departement",
                    ),
                ),
                (
                    "solution",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="places",
                        to="projects.solution",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("departement", "solution"), name="solution_place_unique"
                    )
                ],
            },
        ),
        migrations.RunPython(fill_places, migrations.RunPython.noop),
        PostgresOnlySQL(
            sql=[
                "CREATE EXTENSION IF NOT EXISTS pg_trgm",
                f"CREATE INDEX IF NOT EXISTS {TRIGRAM_INDEX} ON projects_solution "
                "USING gin (search_text gin_trgm_ops)",
            ],
            reverse_sql=[f"DROP INDEX IF EXISTS {TRIGRAM_INDEX}"],
        ),
    ]
