"""Create the role groups and the default rating scale."""

from django.db import migrations

DEFAULT_SCALE = [
    # slug, label, ratingValue, description
    ("true", "True", 5, "The claim is accurate and nothing significant is missing."),
    ("mostly-true", "Mostly true", 4, "The claim is accurate but needs clarification or extra information."),
    ("half-true", "Half true", 3, "The claim is partly accurate but leaves out important details."),
    ("mostly-false", "Mostly false", 2, "The claim holds an element of truth but ignores critical facts."),
    ("false", "False", 1, "The claim is not accurate."),
    ("misleading", "Misleading", None, "The facts are right but presented to give a wrong impression."),
    ("unverifiable", "Unverifiable", None, "The available evidence can neither confirm nor refute the claim."),
]
ROLES = ["annotator", "reviewer", "admin"]


def create(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Rating = apps.get_model("annotations", "Rating")
    for name in ROLES:
        Group.objects.get_or_create(name=name)
    for order, (slug, label, value, description) in enumerate(DEFAULT_SCALE):
        Rating.objects.get_or_create(
            slug=slug, defaults={"label": label, "value": value, "description": description, "order": order}
        )


def remove(apps, schema_editor):
    apps.get_model("annotations", "Rating").objects.filter(slug__in=[row[0] for row in DEFAULT_SCALE]).delete()
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("annotations", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create, remove)]
