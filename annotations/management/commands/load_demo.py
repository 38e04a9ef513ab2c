"""manage.py load_demo: demo article, claims and one account per role; prints new logins once."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from annotations.demo import demo_load


class Command(BaseCommand):
    help = "Load the demo article and create demo accounts (passwords are generated and printed once)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--new-passwords", action="store_true", help="Set and print new demo passwords.")

    def handle(self, *args: Any, **options: Any) -> None:
        result = demo_load(new_passwords=options["new_passwords"])
        self.stdout.write("Demo data loaded." if result.created_data else "Demo data already present.")
        if result.new_logins:
            self.stdout.write(self.style.SUCCESS("Demo logins (shown once; keep them):"))
            for username, (role, password) in result.new_logins.items():
                self.stdout.write(f"  {role:<10} username: {username:<16} password: {password}")
        else:
            self.stdout.write(
                "Demo accounts exist; their passwords were printed when they were made. "
                "New ones: python manage.py load_demo --new-passwords"
            )
