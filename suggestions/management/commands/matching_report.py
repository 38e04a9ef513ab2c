"""manage.py matching_report: how often editors marked "checked before" matches as other claims."""

from typing import Any

from django.core.management.base import BaseCommand

from suggestions.queries import match_judgements


def _share(part: int, whole: int) -> str:
    return f"{part / whole:.0%}" if whole else "-"


class Command(BaseCommand):
    help = (
        'How editors judged claim matching: matches listed, matches marked "not the same claim", and claims whose '
        "best match was marked so (a floor on wrong top matches; matches nobody looked at count as right)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        counts = match_judgements()
        judged = counts.listed + counts.rejected
        self.stdout.write(
            f"Matches: {judged}, of which {counts.rejected} marked as other claims ({_share(counts.rejected, judged)})."
        )
        self.stdout.write(
            f"Claims with a match: {counts.claims}; best match marked as another claim: {counts.best_rejected} "
            f"({_share(counts.best_rejected, counts.claims)})."
        )
