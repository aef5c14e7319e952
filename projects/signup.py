"""A mediator's sign-up: the account waits, inactive, until its owner follows the link sent
to its address; then it joins the mediators' role.

Nothing here tells whether an address has an account: signing up with a known address sends
its owner an e-mail instead, and the page says the same in every case.
"""

import enum

from django.contrib.auth import get_user_model
from django.core import signing
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac

from hubsite.notifications import absolute_url
from hubsite.roles import MEDIATORS, role_group
from projects.emails import send_account_email
from projects.models import SignUp

VERIFICATION_SALT = "projects.signup.verification"
# Three days: long enough for a link read after a week-end, short for a stolen inbox.
VERIFICATION_MAX_AGE = 3 * 24 * 3600


class Check(enum.Enum):
    VALID = "valid"
    EXPIRED = "expired"
    USED = "used"
    INVALID = "invalid"


def normalize_email(email: str) -> str:
    return email.strip().lower()


def _password_key(user) -> str:
    # Binds a link to the account's password: a link sent before a password reset is dead.
    return salted_hmac(VERIFICATION_SALT, user.password).hexdigest()[:16]


def verification_token(signup: SignUp) -> str:
    return signing.dumps({"s": signup.pk, "h": _password_key(signup.user)}, salt=VERIFICATION_SALT)


def verification_url(signup: SignUp) -> str:
    return absolute_url(reverse("projects_account:verify", args=[verification_token(signup)]))


def _send_verification(signup: SignUp, *, again: bool = False) -> None:
    """The activation link; ``again`` when the address signed up once more before checking
    (the e-mail then says the first password stands)."""
    send_account_email(
        to=signup.user.email,
        template="projects/email/verify",
        context={
            "user": signup.user,
            "url": verification_url(signup),
            "days": VERIFICATION_MAX_AGE // 86400,
            "again": again,
            "reset_url": absolute_url(reverse("wagtailadmin_password_reset")),
        },
    )


def _send_already_registered(user) -> None:
    send_account_email(
        to=user.email,
        template="projects/email/already_registered",
        context={
            "user": user,
            "login_url": absolute_url(reverse("wagtailcore_login")),
            "reset_url": absolute_url(reverse("wagtailadmin_password_reset")),
        },
    )


def _account_with(email: str):
    users = get_user_model().objects.select_related("mediator_signup")
    return users.filter(email__iexact=email).order_by("pk").first() or (
        users.filter(username__iexact=email).first()
    )


def _awaiting_check(user) -> SignUp | None:
    signup = getattr(user, "mediator_signup", None) if user is not None else None
    if signup is not None and signup.verified_at is None and not user.is_active:
        return signup
    return None


def sign_up(*, first_name: str, last_name: str, email: str, password: str) -> None:
    """Open an inactive account and send its address a link; for a known address, send its
    owner a reminder instead. An account still unchecked keeps its first password and names:
    whoever signs up again with its address (perhaps not its owner) changes nothing, and the
    inbox gets a new link that activates the account as first registered."""
    email = normalize_email(email)
    try:
        with transaction.atomic():
            existing = _account_with(email)
            if existing is None:
                user = get_user_model()(
                    username=email,
                    email=email,
                    first_name=first_name.strip(),
                    last_name=last_name.strip(),
                    is_active=False,
                )
                user.set_password(password)
                user.save()
                _send_verification(SignUp.objects.create(user=user))
                return
            signup = _awaiting_check(existing)
            if signup is None:
                _send_already_registered(existing)
                return
            _send_verification(signup, again=True)
    except IntegrityError:
        # The same address signed up twice at once: the other request holds the account.
        return


@transaction.atomic
def resend_verification(*, email: str) -> None:
    """A new link for an account still waiting for its check; nothing for any other."""
    signup = _awaiting_check(_account_with(normalize_email(email)))
    if signup is not None:
        _send_verification(signup)


def check_verification(token: str) -> tuple[Check, SignUp | None]:
    """What a verification link is worth, and the sign-up it names (None if forged)."""
    try:
        data = signing.loads(token, salt=VERIFICATION_SALT, max_age=VERIFICATION_MAX_AGE)
        expired = False
    except signing.SignatureExpired:
        data = signing.loads(token, salt=VERIFICATION_SALT)
        expired = True
    except signing.BadSignature:
        return Check.INVALID, None
    try:
        signup_id, key = int(data["s"]), str(data["h"])
    except (KeyError, TypeError, ValueError):
        return Check.INVALID, None
    signup = SignUp.objects.select_related("user").filter(pk=signup_id).first()
    if signup is None or key != _password_key(signup.user):
        return Check.INVALID, None
    if signup.verified_at is not None:
        return Check.USED, signup
    if expired:
        return Check.EXPIRED, signup
    return Check.VALID, signup


@transaction.atomic
def verify(*, token: str):
    """Activate the account a valid link names and make it a mediator; returns the user, or
    None when the link is not (or no longer) valid."""
    check, signup = check_verification(token)
    if check is not Check.VALID:
        return None
    signup = SignUp.objects.select_for_update().select_related("user").get(pk=signup.pk)
    if signup.verified_at is not None:
        return None
    signup.verified_at = timezone.now()
    signup.save(update_fields=["verified_at"])
    user = signup.user
    user.is_active = True
    user.save(update_fields=["is_active"])
    user.groups.add(role_group(MEDIATORS))
    return user
