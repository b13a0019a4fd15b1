"""The wizard's pages, in the order of the Local Action Plan (PROTOCOL.md a)."""

from __future__ import annotations

from app.ui.wizard.base import StepPage
from app.ui.wizard.pages.first_response import FirstResponsePage

PAGE_CLASSES: list[type[StepPage]] = [
    FirstResponsePage,
]
