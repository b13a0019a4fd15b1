"""The views of the main window's navigation bar. Each view module registers its class here, so
that a new view is one module (as Picard's option pages register themselves)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from app.services import Services
    from app.services.context import Actor


class NavigationView(Protocol):
    """What the main window needs of a view besides being a QWidget."""

    def navigation_title(self) -> str: ...  # in the screen language, with a count if any

    def refresh(self) -> None: ...  # the data again (shown, or after a change elsewhere)

    def retranslate(self) -> None: ...


class ViewFactory(Protocol):
    def __call__(self, services: Services, actor: Actor, demo: bool) -> QWidget: ...

    def shown_to(self, actor: Actor) -> bool: ...


REGISTERED: list[ViewFactory] = []


def register(view: ViewFactory) -> ViewFactory:
    REGISTERED.append(view)
    return view
