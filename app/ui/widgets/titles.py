"""Window titles and the DEMO and TRAINING wording. No Qt here: the sign-in window needs them
first."""

from __future__ import annotations

from app.domain.marks import DatabaseMark
from app.i18n import _


def demo_text(mark: DatabaseMark = DatabaseMark.DEMO) -> str:
    """The banner's words for a marked database."""
    if mark is DatabaseMark.TRAINING:
        return _(
            "TRAINING database: practice cases, not real. Nothing here reaches the station's cases."
        )
    return _("DEMO database: synthetic data. Users officer, supervisor, admin, dpo; password demo.")


def demo_title(title: str, demo: DatabaseMark) -> str:
    """The window title, with " — DEMO" on a demo database, " — TRAINING" on a training one."""
    if demo is DatabaseMark.TRAINING:
        return _("{title} — TRAINING").format(title=title)
    return _("{title} — DEMO").format(title=title) if demo else title
