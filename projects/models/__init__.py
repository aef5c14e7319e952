"""The projects' models, one module per concern; every model is importable from here."""

from projects.models.accounts import (
    INVITATION_DAYS,
    Invitation,
    InvitationQuerySet,
    JoinRequest,
    JoinStatus,
    SignUp,
)
from projects.models.deployments import (
    Deployment,
    DeploymentQuerySet,
    RequesterKind,
    TakeUpRequest,
    TakeUpStatus,
)
from projects.models.organisations import LegalForm, Membership, Organisation, OrganisationQuerySet
from projects.models.solutions import (
    MATURITY_RANK,
    PROVEN_MIN_MONTHS,
    SCALING_MIN_DEPARTEMENTS,
    SCALING_MIN_DEPLOYMENTS,
    Format,
    Maturity,
    ReuseTerms,
    Solution,
    SolutionDocument,
    SolutionIndicator,
    SolutionQuerySet,
)

__all__ = [
    "INVITATION_DAYS",
    "MATURITY_RANK",
    "PROVEN_MIN_MONTHS",
    "SCALING_MIN_DEPARTEMENTS",
    "SCALING_MIN_DEPLOYMENTS",
    "Deployment",
    "DeploymentQuerySet",
    "Format",
    "Invitation",
    "InvitationQuerySet",
    "JoinRequest",
    "JoinStatus",
    "LegalForm",
    "Maturity",
    "Membership",
    "Organisation",
    "OrganisationQuerySet",
    "RequesterKind",
    "ReuseTerms",
    "SignUp",
    "Solution",
    "SolutionDocument",
    "SolutionIndicator",
    "SolutionQuerySet",
    "TakeUpRequest",
    "TakeUpStatus",
]
