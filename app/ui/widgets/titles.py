"""Window titles and the DEMO wording. No Qt here: the sign-in window needs them first."""

from __future__ import annotations

from app.domain.marks import DatabaseMark
from app.i18n import _


def demo_text() -> str:
    return _("DEMO database: synthetic data. Users officer, supervisor, admin, dpo; password demo.")


def demo_title(title: str, demo: DatabaseMark) -> str:
    """The window title, with " — DEMO" on a demo database."""
    return _("{title} — DEMO").format(title=title) if demo else title
