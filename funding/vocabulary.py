"""The closed vocabularies of calls for funding. The order is the storage order of
``hubsite.fields.FlagsField``: append new values, never reorder or remove one."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Theme(models.TextChoices):
    INCLUSION = "inclusion", _("Inclusion numérique")
    TRAINING = "formation", _("Formation des médiateurs et aidants")
    EQUIPMENT = "equipement", _("Équipement et reconditionnement")
    ACCESS = "acces", _("Accès aux droits et démarches en ligne")
    YOUTH = "jeunesse", _("Jeunesse et éducation")
    SENIORS = "seniors", _("Seniors et autonomie")
    EMPLOYMENT = "emploi", _("Insertion et emploi")
    RURAL = "ruralite", _("Ruralité et territoires")
    COOPERATION = "cooperation", _("Coopération européenne")


class Applicant(models.TextChoices):
    ASSOCIATION = "association", _("Associations")
    LOCAL_AUTHORITY = "collectivite", _("Collectivités et leurs groupements")
    PUBLIC_BODY = "etablissement_public", _("Établissements publics")
    COMPANY = "entreprise", _("Entreprises et ESS")
    HUB = "hub", _("Hubs territoriaux")


class Cost(models.TextChoices):
    OPERATING = "fonctionnement", _("Fonctionnement")
    INVESTMENT = "investissement", _("Investissement")
