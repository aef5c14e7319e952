"""Statuses as data: each model with a status declares a table of the moves it allows, and one
service (``move``, ``move_many``; ``hubsite.services`` offers them) checks the table and the
rule, locks the row, moves it and records who, when and why in the object's one history,
Wagtail's log (``ModelLogEntry``: no foreign key, so it outlives the object).

A model declares its table once, where its rules can be imported::

    VENUE_TRANSITIONS = Transitions(Venue, Status, {
        Status.PENDING: [Transition(Status.QUALIFIED, _("Qualifier"), name="qualify", ...)],
    }, permission=can_qualify)

The admin (``hubsite.admin_transitions``) serves every transition of such a model from it.
"""

import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

Rule = Callable[..., bool]  # can_<verb>(user, obj) -> bool
Check = Callable[[Sequence[models.Model]], None]  # raises ValidationError
CHUNK = 500


@dataclass(frozen=True)
class Transition:
    """One move to ``target``: what its button says and shows, whether its reason is required,
    who may make it (``permission``, else the table's), what else must hold (``check``, given
    every object about to move, raises ValidationError) and the log action recording it
    (else ``<app_label>.<name>``). ``name`` is the verb naming it in URLs."""

    target: str
    label: str
    name: str
    icon: str = "arrow-right"
    reason_required: bool = False
    permission: Rule | None = None
    check: Check | None = None
    log_action: str = ""
    serious: bool = False


class Transitions:
    """The table of a model's status field: status → the transitions it allows."""

    def __init__(
        self,
        model: type[models.Model],
        status: type[models.TextChoices],
        table: dict[str, list[Transition]],
        *,
        field: str = "status",
        permission: Rule | None = None,
        after_move: Callable[[Sequence[models.Model]], None] | None = None,
    ):
        self.model, self.status, self.field, self.permission = model, status, field, permission
        # Called inside the transaction with the objects moved: for data derived from statuses.
        self.after_move = after_move
        app_label = model._meta.app_label
        self.table: dict[str, tuple[Transition, ...]] = {}
        for source, moves in table.items():
            self.table[source] = tuple(
                move if move.log_action else replace(move, log_action=f"{app_label}.{move.name}")
                for move in moves
            )
        targets: dict[str, str] = {}
        for move in self.all():
            if targets.setdefault(move.name, move.target) != move.target:
                raise ValueError(f"Transition {move.name!r} leads to two statuses.")
        self.targets = targets
        _registry[model] = self

    def all(self) -> list[Transition]:
        return [move for moves in self.table.values() for move in moves]

    def names(self) -> list[str]:
        """The verbs of the table, once each, in the table's order."""
        return list(dict.fromkeys(move.name for move in self.all()))

    def log_actions(self) -> dict[str, Transition]:
        return {move.log_action: move for move in self.all()}

    def status_of(self, obj) -> str:
        return getattr(obj, self.field)

    def allowed(self, obj) -> tuple[Transition, ...]:
        """The moves the table lists from ``obj``'s status, whoever asks."""
        return self.table.get(self.status_of(obj), ())

    def find(self, obj, to: str) -> Transition | None:
        return next((move for move in self.allowed(obj) if move.target == to), None)

    def described(self, name: str) -> Transition | None:
        """A transition called ``name``, wherever it starts (for titles and buttons)."""
        return next((move for move in self.all() if move.name == name), None)

    def leading_to(self, to: str) -> Transition | None:
        return next((move for move in self.all() if move.target == to), None)

    def permits(self, user, obj, move: Transition) -> bool:
        rule = move.permission or self.permission
        return rule is None or rule(user, obj)

    def available_to(self, user, obj) -> list[Transition]:
        """The moves ``user`` may make on ``obj`` now: its buttons."""
        return [move for move in self.allowed(obj) if self.permits(user, obj, move)]

    def label_of(self, status: str) -> str:
        try:
            return str(self.status(status).label)
        except ValueError:
            return status


_registry: dict[type[models.Model], Transitions] = {}


def transitions_for(model: type[models.Model]) -> Transitions:
    """The table ``model`` (or the model it derives from) declared; LookupError if none."""
    for klass in model.__mro__:
        if klass in _registry:
            return _registry[klass]
    raise LookupError(f"{model.__name__} declares no transitions.")


# --- The service -------------------------------------------------------------------------------


def refusal(obj, move: Transition) -> PermissionDenied:
    """Why ``move`` is refused to someone on ``obj``: whose it is."""
    hub = getattr(obj, "hub", None)
    if hub is not None:
        return PermissionDenied(
            _("« %(action)s » vous est refusé : « %(object)s » relève du hub %(hub)s.")
            % {"action": move.label, "object": obj, "hub": hub}
        )
    return PermissionDenied(
        _("« %(action)s » vous est refusé sur « %(object)s ».")
        % {"action": move.label, "object": obj}
    )


def _check(table: Transitions, obj, *, to: str, by, reason: str) -> Transition:
    """The transition moving ``obj`` to ``to`` if the table lists it, ``by`` may make it
    (``None``: the system) and the reason is given where the table requires one."""
    move = table.find(obj, to)
    if move is None:
        raise ValidationError(
            _("« %(object)s » (%(from)s) ne peut pas passer à l'état « %(to)s ».")
            % {
                "object": obj,
                "from": table.label_of(table.status_of(obj)),
                "to": table.label_of(to),
            },
            code="transition",
        )
    if by is not None and not table.permits(by, obj, move):
        raise refusal(obj, move)
    if move.reason_required and not reason:
        raise ValidationError(
            _("Indiquez le motif (« %(action)s ») : il est gardé dans l'historique.")
            % {"action": move.label},
            code="reason_required",
        )
    return move


def _write(table: Transitions, pks: list, to: str, now) -> dict:
    """The status, and the fields that note a change (``auto_now``), set in SQL: ``save()``
    would rewrite every field of a row others may be editing."""
    values = {table.field: to}
    for field in table.model._meta.concrete_fields:
        if getattr(field, "auto_now", False):
            values[field.attname] = now
    for start in range(0, len(pks), CHUNK):
        table.model._default_manager.filter(pk__in=pks[start : start + CHUNK]).update(**values)
    return values


@transaction.atomic
def move(obj: models.Model, *, to: str, by, reason: str = "") -> ModelLogEntry:
    """Move ``obj`` to the status ``to`` as its table allows, for ``by`` (None: the system);
    returns the history entry. PermissionDenied or ValidationError say why it is refused."""
    table = transitions_for(type(obj))
    locked = table.model._default_manager.select_for_update().get(pk=obj.pk)
    reason = reason.strip()
    transition = _check(table, locked, to=to, by=by, reason=reason)
    if transition.check is not None:
        transition.check([locked])
    now = timezone.now()
    values = _write(table, [locked.pk], to, now)
    entry = log(
        instance=locked,
        action=transition.log_action,
        user=by,
        data={"from": table.status_of(locked), "to": to, "reason": reason},
        timestamp=now,
    )
    for attname, value in values.items():
        setattr(obj, attname, value)
    if table.after_move is not None:
        table.after_move([obj])
    return entry


@transaction.atomic
def move_many(objs: Iterable[models.Model], *, to: str, by, reason: str = "") -> int:
    """Move every object of ``objs`` not at ``to`` yet, all or nothing: one refusal refuses
    the batch (PermissionDenied if ``by`` may not move one of them). Returns how many moved;
    those already at ``to`` are left as they are."""
    objs = list(objs)
    if not objs:
        return 0
    table = transitions_for(type(objs[0]))
    pks = sorted({obj.pk for obj in objs})
    locked: list[models.Model] = []
    for start in range(0, len(pks), CHUNK):
        locked += table.model._default_manager.select_for_update().filter(
            pk__in=pks[start : start + CHUNK]
        )
    reason = reason.strip()
    for obj in locked:
        # Even those already at ``to``: a batch naming another's object is refused whole.
        transition = table.find(obj, to) or table.leading_to(to)
        if by is not None and transition is not None and not table.permits(by, obj, transition):
            raise refusal(obj, transition)
    to_move = [obj for obj in locked if table.status_of(obj) != to]
    transitions = {obj.pk: _check(table, obj, to=to, by=by, reason=reason) for obj in to_move}
    for check in {move.check for move in transitions.values() if move.check is not None}:
        check([obj for obj in to_move if transitions[obj.pk].check is check])
    if not to_move:
        return 0
    now = timezone.now()
    _write(table, [obj.pk for obj in to_move], to, now)
    content_type = ContentType.objects.get_for_model(table.model, for_concrete_model=False)
    batch = uuid.uuid4()
    ModelLogEntry.objects.bulk_create(
        [
            ModelLogEntry(
                content_type=content_type,
                object_id=str(obj.pk),
                label=str(obj)[:255],
                action=transitions[obj.pk].log_action,
                data={"from": table.status_of(obj), "to": to, "reason": reason},
                timestamp=now,
                uuid=batch,
                user=by,
            )
            for obj in to_move
        ],
        batch_size=1000,
    )
    if table.after_move is not None:
        table.after_move(to_move)
    return len(to_move)


@dataclass(frozen=True)
class Move:
    """One status move of an object, as its history shows it."""

    timestamp: object
    user: object
    source: str
    target: str
    reason: str


def history(obj, *, limit: int = 50) -> list[Move]:
    """``obj``'s last status moves, newest first, read from its log."""
    table = transitions_for(type(obj))
    entries = (
        ModelLogEntry.objects.for_instance(obj)
        .filter(action__in=list(table.log_actions()))
        .select_related("user")
        .order_by("-timestamp", "-pk")[:limit]
    )
    return [
        Move(
            timestamp=entry.timestamp,
            user=entry.user,
            source=table.label_of(entry.data.get("from", "")),
            target=table.label_of(entry.data.get("to", "")),
            reason=entry.data.get("reason", ""),
        )
        for entry in entries
    ]
