"""Where each solution runs, kept ready for the catalogue's place filter.

A solution runs in its organisation's département and in the département of each of its
deployments (an ended one included: it ran there). The catalogue asks "does it run in one of
these départements?" for thousands of rows at once: one row per (solution, département),
rewritten by ``projects.places`` whenever a deployment, a solution or an organisation
changes, answers it off one index instead of a join through organisations and communes.
"""

from django.db import models

from hubsite.models import Departement
from projects.models.solutions import Solution


class SolutionPlace(models.Model):
    solution = models.ForeignKey(Solution, on_delete=models.CASCADE, related_name="places")
    departement = models.ForeignKey(Departement, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            # Also the index the filter reads: the solutions of a set of départements.
            models.UniqueConstraint(
                fields=["departement", "solution"], name="solution_place_unique"
            )
        ]

    def __str__(self):
        return f"{self.solution_id} — {self.departement_id}"
