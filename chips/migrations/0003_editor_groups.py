"""Permission groups for the editor workflow: Editors change claims and conflicts, Viewers read."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR_CHANGES = {"claim", "conflict"}
VIEWED = {
    ("chips", "vendor"),
    ("chips", "chip"),
    ("chips", "claim"),
    ("chips", "conflict"),
    ("chips", "vendormention"),
    ("chips", "chipmention"),
    ("newsfeed", "source"),
    ("newsfeed", "feed"),
    ("newsfeed", "article"),
}


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations ran; make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    def perms(codenames):
        found = []
        for app_label, codename in codenames:
            found.extend(
                Permission.objects.filter(content_type__app_label=app_label, codename=codename)
            )
        return found

    view = [(app, f"view_{model}") for app, model in VIEWED]
    change = [("chips", f"{action}_{model}") for model in EDITOR_CHANGES for action in ("add", "change")]
    viewers, _ = Group.objects.get_or_create(name="Viewers")
    viewers.permissions.add(*perms(view))
    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(*perms(view + change))


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Editors", "Viewers"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("chips", "0002_claims"),
        ("newsfeed", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
