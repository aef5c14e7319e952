"""The demo's tables: its hubs, the people's names, the news and events every hub gets."""

from dataclasses import dataclass

DEMO_PASSWORD = "maillage-demo"
NATIONAL_USERNAME = "equipe-nationale"


@dataclass(frozen=True)
class DemoHub:
    slug: str
    name: str
    codes: tuple[str, ...]  # neighbouring départements (the Antilles-Guyane hub aside)
    city: str
    postcode: str


# Picked by hand from real geography: each metropolitan hub's départements border each other.
DEMO_HUBS = (
    DemoHub("bretagne", "Bretagne", ("22", "29", "35", "56"), "Rennes", "35000"),
    DemoHub(
        "nouvelle-aquitaine-nord",
        "Nouvelle-Aquitaine Nord",
        ("16", "17", "79", "86"),
        "Angoulême",
        "16000",
    ),
    DemoHub(
        "occitanie-mediterranee",
        "Occitanie Méditerranée",
        ("11", "30", "34", "66"),
        "Montpellier",
        "34000",
    ),
    DemoHub("hauts-de-france-nord", "Hauts-de-France Nord", ("59", "62", "80"), "Lille", "59000"),
    DemoHub("auvergne", "Auvergne", ("03", "15", "43", "63"), "Clermont-Ferrand", "63000"),
    DemoHub("alsace-moselle", "Alsace-Moselle", ("57", "67", "68"), "Strasbourg", "67000"),
    DemoHub(
        "pays-de-la-loire-ouest", "Pays de la Loire Ouest", ("44", "49", "85"), "Nantes", "44000"
    ),
    DemoHub("provence", "Provence", ("04", "13", "83", "84"), "Marseille", "13001"),
    DemoHub("bourgogne", "Bourgogne", ("21", "58", "71", "89"), "Dijon", "21000"),
    DemoHub("antilles-guyane", "Antilles-Guyane", ("971", "972", "973"), "Fort-de-France", "97200"),
)

FIRST_NAMES = (
    "Camille", "Nadia", "Julien", "Maëlle", "Karim", "Élodie", "Thomas", "Aïcha", "Hugo",
    "Sophie", "Yannick", "Léa", "Mathieu", "Fatou", "Benoît", "Chloé", "Rémi", "Inès",
    "Pierre", "Manon",
)  # fmt: skip
LAST_NAMES = (
    "Le Gall", "Martin", "Benali", "Moreau", "Lefèvre", "Diallo", "Garnier", "Roux", "Nguyen",
    "Fontaine", "Chevalier", "Marchand", "Petit", "Girard", "Bonnet", "Mercier", "Robin",
    "Lambert", "Dupuis", "Faure",
)  # fmt: skip

# (title, intro, paragraphs, days ago); "{dep}" is one of the hub's départements.
NEWS = (
    (
        "Le hub {hub} se présente",
        "Qui sommes-nous, que faisons-nous et comment travailler avec nous : le hub ouvre sa "
        "rubrique sur le portail.",
        (
            "Le hub {hub} coordonne les lieux de médiation numérique de son territoire : "
            "médiathèques, centres sociaux, espaces France Services, associations.",
            "Son rôle : outiller les médiateurs, former les aidants et faire connaître les lieux "
            "où chacun peut apprendre à se servir du numérique.",
        ),
        280,
    ),
    (
        "{dep} : une médiathèque ouvre un espace numérique",
        "Six postes, une imprimante et deux médiatrices pour accompagner les démarches en "
        "ligne, trois après-midi par semaine.",
        (
            "La Médiathèque a aménagé un espace numérique en libre accès, avec un "
            "accompagnement sur rendez-vous pour les démarches administratives.",
            "Les ateliers collectifs reprennent chaque mardi : créer sa boîte mail, ranger ses "
            "photos, repérer les arnaques.",
        ),
        12,
    ),
    (
        "{dep} : retour sur la rencontre des médiateurs numériques",
        "Quarante professionnels ont partagé leurs pratiques et leurs difficultés pendant une "
        "journée d'échanges.",
        (
            "Trois ateliers ont rythmé la journée : l'accueil des publics très éloignés du "
            "numérique, l'orientation vers les bons lieux et la sécurité en ligne.",
            "Le compte rendu complet est disponible auprès du hub.",
        ),
        40,
    ),
    (
        "Appel à projets : équiper les lieux de médiation",
        "Les structures du territoire peuvent demander une aide pour s'équiper en ordinateurs "
        "reconditionnés.",
        (
            "L'appel à projets finance l'achat de matériel reconditionné et la formation des "
            "bénévoles qui accompagnent les usagers.",
            "Les dossiers sont à déposer avant la fin du trimestre ; le hub accompagne les "
            "structures qui le souhaitent.",
        ),
        63,
    ),
    (
        "Former les aidants : les inscriptions sont ouvertes",
        "Une formation de deux jours pour les travailleurs sociaux et les agents d'accueil qui "
        "aident les usagers dans leurs démarches en ligne.",
        (
            "Au programme : le cadre de l'aide aux démarches, les outils sécurisés, les bons "
            "réflexes pour rendre les personnes autonomes.",
        ),
        90,
    ),
    (
        "{dep} : des permanences numériques dans les mairies rurales",
        "Un conseiller numérique tient désormais une permanence mensuelle dans douze communes "
        "rurales.",
        (
            "Les habitants peuvent venir avec leur téléphone ou leur ordinateur portable : "
            "installer une application, sauvegarder ses photos, faire une démarche.",
        ),
        130,
    ),
    (
        "Le bilan de l'année du hub {hub}",
        "Plus de lieux recensés, plus de médiateurs formés : les chiffres et les projets de "
        "l'année écoulée.",
        (
            "La carte des lieux s'est enrichie de nouvelles adresses et les formations ont "
            "réuni des dizaines de professionnels.",
            "L'année prochaine, le hub mettra l'accent sur les jeunes et les personnes âgées "
            "isolées.",
        ),
        170,
    ),
    (
        "Sécurité en ligne : un guide pour les médiateurs",
        "Un guide pratique pour aider les usagers à repérer les arnaques et protéger leurs "
        "comptes.",
        ("Le guide rassemble des fiches simples à imprimer et à distribuer lors des ateliers.",),
        220,
    ),
)

# (title, intro, days from now, duration in hours, online only, place)
EVENTS = (
    (
        "Atelier « Premiers pas sur smartphone »",
        "Apprendre à téléphoner, envoyer un message et prendre une photo, à son rythme.",
        -120, 2, False, "Médiathèque",
    ),
    (
        "Webinaire : sécuriser ses démarches en ligne",
        "Une heure pour faire le point sur les arnaques courantes et les bons réflexes.",
        -45, 1, True, "",
    ),
    (
        "Rencontre départementale des médiateurs numériques",
        "Une journée pour se rencontrer, échanger sur ses pratiques et découvrir des outils.",
        -10, 7, False, "Salle des fêtes",
    ),
    (
        "Café numérique : vos questions sur internet",
        "Venez avec vos questions et votre appareil : on cherche les réponses ensemble.",
        6, 2, False, "Centre social",
    ),
    (
        "Formation : accompagner les démarches de santé en ligne",
        "Compte santé, prise de rendez-vous, ordonnances : accompagner sans faire à la place.",
        19, 3, True, "",
    ),
    (
        "Journée portes ouvertes des lieux de médiation",
        "Les lieux du territoire ouvrent leurs portes pour présenter leurs ateliers.",
        40, 6, False, "Espace France Services",
    ),
    (
        "Atelier « Ranger et sauvegarder ses photos »",
        "Transférer ses photos du téléphone vers l'ordinateur et les sauvegarder.",
        75, 2, False, "Médiathèque",
    ),
)  # fmt: skip
