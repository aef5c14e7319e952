"""The review demo's outside expert: one opinion, already sent, on the dossier in committee
(the link it came through is spent, so no e-mail and no usable token)."""

import datetime

from django.db import transaction
from django.utils import timezone

from hubsite import tokens
from projects.demo.review import CALL_SLUG
from projects.models import Dossier, DossierStatus, ExpertOpinion, Recommendation

EXPERT = "Hélène Vasseur, chercheuse en sociologie des usages numériques"


@transaction.atomic
def load() -> ExpertOpinion | None:
    """The demo's expert opinion, made once; None when the demo has no dossier in committee."""
    dossier = (
        Dossier.objects.filter(call__slug=CALL_SLUG, status=DossierStatus.COMMITTEE)
        .order_by("pk")
        .first()
    )
    if dossier is None:
        return None
    existing = dossier.expert_opinions.first()
    if existing is not None:
        return existing
    now = timezone.now()
    return ExpertOpinion.objects.create(
        dossier=dossier,
        expert_name=EXPERT,
        email="helene.vasseur@universite.example",
        token_hash=tokens.new_token()[1],
        expires_at=now + datetime.timedelta(days=14),
        submitted_at=now,
        recommendation=Recommendation.RESERVED,
        opinion=(
            "Le diagnostic territorial est solide et les permanences itinérantes répondent à "
            "un besoin réel des communes rurales. Les recettes propres de l'année 3 reposent "
            "sur des formations encore peu vendues : un point d'étape à 18 mois serait utile."
        ),
    )
