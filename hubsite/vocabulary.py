"""The vocabularies that venues and solutions share, from the national standard of venues
(schéma des lieux de médiation numérique v1.0.2), so that a solution's services and publics
connect to the venues that offer them. The value is the standard's own text; the order is
the storage order of ``hubsite.fields.FlagsField``: append new values, never reorder or
remove one.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Service(models.TextChoices):
    DEMARCHES = "Aide aux démarches administratives", _("Aide aux démarches administratives")
    OUTILS_QUOTIDIEN = (
        "Maîtrise des outils numériques du quotidien",
        _("Maîtrise des outils numériques du quotidien"),
    )
    INSERTION = (
        "Insertion professionnelle via le numérique",
        _("Insertion professionnelle via le numérique"),
    )
    SECURITE = "Utilisation sécurisée du numérique", _("Utilisation sécurisée du numérique")
    PARENTALITE = (
        "Parentalité et éducation avec le numérique",
        _("Parentalité et éducation avec le numérique"),
    )
    LOISIRS = "Loisirs et créations numériques", _("Loisirs et créations numériques")
    COMPREHENSION = "Compréhension du monde numérique", _("Compréhension du monde numérique")
    ACCES_MATERIEL = (
        "Accès internet et matériel informatique",
        _("Accès internet et matériel informatique"),
    )
    MATERIEL_SOLIDAIRE = (
        "Acquisition de matériel informatique à prix solidaire",
        _("Acquisition de matériel informatique à prix solidaire"),
    )


class Public(models.TextChoices):
    JEUNES = "Jeunes", _("Jeunes")
    ETUDIANTS = "Étudiants", _("Étudiants")
    FAMILLES = "Familles et/ou enfants", _("Familles et/ou enfants")
    SENIORS = "Seniors", _("Seniors")
    FEMMES = "Femmes", _("Femmes")


class SpecificSupport(models.TextChoices):
    SURDITE = "Surdité", _("Surdité")
    HANDICAPS_MOTEURS = "Handicaps moteurs", _("Handicaps moteurs")
    HANDICAPS_MENTAUX = "Handicaps mentaux", _("Handicaps mentaux")
    ILLETTRISME = "Illettrisme", _("Illettrisme")
    ANGLAIS = "Langues étrangères (anglais)", _("Langues étrangères (anglais)")
    AUTRES_LANGUES = "Langues étrangères (autres)", _("Langues étrangères (autres)")
    DEFICIENCE_VISUELLE = "Déficience visuelle", _("Déficience visuelle")
