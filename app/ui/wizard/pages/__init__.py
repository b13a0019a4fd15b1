"""The wizard's pages, in the order of the protocol pack's steps. Communication follows "What
happened", where the victims are named: it is recorded for each of them. A draft keeps its page
by step id, never by place, so it reopens on that page whatever the order."""

from __future__ import annotations

from app.ui.wizard.base import StepPage
from app.ui.wizard.pages.assessment import AssessmentPage
from app.ui.wizard.pages.classification import ClassificationPage
from app.ui.wizard.pages.communication import CommunicationPage
from app.ui.wizard.pages.coordination import CoordinationPage
from app.ui.wizard.pages.evidence import EvidencePage
from app.ui.wizard.pages.first_response import FirstResponsePage
from app.ui.wizard.pages.identification import IdentificationPage
from app.ui.wizard.pages.incident import IncidentPage
from app.ui.wizard.pages.referral import ReferralPage
from app.ui.wizard.pages.rights import RightsPage
from app.ui.wizard.pages.summary import SummaryPage

PAGE_CLASSES: list[type[StepPage]] = [
    FirstResponsePage,
    IncidentPage,
    CommunicationPage,
    EvidencePage,
    IdentificationPage,
    ClassificationPage,
    RightsPage,
    AssessmentPage,
    ReferralPage,
    CoordinationPage,
    SummaryPage,
]
