"""Prepare an empty Wagtail install as the portal: national home page, legal pages, roles."""

from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand
from django.db import transaction
from wagtail.models import Page, Site
from wagtail.rich_text import RichText

from hubsite.models import HomePage, StandardPage
from hubsite.services import sync_roles

HOME_TITLE = "Le numérique inclusif, près de chez vous"
HOME_INTRO = (
    "Des lieux pour apprendre à se servir d'un ordinateur, d'un téléphone ou d'internet, et "
    "des hubs territoriaux qui les font travailler ensemble dans chaque région."
)

LEGAL_NOTICE = """
<h2>Éditeur</h2>
<p>Ce portail est édité par l'équipe nationale de Maillage, qui coordonne les hubs territoriaux
pour un numérique inclusif. Chaque hub est responsable des contenus publiés dans sa rubrique.</p>
<p>Contact : <a href="mailto:contact@maillage.example">contact@maillage.example</a></p>
<h2>Directeur ou directrice de la publication</h2>
<p>La personne responsable de l'équipe nationale de Maillage.</p>
<h2>Hébergement</h2>
<p>L'hébergeur du portail est indiqué par l'organisme qui l'exploite.</p>
<h2>Réutilisation des contenus</h2>
<p>Sauf mention contraire, les textes de ce site peuvent être réutilisés sous la Licence Ouverte
2.0, en citant leur source. Les données des lieux sont publiées en données ouvertes.</p>
<h2>Données géographiques</h2>
<p>Les régions, départements et communes proviennent du Code officiel géographique de l'INSEE
(Licence Ouverte), les codes postaux de la base officielle de La Poste, et les contours des
départements d'IGN Admin Express, simplifiés par le projet france-geojson (Licence Ouverte).</p>
<h2>Logiciels</h2>
<p>Ce portail est un logiciel libre construit avec Django et Wagtail.</p>
"""

ACCESSIBILITY = """
<p>L'équipe nationale de Maillage s'engage à rendre son portail accessible, conformément à
l'article 47 de la loi n° 2005-102 du 11 février 2005. Cette déclaration d'accessibilité
s'applique au portail Maillage et aux rubriques de ses hubs.</p>
<h2>État de conformité</h2>
<p>Le portail Maillage est <strong>partiellement conforme</strong> avec le référentiel général
d'amélioration de l'accessibilité (RGAA), version 4.1 : il n'a pas encore fait l'objet d'un
audit complet.</p>
<h2>Résultats des tests</h2>
<p>Chaque type de page publique est vérifié automatiquement à chaque modification du code avec
l'outil axe-core, sans erreur détectée. Ces tests automatiques ne couvrent qu'une partie des
critères du RGAA ; un audit manuel reste à conduire.</p>
<h2>Contenus non accessibles</h2>
<ul>
<li>Les documents téléchargeables publiés par les hubs peuvent ne pas être accessibles.</li>
<li>Les cartes sont doublées d'une liste ; leur fond de carte interactif n'est pas accessible
à tous.</li>
</ul>
<h2>Établissement de cette déclaration</h2>
<p>Technologies utilisées : HTML, CSS, SVG ; le site fonctionne sans JavaScript.</p>
<p>Tests réalisés avec Chromium et axe-core, au clavier et avec un zoom de 200 %.</p>
<h2>Retour d'information et contact</h2>
<p>Si vous n'arrivez pas à accéder à un contenu ou à un service, écrivez-nous à
<a href="mailto:accessibilite@maillage.example">accessibilite@maillage.example</a> pour être
orienté vers une alternative accessible ou obtenir le contenu sous une autre forme.</p>
<h2>Voies de recours</h2>
<p>Si vous nous avez signalé un défaut d'accessibilité qui vous empêche d'accéder à un
contenu ou à un service et que vous n'avez pas obtenu de réponse satisfaisante, vous pouvez :</p>
<ul>
<li>écrire un message au <a href="https://formulaire.defenseurdesdroits.fr/">Défenseur des
droits</a> ;</li>
<li>contacter le délégué ou la déléguée du Défenseur des droits de votre région ;</li>
<li>envoyer un courrier (gratuit, sans timbre) à : Défenseur des droits, Libre réponse 71120,
75342 Paris CEDEX 07.</li>
</ul>
"""

PERSONAL_DATA = """
<h2>Ce que nous collectons</h2>
<p>Vous pouvez consulter le portail sans créer de compte et sans donner aucune information
personnelle. Le portail ne dépose aucun cookie de mesure d'audience ni de publicité.</p>
<p>Les comptes des coordinateurs et coordinatrices de hub et de l'équipe nationale contiennent
leur nom, leur adresse électronique et l'historique de leurs modifications.</p>
<h2>Cookies</h2>
<p>Seuls des cookies strictement nécessaires sont utilisés : un cookie de session pour les
personnes connectées et un cookie de sécurité contre la falsification des formulaires.</p>
<h2>Durée de conservation</h2>
<p>Les journaux techniques du serveur sont conservés un an au plus. Les comptes sont supprimés à
la fin de la mission de la personne concernée.</p>
<h2>Vos droits</h2>
<p>Conformément au règlement général sur la protection des données (RGPD), vous disposez d'un
droit d'accès, de rectification, d'effacement et d'opposition sur les données qui vous
concernent. Pour l'exercer, écrivez à
<a href="mailto:donnees@maillage.example">donnees@maillage.example</a>.</p>
<p>Si vous estimez que vos droits ne sont pas respectés, vous pouvez adresser une réclamation à
la <a href="https://www.cnil.fr/fr/plaintes">CNIL</a>.</p>
"""

LEGAL_PAGES = (
    (
        "mentions-legales",
        "Mentions légales",
        "Qui édite ce portail, qui l'héberge et comment en réutiliser les contenus.",
        LEGAL_NOTICE,
    ),
    (
        "accessibilite",
        "Déclaration d'accessibilité",
        "Le niveau d'accessibilité du portail et comment nous signaler une difficulté.",
        ACCESSIBILITY,
    ),
    (
        "donnees-personnelles",
        "Données personnelles",
        "Les données que le portail traite, pourquoi, et comment exercer vos droits.",
        PERSONAL_DATA,
    ),
)


def ensure_home(site_name: str) -> tuple[HomePage, bool]:
    """The national home page, as the root of the default site; Wagtail's welcome page goes."""
    home = HomePage.objects.first()
    created = home is None
    if created:
        root = Page.get_first_root_node()
        home = HomePage(title=HOME_TITLE, slug="accueil", intro=HOME_INTRO)
        root.add_child(instance=home)
        home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost", port=80, root_page=home, is_default_site=True, site_name=site_name
        )
    elif site.root_page_id != home.pk or not site.site_name:
        site.root_page = home
        site.site_name = site.site_name or site_name
        site.save()
    # Wagtail's "Welcome to your new Wagtail site!" is a bare Page: remove it if untouched.
    bare_page = ContentType.objects.get_for_model(Page)
    for page in Page.objects.filter(depth=2, content_type=bare_page, numchild=0):
        if not Site.objects.filter(root_page=page).exists():
            page.delete()
    return home, created


def ensure_legal_pages(home: HomePage) -> list[str]:
    """Create the national legal pages that do not exist yet; never overwrite edited ones."""
    created = []
    for slug, title, intro, html in LEGAL_PAGES:
        if Page.objects.child_of(home).filter(slug=slug).exists():
            continue
        page = StandardPage(
            title=title, slug=slug, intro=intro, body=[("paragraph", RichText(html.strip()))]
        )
        home.add_child(instance=page)
        page.save_revision().publish()
        created.append(slug)
    return created


class Command(BaseCommand):
    help = (
        "Prépare le portail : page d'accueil nationale à la racine du site, pages légales "
        "(mentions légales, accessibilité, données personnelles) et groupes des rôles. "
        "Idempotente."
    )

    def handle(self, *args, **options):
        from django.conf import settings

        with transaction.atomic():
            home, home_created = ensure_home(settings.WAGTAIL_SITE_NAME)
            legal = ensure_legal_pages(home)
            groups = sync_roles()
        self.stdout.write(
            ("Page d'accueil créée." if home_created else "Page d'accueil déjà en place.")
            + f" Pages légales créées : {len(legal)}. Rôles : {', '.join(groups)}."
        )
