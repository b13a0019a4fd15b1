"""The views of the main window's navigation bar. Each view module registers its class here, so
that a new view is one module (as Picard's option pages register themselves)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol, TypeVar

from PySide6.QtWidgets import QWidget

from app.domain.marks import DatabaseMark

if TYPE_CHECKING:
    from app.services import Services
    from app.services.context import Actor


class NavigationView(Protocol):
    """What the main window needs of a view besides being a QWidget."""

    def navigation_title(self) -> str: ...  # in the screen language, with a count if any

    def refresh(self) -> None: ...  # the data again (shown, or after a change elsewhere)

    def retranslate(self) -> None: ...


class ViewFactory(Protocol):
    def __call__(self, services: Services, actor: Actor, demo: DatabaseMark) -> QWidget: ...

    def shown_to(self, actor: Actor) -> bool: ...


V = TypeVar("V", bound=ViewFactory)
REGISTERED: list[ViewFactory] = []  # in the navigation bar's order
_PLACES: dict[int, ViewFactory] = {}
# Where each view shows: on the station's real database only (False, most views), on the
# training database only (True: the worked cases, the trainer's view), or on both (None).
_TRAINING: dict[ViewFactory, bool | None] = {}

# Each view's place in the navigation bar, after the case list: fixed here, not by which module
# happens to be imported first.
REVIEW_QUEUE, FOLLOW_UP, REQUESTS_OF_ACCESS, ACCOUNTS, AUDIT_TRAIL = 10, 20, 30, 40, 50
STATISTICS = 45
WORKED_CASES, TRAINER = 5, 47


def register(place: int, *, training: bool | None = False) -> Callable[[V], V]:
    def add(view: V) -> V:
        _PLACES[place] = view
        _TRAINING[view] = training
        REGISTERED[:] = [registered for _place, registered in sorted(_PLACES.items())]
        return view

    return add


def shown_on(view: ViewFactory, training: bool) -> bool:
    """Whether the view belongs on the database the window shows (a training one or a real one)."""
    where = _TRAINING.get(view, False)
    return where is None or where == training
