"""The closed vocabularies of the national standard (schéma des lieux de médiation numérique
v1.0.2). The value is the standard's own text; the order is the storage order of
``FlagsField``: append new values, never reorder or remove one. Services, publics and
specific supports live in ``hubsite.vocabulary``, since solutions share them.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from hubsite.vocabulary import Public, Service, SpecificSupport

__all__ = [
    "AccessMode",
    "Fee",
    "Itinerance",
    "NationalProgramme",
    "Public",
    "Service",
    "SpecificSupport",
    "SupportMode",
    "TrainingLabel",
]


class Itinerance(models.TextChoices):
    ITINERANT = "Itinérant", _("Itinérant")
    FIXE = "Fixe", _("Fixe")


class Fee(models.TextChoices):
    GRATUIT = "Gratuit", _("Gratuit")
    GRATUIT_SOUS_CONDITION = "Gratuit sous condition", _("Gratuit sous condition")
    PAYANT = "Payant", _("Payant")


class NationalProgramme(models.TextChoices):
    AIDANTS_CONNECT = "Aidants Connect", _("Aidants Connect")
    BNR = "Bibliothèques numérique de référence", _("Bibliothèques numérique de référence")
    PIX = "Certification PIX", _("Certification PIX")
    CONSEILLERS = "Conseillers numériques", _("Conseillers numériques")
    EMMAUS = "Emmaüs Connect", _("Emmaüs Connect")
    FRANCE_SERVICES = "France Services", _("France Services")
    GEN = "Grande école du numérique", _("Grande école du numérique")
    CROIX_ROUGE = "La Croix Rouge", _("La Croix Rouge")
    CAF = "Point d'accès numérique CAF", _("Point d'accès numérique CAF")
    PROMENEURS = "Promeneurs du net", _("Promeneurs du net")
    RELAIS_EMMAUS = "Relais numérique (Emmaüs Connect)", _("Relais numérique (Emmaüs Connect)")


class TrainingLabel(models.TextChoices):
    MON_ESPACE_SANTE = "Formé à « Mon Espace Santé »", _("Formé à « Mon Espace Santé »")
    DUPLEX = "Formé à « DUPLEX » (illettrisme)", _("Formé à « DUPLEX » (illettrisme)")
    ARNIA = (
        "Arnia/MedNum BFC (Bourgogne-Franche-Comté)",
        _("Arnia/MedNum BFC (Bourgogne-Franche-Comté)"),
    )
    REEMPLOI = (
        "Collectif ressources et acteurs réemploi (Normandie)",
        _("Collectif ressources et acteurs réemploi (Normandie)"),
    )
    # v1.0.2's pattern lacks the space before the bracket; this is the value it accepts.
    ETAPES = "Étapes numériques(La Poste)", _("Étapes numériques (La Poste)")
    FABRIQUES = "Fabriques de Territoire", _("Fabriques de Territoire")
    ECLAIREURS = (
        "Les Éclaireurs du numérique (Drôme)",
        _("Les Éclaireurs du numérique (Drôme)"),
    )
    MES_PAPIERS = "Mes Papiers (Métropole de Lyon)", _("Mes Papiers (Métropole de Lyon)")
    ORDI = "ORDI 3.0", _("ORDI 3.0")
    SUD_LABS = "SUD LABS (PACA)", _("SUD LABS (PACA)")


class AccessMode(models.TextChoices):
    SE_PRESENTER = "Se présenter", _("Se présenter")
    TELEPHONER = "Téléphoner", _("Téléphoner")
    MAIL = "Contacter par mail", _("Contacter par mail")
    RDV = "Prendre un RDV en ligne", _("Prendre un RDV en ligne")
    PAS_DE_PUBLIC = "Ce lieu n'accueille pas de public", _("Ce lieu n'accueille pas de public")
    PRESCRIPTION = (
        "Envoyer un mail avec une fiche de prescription",
        _("Envoyer un mail avec une fiche de prescription"),
    )


class SupportMode(models.TextChoices):
    AUTONOMIE = "En autonomie", _("En autonomie")
    INDIVIDUEL = "Accompagnement individuel", _("Accompagnement individuel")
    ATELIER = "Dans un atelier collectif", _("Dans un atelier collectif")
    DISTANCE = "À distance", _("À distance")
