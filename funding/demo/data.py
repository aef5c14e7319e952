"""The demo's funders and calls, from published rules.

- EU co-financing rates: Regulation (EU) 2021/1060 (common provisions), article 112: at most
  85 % for less developed and outermost regions, 70 % (60 % for some) for transition regions,
  40 % (50 % for some) for more developed regions.
- LEADER: Regulation (EU) 2021/2115 (CAP strategic plans), article 91: EAFRD support to
  LEADER up to 80 %; here the cap on public aid the French LEADER groups apply.
- Erasmus+ small-scale partnerships (KA210): lump sums of €30,000 or €60,000 (Erasmus+
  Programme Guide 2021-2027).
- FSE+ national programme "Emploi et inclusion" 2021-2027 (France), managed by the DGEFP.
- Regional FEDER programmes 2021-2027 carry digital-inclusion measures (priority 1,
  "Une Europe plus intelligente", digital services for citizens).
- Foundations' calls: the ceilings below are those of the demo, indicative, not quoted
  from the foundations; check each funder's current call before relying on them.
"""

from decimal import Decimal

from funding.models import FunderType, Perimeter, Schedule
from funding.vocabulary import Applicant, Cost, Theme

D = Decimal

FUNDERS = [
    ("Union européenne — FEDER", FunderType.EU),
    ("Union européenne — FSE+", FunderType.EU),
    ("Union européenne — FEADER (LEADER)", FunderType.EU),
    ("Union européenne — Erasmus+", FunderType.EU),
    ("État — ANCT", FunderType.STATE),
    ("Région (démo)", FunderType.REGION),
    ("Fondation d'entreprise des télécommunications (démo)", FunderType.FOUNDATION),
    ("Fondation bancaire pour l'inclusion (démo)", FunderType.FOUNDATION),
]

# (funder, programme, call fields)
CALLS = [
    (
        "Union européenne — FEDER",
        "FEDER 2021-2027, région plus développée",
        {
            "title": "FEDER — inclusion numérique des publics éloignés (région plus développée)",
            "deadline_kind": Schedule.RECURRING,
            "recurrence_months": 6,
            "eu_rate_cap": D(40),
            "rate_cap": D(40),
            "amount_min": D(20000),
            "amount_max": D(500000),
            "eligible_costs": [Cost.OPERATING, Cost.INVESTMENT],
            "eligible_applicants": [
                Applicant.ASSOCIATION,
                Applicant.LOCAL_AUTHORITY,
                Applicant.HUB,
            ],
            "themes": [Theme.INCLUSION, Theme.ACCESS],
            "perimeter": Perimeter.REGIONS,
        },
    ),
    (
        "Union européenne — FEDER",
        "FEDER 2021-2027, région en transition",
        {
            "title": "FEDER — services numériques aux citoyens (région en transition)",
            "deadline_kind": Schedule.ONE_OFF,
            "eu_rate_cap": D(60),
            "rate_cap": D(60),
            "amount_max": D(300000),
            "eligible_costs": [Cost.INVESTMENT],
            "eligible_applicants": [
                Applicant.LOCAL_AUTHORITY,
                Applicant.PUBLIC_BODY,
                Applicant.HUB,
            ],
            "themes": [Theme.INCLUSION, Theme.EQUIPMENT],
            "perimeter": Perimeter.REGIONS,
        },
    ),
    (
        "Union européenne — FEDER",
        "FEDER 2021-2027, régions ultrapériphériques",
        {
            "title": "FEDER — médiation numérique outre-mer (région ultrapériphérique)",
            "deadline_kind": Schedule.ROLLING,
            "eu_rate_cap": D(85),
            "rate_cap": D(85),
            "eligible_costs": [Cost.OPERATING, Cost.INVESTMENT],
            "eligible_applicants": [
                Applicant.ASSOCIATION,
                Applicant.LOCAL_AUTHORITY,
                Applicant.HUB,
            ],
            "themes": [Theme.INCLUSION],
            "perimeter": Perimeter.REGIONS,
        },
    ),
    (
        "Union européenne — FSE+",
        "Programme national FSE+ « Emploi et inclusion » 2021-2027",
        {
            "title": "FSE+ — accompagnement vers l'emploi par le numérique",
            "deadline_kind": Schedule.ONE_OFF,
            "eu_rate_cap": D(60),
            "rate_cap": D(60),
            "amount_min": D(30000),
            "eligible_costs": [Cost.OPERATING],
            "eligible_applicants": [Applicant.ASSOCIATION, Applicant.COMPANY, Applicant.HUB],
            "themes": [Theme.EMPLOYMENT, Theme.TRAINING],
            "perimeter": Perimeter.FRANCE,
        },
    ),
    (
        "Union européenne — FEADER (LEADER)",
        "LEADER 2023-2027",
        {
            "title": "LEADER — tiers-lieux et médiation numérique en milieu rural",
            "deadline_kind": Schedule.ROUNDS,
            "public_aid_cap": D(80),
            "eu_rate_cap": D(80),
            "amount_max": D(100000),
            "eligible_costs": [Cost.OPERATING, Cost.INVESTMENT],
            "eligible_applicants": [Applicant.ASSOCIATION, Applicant.LOCAL_AUTHORITY],
            "themes": [Theme.RURAL, Theme.INCLUSION],
            "perimeter": Perimeter.DEPARTEMENTS,
        },
    ),
    (
        "Union européenne — Erasmus+",
        "Erasmus+ partenariats de petite envergure (KA210)",
        {
            "title": "Erasmus+ — partenariat de petite envergure, éducation des adultes",
            "deadline_kind": Schedule.RECURRING,
            "recurrence_months": 12,
            "lump_sums": [30000, 60000],
            "eligible_costs": [Cost.OPERATING],
            "eligible_applicants": [Applicant.ASSOCIATION, Applicant.PUBLIC_BODY, Applicant.HUB],
            "themes": [Theme.COOPERATION, Theme.TRAINING],
            "perimeter": Perimeter.FRANCE,
        },
    ),
    (
        "Fondation d'entreprise des télécommunications (démo)",
        "Appel annuel solidarité numérique",
        {
            "title": "Fondation — ateliers numériques pour les seniors",
            "deadline_kind": Schedule.ONE_OFF,
            "amount_max": D(15000),
            "rate_cap": D(50),
            "eligible_costs": [Cost.OPERATING],
            "eligible_applicants": [Applicant.ASSOCIATION],
            "themes": [Theme.SENIORS],
            "perimeter": Perimeter.FRANCE,
        },
    ),
    (
        "Fondation bancaire pour l'inclusion (démo)",
        "Fonds inclusion et jeunesse",
        {
            "title": "Fondation — équipement reconditionné pour les jeunes",
            "deadline_kind": Schedule.ROLLING,
            "amount_max": D(25000),
            "rate_cap": D(70),
            "eligible_costs": [Cost.INVESTMENT],
            "eligible_applicants": [Applicant.ASSOCIATION, Applicant.COMPANY],
            "themes": [Theme.YOUTH, Theme.EQUIPMENT],
            "perimeter": Perimeter.FRANCE,
        },
    ),
]
