"""The workflow « Relecture par le hub »: one hub review task (hubsite.HubReviewTask),
assigned to solutions."""

from django.db import migrations

WORKFLOW_NAME = "Relecture par le hub"
TASK_NAME = "Relecture par les coordinateurs du hub"


def content_type(apps, app_label, model):
    ContentType = apps.get_model("contenttypes", "ContentType")
    return ContentType.objects.get_or_create(app_label=app_label, model=model)[0]


def create_workflow(apps, schema_editor):
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")
    HubReviewTask = apps.get_model("hubsite", "HubReviewTask")
    task = HubReviewTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = HubReviewTask.objects.create(
            name=TASK_NAME, active=True, content_type=content_type(apps, "hubsite", "hubreviewtask")
        )
    workflow, _created = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowContentType.objects.update_or_create(
        content_type=content_type(apps, "projects", "solution"), defaults={"workflow": workflow}
    )


def remove_workflow(apps, schema_editor):
    apps.get_model("wagtailcore", "Workflow").objects.filter(name=WORKFLOW_NAME).delete()
    apps.get_model("hubsite", "HubReviewTask").objects.filter(name=TASK_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0005_catalogue_search"),
        ("hubsite", "0005_hub_review_task"),
        ("wagtailcore", "0098_apitoken"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_workflow, remove_workflow)]
