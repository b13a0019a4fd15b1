"""The trainer's part of training: the training record of a trainee (a trainer prints anyone's,
a trainee their own only), and an exercise made from an approved real case of the supervisor's
station only, audited in the real trail with the reference alone."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from app.domain.audit_actions import AuditAction
from app.domain.stations import StationDetails
from app.domain.training import StepScore, WorkedCase
from app.domain.workflow import Action
from app.services import Services
from app.services.context import Actor
from app.services.errors import NotAllowed, PermissionDenied, TrainingRefused
from app.storage.tables import AuditEvent
from tests.documents.reading import pages, plain
from tests.helpers import Clock
from tests.services.test_drafts import complete, set_up_station
from tests.services.test_training_attempts import make_training

BUS = WorkedCase(id="night_bus", version=1, title="Night bus", pack="eu-baseline", situation="")
SHOP = WorkedCase(id="shop", version=1, title="Graffiti on the shop", pack="eu-baseline",
                  situation="")  # fmt: skip


def C(scored: int, possible: int) -> StepScore:
    return StepScore("classification", scored, possible)


def I(scored: int, possible: int) -> StepScore:  # noqa: E743 - the identification step
    return StepScore("identification", scored, possible)


def scored(services: Services, actor: Actor, worked: WorkedCase, *steps: StepScore) -> None:
    attempt_id, _opened = services.training.start_attempt(actor, worked)
    services.training.store_result(actor, attempt_id, steps)


def events(services: Services, action: str) -> list[tuple[str, str, str, object]]:
    with services.backend.reading() as session:
        rows = session.execute(
            select(
                AuditEvent.username, AuditEvent.object_ref, AuditEvent.reason, AuditEvent.details
            ).where(AuditEvent.action == action)
        )
        return [tuple(row) for row in rows]  # type: ignore[misc]


def test_the_training_record_has_the_trainees_scores_and_is_theirs_or_a_trainers(
    services: Services, clock: Clock
) -> None:
    actors = set_up_station(services)
    make_training(services)
    officer, other, boss = actors["officer"], actors["other"], actors["boss"]
    scored(services, officer, BUS, C(0, 1), I(1, 4))
    clock.advance(days=3)
    scored(
        services,
        officer,
        SHOP,
        C(1, 1),
        I(3, 4),
    )
    scored(services, other, BUS, C(1, 1))
    with pytest.raises(PermissionDenied):
        services.training.training_record(other, "officer", "en")
    pdf = services.training.training_record(boss, "officer", "en")
    text = plain(" ".join(pages(pdf)))
    assert "Training record" in text
    assert "Officer" in text
    assert "Lisbon Centre" in text
    assert "Night bus" in text
    assert "Graffiti on the shop" in text
    assert "1 of 4" in text
    assert "3 of 4" in text
    assert "4 of 5" in text
    assert "25 %" in text
    assert "75 %" in text
    assert "50 %" in text
    services.training.training_record(officer, "officer", "fi")  # their own
    assert [(u, ref) for u, ref, _r, _d in events(services, AuditAction.TRAINING_RECORD)] == [
        ("boss", "officer"),
        ("officer", "officer"),
    ]


def approved(services: Services, clock: Clock, who: dict[str, Actor]) -> int:
    officer, boss = who["officer"], who["boss"]
    draft = services.cases.create_draft(officer)
    saved = services.cases.save_draft(
        officer, draft.id, draft.version, complete(draft.record, clock)
    )
    submitted = services.cases.submit(officer, draft.id, saved.version)
    services.cases.apply(boss, draft.id, submitted.version, Action.APPROVE)
    return draft.id


def test_a_supervisor_makes_an_exercise_of_an_approved_case_of_their_station(
    services: Services, clock: Clock
) -> None:
    who = set_up_station(services)
    case_id = approved(services, clock, who)
    reference = services.cases.open_case(who["boss"], case_id, "a look").record.reference
    worked = services.training.exercise_from_case(who["boss"], case_id, "Training the station")
    assert worked.model.classification == "hate_crime"
    assert worked.model.motives == {"racist_xenophobic"}
    assert "Kofi" not in worked.situation
    assert all(p.name != "Kofi Mensah" for p in worked.people)
    assert reference not in worked.id
    made = events(services, AuditAction.TRAINING_EXERCISE_MADE)
    assert [(u, ref, why) for u, ref, why, _d in made] == [
        ("boss", reference, "Training the station")
    ]
    assert json.loads(str(made[0][3])) == {"exercise": worked.id}  # the reference, nothing else
    views = [
        (u, ref) for u, ref, why, _d in events(services, "view") if why == "Training the station"
    ]
    assert views == [("boss", reference)]  # the read, with its reason


def test_an_exercise_is_refused_to_an_officer_another_station_a_draft_and_in_training(
    services: Services, clock: Clock
) -> None:
    who = set_up_station(services)
    admin = who["admin"]
    services.stations.add_station(admin, StationDetails("POR-01", "Porto", country="PT"))
    services.accounts.add_user(
        admin, username="farboss", full_name="Far Boss", role=who["boss"].role,
        password="a good password", station_code="POR-01",
    )  # fmt: skip
    far_boss = services.accounts.authenticate("farboss", "a good password")
    case_id = approved(services, clock, who)
    draft = services.cases.create_draft(who["officer"]).id
    for actor, case in ((who["officer"], case_id), (admin, case_id), (far_boss, case_id)):
        with pytest.raises(PermissionDenied):
            services.training.exercise_from_case(actor, case, "Training")
    with pytest.raises(NotAllowed) as refused:
        services.training.exercise_from_case(who["boss"], draft, "Training")
    assert refused.value.issues[0].code == "exercise_not_approved"
    assert events(services, AuditAction.TRAINING_EXERCISE_MADE) == []
    refusals = events(services, AuditAction.REFUSED)
    assert {u for u, *_rest in refusals} >= {"officer", "admin", "farboss", "boss"}
    make_training(services)
    with pytest.raises(TrainingRefused):
        services.training.exercise_from_case(who["boss"], case_id, "Training")
