"""The demo catalogue's texts: solutions as mediators would describe them, in plain French."""

from dataclasses import dataclass

from hubsite.vocabulary import Public, Service
from projects.models import Format, ReuseTerms


@dataclass(frozen=True)
class DemoSolution:
    title: str
    summary: str
    problem: str
    how_it_works: str
    formats: tuple
    services: tuple
    publics: tuple
    staff: str
    equipment: str
    cost_per_person: int
    reuse_terms: str
    indicator: str
    unit: str


SOLUTIONS = (
    DemoSolution(
        "Les ateliers du mardi",
        "Un atelier par semaine pour apprendre à faire ses démarches en ligne.",
        "Beaucoup d'habitants n'arrivent plus à déclarer leurs revenus ou à demander une aide "
        "depuis que tout se fait sur internet.",
        "Chaque mardi matin, un médiateur reçoit six personnes. Chacune vient avec sa démarche ; "
        "on la fait ensemble, sur l'ordinateur de la personne ou sur une tablette prêtée.",
        (Format.WORKSHOP,),
        (Service.DEMARCHES,),
        (Public.SENIORS,),
        "Un médiateur numérique à mi-temps",
        "Six tablettes et une connexion wifi",
        45,
        ReuseTerms.OPEN,
        "Démarches menées à bout",
        "démarches",
    ),
    DemoSolution(
        "Le bus numérique",
        "Un bus équipé qui va de village en village, là où il n'y a plus de guichet.",
        "Dans les petites communes, il n'y a ni mairie ouverte tous les jours ni lieu pour se "
        "faire aider : les personnes sans voiture restent seules face aux écrans.",
        "Le bus s'arrête une demi-journée par mois dans chaque commune, sur la place. Deux "
        "médiateurs accueillent sans rendez-vous ; la mairie annonce le passage.",
        (Format.ITINERANT, Format.DROP_IN),
        (Service.DEMARCHES, Service.SECURITE),
        (Public.SENIORS, Public.FAMILLES),
        "Deux médiateurs et un chauffeur",
        "Un minibus aménagé, huit ordinateurs portables, un routeur 4G",
        120,
        ReuseTerms.PARTNERSHIP,
        "Personnes accueillies dans le bus",
        "personnes",
    ),
    DemoSolution(
        "Tablettes en prêt",
        "Prêter une tablette pour trois mois, avec trois séances pour bien s'en servir.",
        "Des personnes n'ont pas d'appareil à elles : sans écran à la maison, ce qu'elles "
        "apprennent en atelier s'oublie.",
        "La médiathèque prête une tablette configurée simplement. Trois rendez-vous "
        "individuels accompagnent le prêt ; à la fin, on aide à choisir un appareil pas cher.",
        (Format.LENDING, Format.ONE_TO_ONE),
        (Service.COMPREHENSION, Service.LOISIRS),
        (Public.SENIORS,),
        "Un bibliothécaire formé à la médiation",
        "Vingt tablettes reconditionnées",
        60,
        ReuseTerms.OPEN,
        "Prêts terminés avec un appareil acheté",
        "prêts",
    ),
    DemoSolution(
        "Parents connectés",
        "Aider les parents à suivre la scolarité de leurs enfants sur l'espace numérique.",
        "Les notes, les devoirs et les messages de l'école passent par l'espace numérique de "
        "travail : des parents ne savent pas s'y connecter et se sentent mis à l'écart.",
        "Au centre social, deux soirs par mois, un atelier réunit des parents ; on crée les "
        "comptes, on apprend à lire les messages et à répondre aux enseignants.",
        (Format.WORKSHOP,),
        (Service.DEMARCHES, Service.COMPREHENSION),
        (Public.FAMILLES,),
        "Une animatrice du centre social",
        "Une salle et quatre ordinateurs",
        30,
        ReuseTerms.OPEN,
        "Parents qui se connectent seuls",
        "parents",
    ),
    DemoSolution(
        "Aidants de proximité",
        "Former les agents d'accueil à repérer et orienter les personnes en difficulté.",
        "Au guichet de la mairie, de la CAF ou de la Poste, les agents voient des personnes "
        "perdues avec le numérique sans savoir où les envoyer.",
        "Une journée de formation pour les agents, puis une fiche avec les lieux d'aide du "
        "territoire. Un numéro direct permet d'orienter la personne le jour même.",
        (Format.CAREGIVERS,),
        (Service.DEMARCHES,),
        (),
        "Un formateur deux jours par mois",
        "Aucun matériel particulier",
        15,
        ReuseTerms.PARTNERSHIP,
        "Agents formés",
        "agents",
    ),
    DemoSolution(
        "Allô numérique",
        "Une ligne téléphonique pour être aidé pas à pas, depuis chez soi.",
        "Des personnes isolées ou à mobilité réduite ne peuvent pas se déplacer jusqu'à un "
        "lieu d'aide.",
        "On appelle un numéro gratuit ; un médiateur rappelle dans la journée et guide la "
        "personne au téléphone, écran partagé si elle le souhaite.",
        (Format.REMOTE,),
        (Service.DEMARCHES, Service.SECURITE),
        (Public.SENIORS,),
        "Trois médiateurs en plateau téléphonique",
        "Un logiciel de téléphonie et de partage d'écran",
        25,
        ReuseTerms.FRANCHISE,
        "Appels traités",
        "appels",
    ),
    DemoSolution(
        "Stop aux arnaques",
        "Des ateliers courts pour reconnaître les faux messages et protéger ses comptes.",
        "Les escroqueries par SMS et courriel touchent surtout les personnes qui débutent : "
        "elles perdent de l'argent et la confiance.",
        "Un atelier d'une heure et demie, avec de vrais exemples de faux messages. Chacun repart "
        "avec un mot de passe solide et la double authentification activée.",
        (Format.WORKSHOP,),
        (Service.SECURITE,),
        (Public.SENIORS, Public.JEUNES),
        "Un médiateur",
        "Un vidéoprojecteur",
        12,
        ReuseTerms.OPEN,
        "Participants ayant sécurisé leurs comptes",
        "personnes",
    ),
    DemoSolution(
        "Premiers pas vers l'emploi",
        "Créer son CV et postuler en ligne, accompagné par un bénévole.",
        "Les offres d'emploi et les candidatures sont en ligne : sans aide, des demandeurs "
        "d'emploi n'arrivent pas à postuler.",
        "Un rendez-vous individuel par semaine pendant un mois : adresse courriel, CV, compte "
        "sur le site de France Travail, première candidature envoyée ensemble.",
        (Format.ONE_TO_ONE,),
        (Service.DEMARCHES, Service.COMPREHENSION),
        (Public.JEUNES, Public.FEMMES),
        "Des bénévoles encadrés par une conseillère",
        "Trois ordinateurs",
        80,
        ReuseTerms.PARTNERSHIP,
        "Candidatures envoyées",
        "candidatures",
    ),
)

EVALUATION_LINES = (
    "Evaluation de la solution",
    "Document de demonstration du portail Maillage.",
    "Personnes accompagnees, satisfaction, autonomie a trois mois.",
    "Methode : questionnaire en fin de parcours et appel a trois mois.",
)
MATERIAL_LINES = (
    "Guide pour reprendre la solution",
    "Document de demonstration du portail Maillage.",
    "1. Trouver un lieu et un creneau regulier.",
    "2. Former l'equipe avec les fiches d'atelier.",
    "3. Annoncer le service avec la mairie et les partenaires.",
)
