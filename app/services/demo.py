"""Realistic synthetic data for a demo database: a Lisbon-like city, its stations, users, services
and cases over three years. Nothing in it is about a real person.

Rows are written with bulk Core inserts: 100,000 cases take seconds, not minutes.
"""

from __future__ import annotations

import random
from array import array
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from functools import cache, lru_cache
from typing import Any

from sqlalchemy import delete, func, insert, select, text
from sqlalchemy.orm import Session

from app import paths
from app.documents import DOCUMENT_LANGUAGES
from app.domain import operations, workflow
from app.domain.case import (
    CaseRecord,
    CaseStatus,
    ConsentMethod,
    ConsentPurpose,
    CoordinationKind,
    PerceptionSource,
    PersonRole,
    ReferralStatus,
    ReporterType,
    RiskLevel,
    Role,
    SectionComment,
    Urgency,
)
from app.domain.completeness import CRIMINAL_CLASSIFICATIONS
from app.domain.directory import ServiceEntry, matches, parse_csv
from app.domain.marks import DatabaseMark
from app.domain.text import normalise_for_search
from app.domain.validation import Issue
from app.domain.workflow import NOTHING, Action, Decision, Participant
from app.services import audit
from app.services.context import Backend
from app.services.demo_follow_up import DemoFollowUp
from app.services.demo_outcomes import demo_outcomes
from app.services.directory import store
from app.services.errors import Refused
from app.services.marks import DEMO_KEY, database_mark
from app.storage import bulk
from app.storage import tables as t
from app.storage.cases import row_values

DEMO_PASSWORD = "demo"
BATCH = 5_000

STATIONS = [
    ("LIS-01", "Lisbon Centre proximity station", "Rua da Prata 120, Lisbon", "+351 21 000 0101"),
    (
        "LIS-02",
        "Lisbon East proximity station",
        "Avenida Infante D. Henrique 300, Lisbon",
        "+351 21 000 0202",
    ),
]
DEMO_USERS = [  # username, full name, role, station
    ("officer", "Ana Ribeiro", Role.OFFICER, "LIS-01"),
    ("supervisor", "Carlos Mendes", Role.SUPERVISOR, "LIS-01"),
    ("admin", "Rita Fonseca", Role.ADMIN, "LIS-01"),
    ("lmarques", "Luís Marques", Role.SUPERVISOR, "LIS-02"),
    ("dpo", "Helena Sousa", Role.DATA_PROTECTION_OFFICER, "LIS-01"),
]
# Who reviews each station's cases (never the officer who wrote them: four eyes), and the
# force's hate-crime coordinator, to whom LIS-01 escalates.
REVIEWERS = {"LIS-01": "supervisor", "LIS-02": "lmarques"}
ESCALATE_TO = {"LIS-01": "lmarques", "LIS-02": "supervisor"}
# A demo case's history, made by the case's life itself (app.domain.workflow checks each step,
# app.domain.operations takes it): each step is (action, taken by the officer or the reviewer,
# what it carries, hours after the incident).
HistoryStep = tuple[Action, str, Decision, int]
_SUBMITTED: HistoryStep = (Action.SUBMIT, "officer", NOTHING, 2)
_APPROVED: HistoryStep = (
    Action.APPROVE,
    "reviewer",
    Decision(
        comment="Indicators noted, rights given, referral under consent.",
        checks=("proportionality", "community_tension", "attendance"),
    ),
    28,
)
_PROPOSED: HistoryStep = (
    Action.PROPOSE_CLOSURE,
    "officer",
    Decision(comment="Victim informed of the outcome."),
    24 * 29,
)
_RETURNED: HistoryStep = (
    Action.RETURN,
    "reviewer",
    Decision(
        comment="Nearly there: two points before I can approve it.",
        sections=(
            SectionComment("evidence", "Add the witness's account and the CCTV request, please."),
            SectionComment("rights", "Which version of the leaflet was given?"),
        ),
    ),
    30,
)
_ESCALATED: HistoryStep = (
    Action.ESCALATE,
    "reviewer",
    Decision(
        comment="Second incident in this street: to the hate-crime coordinator.",
        escalated_to="the other station's reviewer",  # named per case, see lived()
    ),
    26,
)
HISTORY: dict[CaseStatus, tuple[HistoryStep, ...]] = {
    CaseStatus.DRAFT: (),
    CaseStatus.SUBMITTED: (_SUBMITTED,),
    CaseStatus.RETURNED: (_SUBMITTED, _RETURNED),
    CaseStatus.ESCALATED: (_SUBMITTED, _ESCALATED),
    CaseStatus.APPROVED: (_SUBMITTED, _APPROVED),
    CaseStatus.CLOSURE_PROPOSED: (_SUBMITTED, _APPROVED, _PROPOSED),
    CaseStatus.CLOSED: (
        _SUBMITTED,
        _APPROVED,
        _PROPOSED,
        (Action.CLOSE, "reviewer", NOTHING, 24 * 30),
    ),
}


def lived(
    record: CaseRecord,
    steps: tuple[HistoryStep, ...],
    reviewer: str,
    escalate_to: str,
    now: datetime,
) -> CaseRecord:
    """`record` after the steps of its history, each checked by the workflow as a real one is
    (a demo history that breaks a rule is a bug, not data); none after `now`."""
    for action, by, step_decision, hours in steps:
        decision = step_decision
        if action is Action.ESCALATE:
            decision = replace(step_decision, escalated_to=escalate_to)
        officer = by == "officer"
        who = Participant(
            Role.OFFICER if officer else Role.SUPERVISOR,
            is_officer=officer,
            wrote_or_edited=officer,
            escalated_to_other=record.escalated_to not in ("", reviewer),
        )
        issues = workflow.check(record.status, action, who, decision)
        if issues:
            raise ValueError(f"demo history: {action.value} from {record.status.value}: {issues}")
        at = min((record.occurred_at or record.created_at) + timedelta(hours=hours), now)
        record = operations.decide(
            record, action, record.officer if officer else reviewer, at, decision
        )
    return record


MORE_OFFICERS = [
    ("jsousa", "João Sousa", "LIS-01"),
    ("mcosta", "Mariana Costa", "LIS-01"),
    ("pferreira", "Pedro Ferreira", "LIS-01"),
    ("ialmeida", "Inês Almeida", "LIS-01"),
    ("tmartins", "Tiago Martins", "LIS-02"),
    ("scarvalho", "Sofia Carvalho", "LIS-02"),
    ("rgomes", "Rui Gomes", "LIS-02"),
    ("bpinto", "Beatriz Pinto", "LIS-02"),
]
DISTRICTS = [
    "Alfama", "Mouraria", "Baixa", "Chiado", "Bairro Alto", "Alcântara", "Belém", "Benfica",
    "Arroios", "Penha de França", "Marvila", "Olivais", "Lumiar", "Ajuda", "Campo de Ourique",
    "Estrela", "Graça", "Intendente", "Santa Apolónia", "Areeiro",
]  # fmt: skip
PLACES = {
    "street": ["Rua dos Fanqueiros", "Rua do Benformoso", "Avenida Almirante Reis", "Rua da Madalena",
               "Largo do Intendente", "Rua de São Bento", "Calçada de Santana"],
    "public_transport": ["Metro Martim Moniz, platform", "Tram 28 near Graça", "Bus 760 at Praça do Chile",
                         "Cais do Sodré station concourse"],
    "place_of_worship": ["Mosque on Rua do Benformoso", "Synagogue on Rua Alexandre Herculano",
                         "Hindu temple in Lumiar", "Evangelical church in Marvila"],
    "cemetery": ["Prazeres cemetery, east gate", "Jewish cemetery, Rua Afonso III"],
    "school": ["Secondary school, Rua Almirante Barroso", "Primary school, Olivais Sul"],
    "workplace": ["Warehouse, Avenida Marechal Gomes da Costa", "Restaurant kitchen, Baixa"],
    "home": ["Apartment building, Rua Morais Soares", "Social housing block, Bairro Padre Cruz"],
    "shop_business": ["Grocery shop, Rua do Benformoso", "Phone shop, Martim Moniz centre",
                      "Barber shop, Rua de Arroios"],
    "community_centre": ["Community centre, Mouraria", "Roma association, Bairro da Cruz Vermelha"],
    "lgbti_venue": ["Bar, Príncipe Real", "LGBTI community centre, Rua dos Fanqueiros"],
    "sports_venue": ["Football ground, Alvalade", "Sports hall, Olivais"],
    "online": ["Social network post", "Messaging group", "Comments under a news article"],
}  # fmt: skip
MOTIVES = {  # motive: weight
    "racist_xenophobic": 34, "anti_lgbti": 15, "anti_muslim": 10, "anti_roma": 8, "antisemitic": 7,
    "disability": 5, "gender_based": 5, "other_religion": 3, "anti_christian": 2, "other_group": 4,
    "unknown": 7,
}  # fmt: skip
OFFENCES_BY_MOTIVE = {
    "racist_xenophobic": ["assault", "threats", "harassment", "public_order", "criminal_damage"],
    "anti_lgbti": ["assault", "harassment", "threats", "online_hate_speech"],
    "anti_muslim": ["criminal_damage", "harassment", "threats", "desecration"],
    "anti_roma": ["discrimination_administrative", "threats", "harassment", "coercion"],
    "antisemitic": ["criminal_damage", "desecration", "incitement", "online_hate_speech"],
    "disability": ["harassment", "theft_robbery", "assault"],
    "gender_based": ["harassment", "threats", "online_hate_speech"],
    "other_religion": ["criminal_damage", "harassment"],
    "anti_christian": ["criminal_damage", "desecration"],
    "other_group": ["threats", "harassment"],
    "unknown": ["assault", "criminal_damage", "threats"],
}
CLASSIFICATION_BY_OFFENCE = {
    "incitement": "hate_speech",
    "online_hate_speech": "hate_speech",
    "discrimination_administrative": "discrimination",
    "harassment": "non_crime_incident",
}
WORDS = {
    "racist_xenophobic": "Go back to your country, you don't belong here.",
    "anti_lgbti": "People like you should not walk around here.",
    "anti_muslim": "No mosques in our street.",
    "anti_roma": "We don't serve your kind here.",
    "antisemitic": "Symbol and slogan painted on the wall (photographed).",
    "disability": "Mocking words about the victim's wheelchair.",
    "gender_based": "Insults about the victim being a woman in this job.",
}
INDICATORS = [
    ("perception", "Victim says the attacker singled them out for how they look."),
    ("comments_gestures", "Slurs shouted before and during the incident."),
    ("symbols_graffiti", "Spray-painted symbol near the entrance."),
    ("previous_incidents", "Third report from this address this year."),
    ("victim_offender_difference", "Offender referred to the victim's origin."),
    ("location_timing", "Happened outside a place of worship on a holy day."),
    ("lack_of_other_motive", "Nothing taken; no prior dispute."),
    ("association_identity", "Victim was wearing a religious head covering."),
]
# The target of damage to a site, by the start of its name in PLACES: what the bias is against.
SITE_MOTIVES = {
    "Mosque": "anti_muslim", "Synagogue": "antisemitic", "Hindu temple": "other_religion",
    "Evangelical church": "anti_christian", "Jewish cemetery": "antisemitic",
    "Prazeres cemetery": "other_religion",
}  # fmt: skip
GRAFFITI = "Slogans and symbols painted on the wall (photographed, wording in the photos)."
LANGUAGES = [
    "pt",
    "pt",
    "pt",
    "en",
    "ar",
    "ro",
    "uk",
    "ru",
    "es",
    "fr",
    "bn",
    "hi",
    "ne",
    "zh",
    "tr",
]


def leaflet_language(language: str) -> str:
    """The leaflet a victim reads: in their language where it is printed, else in English,
    which the demo's victims of other languages also read."""
    return language if language in DOCUMENT_LANGUAGES else "en"


def spoken_languages(language: str) -> list[dict[str, object]]:
    """A victim's languages as stored: their own, preferred, and English where the leaflet
    cannot be printed in theirs."""
    own = {"code": language, "reads": True, "preferred": True}
    if leaflet_language(language) == language:
        return [own]
    return [own, {"code": "en", "reads": True, "preferred": False}]


GIVEN = [
    "Amina",
    "Yusuf",
    "Maria",
    "Ionut",
    "Olena",
    "Rahul",
    "Fatou",
    "David",
    "Leila",
    "Sandeep",
    "Camila",
    "Andrei",
    "Mei",
    "Tomás",
    "Aisha",
    "Samuel",
    "Nadia",
    "Bogdan",
    "Joana",
    "Kofi",
]
FAMILY = [
    "Haddad",
    "Silva",
    "Popescu",
    "Kovalenko",
    "Sharma",
    "Diallo",
    "Cohen",
    "Benali",
    "Gurung",
    "Pereira",
    "Ionescu",
    "Chen",
    "Santos",
    "Okafor",
    "Rahman",
    "Levi",
    "Moldovan",
    "Nunes",
]


@cache
def sample_directory() -> tuple[ServiceEntry, ...]:
    """The demo city's services, from the sample file an administrator could import as well."""
    path = paths.resources() / "services" / "lisbon-demo.csv"
    entries, issues = parse_csv(path.read_text(encoding="utf-8"))
    if issues:  # a shipped file: broken means a broken build, not a user's mistake
        raise ValueError(f"{path}: {issues}")
    return tuple(entries)


@cache
def referral_targets(group: str) -> tuple[ServiceEntry, ...]:
    """The active sample services for a bias motive (the demo picks one per referral)."""
    return tuple(s for s in sample_directory() if s.active and matches(s, group=group))


def is_demo(session: Session) -> bool:
    return database_mark(session) is DatabaseMark.DEMO


class DemoService:
    def __init__(self, backend: Backend) -> None:
        self.backend = backend

    def is_demo(self) -> bool:
        with self.backend.reading() as session:
            return is_demo(session)

    def fill(
        self,
        cases: int,
        *,
        seed: int = 2026,
        progress: Callable[[int, int], None] | None = None,
    ) -> None:
        """Fills an empty (or demo) database. Refused on a database with real accounts."""
        rng = random.Random(seed)
        # The outcomes' own draws: the rest of the demo stays as it was without them.
        outcomes_rng = random.Random(seed + 1)
        now = self.backend.clock()
        with self.backend.transaction() as session:
            has_users = session.scalar(select(func.count()).select_from(t.User))
            if has_users and not is_demo(session):
                raise Refused([Issue("not_a_demo_database", "", {})])
            if not has_users:
                audit.start_trail(session)
                session.add(t.Meta(key=DEMO_KEY, value="1"))
                self._people_and_services(session, now)
            users = self._officers(session)
            first_id = (session.scalar(select(func.max(t.Case.id))) or 0) + 1
            plan = _plan(rng, cases, now, len(users))
            numbers = self._last_numbers(session)
            written = 0
            for start in range(0, cases, BATCH):
                batch = [
                    (
                        first_id + start + i,
                        _EPOCH + timedelta(microseconds=key >> 4),
                        users[key & 15],
                    )
                    for i, key in enumerate(plan[start : start + BATCH])
                ]
                bulk.write(session, self._cases(rng, batch, numbers, now, outcomes_rng))
                written += len(batch)
                if progress:
                    progress(written, cases)
            if not has_users:  # told once: a second fill adds cases only
                DemoFollowUp(session, self.backend.pack("eu-baseline"), now).tell()
            self._sequences(session)
            audit.record(session, now, "demo", "demo_fill", "database", "", "", {"cases": cases})

    # ------------------------------------------------------------------ pieces

    def _people_and_services(self, session: Session, now: datetime) -> None:
        station_ids = {}
        for code, name, address, phone in STATIONS:
            station = t.Station(
                code=code, name=name, address=address, phone=phone,
                email=f"{code.lower()}@police.example", created_at=now, country="PT",
                opening_hours="24/7", language="pt",
            )  # fmt: skip
            session.add(station)
            session.flush()
            station_ids[code] = station.id
        password_hash = self.backend.hasher.hash(DEMO_PASSWORD)  # one hash: same password for all
        everyone = [*DEMO_USERS, *((u, n, Role.OFFICER, s) for u, n, s in MORE_OFFICERS)]
        for number, (username, full_name, role, station_code) in enumerate(everyone, start=1):
            session.add(
                t.User(
                    username=username, full_name=full_name, role=role.value,
                    station_id=station_ids[station_code], password_hash=password_hash,
                    badge_number=f"PSP-{4100 + number}", phone=f"+351 21 000 {3000 + number}",
                    active=True, failed_logins=0, created_at=now,
                )
            )  # fmt: skip
        for entry in sample_directory():
            store(session, entry, now)
        session.flush()

    @staticmethod
    def _officers(session: Session) -> list[tuple[int, str, int, str]]:
        rows = session.execute(
            select(t.User.id, t.User.username, t.User.station_id, t.Station.code)
            .join(t.Station)
            .where(t.User.role == Role.OFFICER.value)  # supervisors review them
            .order_by(t.User.id)
        )
        return [(r.id, r.username, r.station_id, r.code) for r in rows]

    @staticmethod
    def _last_numbers(session: Session) -> dict[tuple[int, int], int]:
        rows = session.execute(
            select(t.CaseSequence.station_id, t.CaseSequence.year, t.CaseSequence.last_number)
        )
        return {(station, year): number for station, year, number in rows}

    def _cases(
        self,
        rng: random.Random,
        batch: list[tuple[int, datetime, tuple[int, str, int, str]]],
        numbers: dict[tuple[int, int], int],
        now: datetime,
        outcomes_rng: random.Random,
    ) -> dict[Any, list[dict[str, Any]]]:
        out: dict[Any, list[dict[str, Any]]] = {
            t.Case: [], t.CaseMotive: [], t.CaseOffence: [], t.CaseIndicator: [], t.PersonRow: [],
            t.PerceptionRow: [], t.RightsRow: [], t.AssessmentRow: [], t.ConsentRow: [],
            t.ReferralRow: [], t.ReviewRow: [], t.CoordinationRow: [], t.OutcomeRow: [],
        }  # fmt: skip
        motive_names, motive_weights = list(MOTIVES), list(MOTIVES.values())
        for case_id, occurred, (officer_id, username, station_id, station_code) in batch:
            number = numbers[station_id, occurred.year] = (
                numbers.get((station_id, occurred.year), 0) + 1
            )
            age_days = (now - occurred).days
            status = _status(rng, age_days)
            motives = [rng.choices(motive_names, motive_weights)[0]]
            if rng.random() < 0.15:
                second = rng.choices(motive_names, motive_weights)[0]
                if second not in motives and "unknown" not in (second, motives[0]):
                    motives.append(second)
            offences = rng.sample(OFFENCES_BY_MOTIVE[motives[0]], k=rng.choice((1, 1, 2)))
            place_type = rng.choice(list(PLACES))
            district = rng.choice(DISTRICTS)
            site = rng.choice(PLACES[place_type])
            place = f"{site}, {district}"
            # Damage to a place of worship or a cemetery: no individual victim; the target tells
            # the motive, and a caretaker or the community reports it.
            victimless = place_type in ("place_of_worship", "cemetery") and rng.random() < 0.6
            if victimless:
                motives = [SITE_MOTIVES.get(site.split(" on ")[0].split(",")[0], "unknown")]
                offences = ["desecration" if place_type == "cemetery" else "criminal_damage"]
            classification = (
                "" if status is CaseStatus.DRAFT and rng.random() < 0.5
                else CLASSIFICATION_BY_OFFENCE.get(offences[0], "hate_crime")
            )  # fmt: skip
            narrative = _narrative(rng, motives[0], offences[0], place_type, victimless)
            reference = f"{station_code}-{occurred.year}-{number:06d}"
            searched = " ".join(map(_normalised, (place, district, narrative)))
            created = occurred + timedelta(hours=1)
            record = lived(
                CaseRecord(
                    reference=reference, station_code=station_code, status=CaseStatus.DRAFT,
                    created_at=created, created_by=username, officer=username,
                    protocol_pack="eu-baseline", protocol_version="1.0", occurred_at=occurred,
                    motives=tuple(motives),
                ),
                HISTORY[status],
                REVIEWERS[station_code],
                ESCALATE_TO[station_code],
                now,
            )  # fmt: skip
            reviews = [{"case_id": case_id, **row_values(r)} for r in record.reviews]
            out[t.ReviewRow].extend(reviews)
            out[t.Case].append(
                {
                    "id": case_id, "reference": reference, "station_id": station_id,
                    "year": occurred.year, "number": number, "status": status.value, "version": 1,
                    "created_at": created, "created_by_id": officer_id,
                    "officer_id": officer_id,
                    "updated_at": reviews[-1]["at"] if reviews else occurred + timedelta(hours=2),
                    "updated_by_id": officer_id, "protocol_pack": "eu-baseline",
                    "protocol_version": "1.0",
                    "search_text": f"{normalise_for_search(reference)} {searched}",
                    "reported_at": occurred + timedelta(minutes=20),
                    "attended_at": occurred + timedelta(minutes=rng.randint(25, 90)),
                    "immediate_danger": rng.random() < 0.1, "injuries": offences[0] == "assault",
                    "medical_help": offences[0] == "assault" and rng.random() < 0.5,
                    "occurred_at": occurred, "listed_at": occurred, "place": place, "district": district,
                    "place_type": place_type, "narrative": narrative,
                    "reporter_type": rng.choice(
                        [ReporterType.THIRD_PARTY, ReporterType.CIVIL_SOCIETY] if victimless else
                        [ReporterType.VICTIM, ReporterType.VICTIM, ReporterType.WITNESS,
                         ReporterType.THIRD_PARTY, ReporterType.CIVIL_SOCIETY]).value,
                    "no_individual_victim": victimless,
                    "verbatim_words": GRAFFITI if victimless else WORDS.get(motives[0], ""),
                    "classification": classification,
                    "closed_at": record.closed_at, "closure_note": record.closure_note,
                    "escalated_to": record.escalated_to,
                    "mediation_safeguards": [],
                }
            )  # fmt: skip
            for position, motive in enumerate(motives):
                out[t.CaseMotive].append(
                    {"case_id": case_id, "motive": motive, "position": position}
                )
            for position, offence in enumerate(offences):
                out[t.CaseOffence].append(
                    {"case_id": case_id, "offence_type": offence, "position": position}
                )
            for position, (indicator, note) in enumerate(rng.sample(INDICATORS, rng.randint(1, 3))):
                out[t.CaseIndicator].append(
                    {"case_id": case_id, "indicator": indicator, "note": note, "position": position}
                )
            if not victimless:
                self._victim(rng, out, case_id, username, occurred, status, motives)
            # A crime goes to the prosecutor before the case goes to review (PROTOCOL.md g).
            if status is not CaseStatus.DRAFT and classification in CRIMINAL_CLASSIFICATIONS:
                out[t.CoordinationRow].append(
                    {
                        "case_id": case_id, "kind": CoordinationKind.PROSECUTOR.value,
                        "recipient": "Public Prosecutor's Office, Lisbon",
                        "sent_at": occurred + timedelta(hours=2), "recorded_by": username,
                        "content": "Report of a suspected hate crime.",
                        "basis": "Report of a crime (Code of Criminal Procedure)",
                        "reference_number": f"NUIPC {number}/{occurred.year % 100}.{station_id}PBLSB",
                        "consent_key": None,
                    }
                )  # fmt: skip
                if status in (CaseStatus.APPROVED, CaseStatus.CLOSED):
                    out[t.OutcomeRow] += demo_outcomes(
                        outcomes_rng, case_id, occurred, username, number, station_id, now
                    )
        return out

    @staticmethod
    def _victim(
        rng: random.Random,
        out: dict[Any, list[dict[str, Any]]],
        case_id: int,
        username: str,
        occurred: datetime,
        status: CaseStatus,
        motives: list[str],
    ) -> None:
        language = rng.choice(LANGUAGES)
        minor = rng.random() < 0.06
        out[t.PersonRow].append(
            {
                "case_id": case_id, "key": "P1", "position": 0, "role": PersonRole.VICTIM.value,
                "name": f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}",
                "age_band": "under 18" if minor else rng.choice(["18-29", "30-44", "45-64", "65+"]),
                "is_minor": minor, "languages": spoken_languages(language),
                "interpreter_needed": language not in ("pt", "en", "es"),
                "interpreter_language": language if language not in ("pt", "en", "es") else "",
                "safe_phone": f"+351 91{rng.randint(1000000, 9999999)}",
                "safe_times": rng.choice(["Weekdays after 18:00", "Mornings", "Any time"]),
                "message_ok": rng.random() < 0.5,
            }
        )  # fmt: skip
        if minor:  # a child's parent, who represents them (Dir. 2012/29/EU Art. 24)
            parent = dict(out[t.PersonRow][-1], key="P2", position=1, is_minor=False)
            phone = f"+351 92{rng.randint(1000000, 9999999)}"
            parent |= {"role": PersonRole.GUARDIAN.value, "age_band": "", "phone": phone}
            parent |= {"safe_phone": phone}
            parent |= {"name": f"{rng.choice(GIVEN)} {parent['name'].split()[-1]}"}
            out[t.PersonRow].append(parent | {"guardian_of": "P1", "relation": "parent"})
        out[t.PerceptionRow].append(
            {
                "case_id": case_id, "position": 0, "source": PerceptionSource.VICTIM.value,
                "person_key": "P1",
                "text": "They think they were targeted because of who they are; the offender said so.",
            }
        )  # fmt: skip
        if status is CaseStatus.DRAFT:
            return
        at = occurred + timedelta(hours=1, minutes=30)
        out[t.RightsRow].append(
            {
                "case_id": case_id, "person_key": "P1", "given_at": at, "given_by": username,
                "leaflet_language": leaflet_language(language), "leaflet_version": "eu-2026.1",
                "acknowledgement_given": True, "interpreter_provided": language not in ("pt", "en", "es"),
            }
        )  # fmt: skip
        risk = rng.choices(list(RiskLevel), [60, 30, 10])[0]
        out[t.AssessmentRow].append(
            {
                "case_id": case_id, "person_key": "P1", "assessed_at": at, "assessed_by": username,
                "factors": ["bias_motive"] + (["minor"] if minor else []),
                "protection_needs": minor or risk is not RiskLevel.LOW,  # presumed for a child
                "needs": rng.sample(["emotional", "legal", "psychological", "safety"], 2),
                "measures": [], "risk_suggested": risk.value, "risk_level": risk.value,
            }
        )  # fmt: skip
        # The victim's answer to the referral offered is on record, yes or no.
        service = rng.choice(referral_targets(motives[0]))
        accepted = rng.random() < 0.45
        out[t.ConsentRow].append(
            {
                "case_id": case_id, "key": "C1", "person_key": "P1", "recipient": service.name,
                "purpose": ConsentPurpose.REFERRAL.value, "granted": accepted,
                "method": rng.choice(list(ConsentMethod)).value, "recorded_at": at,
                "recorded_by": username, "data_scope": ["identity", "contact", "incident"],
                "text_version": "consent-2026.1", "language": language,
                "withdrawal_explained": True, "guardian_key": "P2" if minor else "",
            }
        )  # fmt: skip
        if accepted:
            out[t.ReferralRow].append(
                {
                    "case_id": case_id, "key": "R1", "person_key": "P1", "consent_key": "C1",
                    "service_code": service.code, "service_name": service.name,
                    "service_kind": service.kind.value, "service_contact": service.phone,
                    "needs": ["emotional"], "urgency": rng.choice(list(Urgency)).value,
                    "status": rng.choice([ReferralStatus.ACCEPTED, ReferralStatus.SENT,
                                          ReferralStatus.NO_ANSWER]).value,
                    "created_at": at, "created_by": username, "sent_at": at,
                }
            )  # fmt: skip

    @staticmethod
    def _sequences(session: Session) -> None:
        """Sets each station's case counter past the generated numbers."""
        session.execute(delete(t.CaseSequence))
        rows = session.execute(
            select(t.Case.station_id, t.Case.year, func.max(t.Case.number)).group_by(
                t.Case.station_id, t.Case.year
            )
        )
        values = [{"station_id": s, "year": y, "last_number": n} for s, y, n in rows]
        if values:
            session.execute(insert(t.CaseSequence), values)
        if session.get_bind().dialect.name == "postgresql":
            # Cases were written with explicit ids: move the id sequence past them.
            session.execute(
                text("SELECT setval(pg_get_serial_sequence('cases', 'id'), max(id)) FROM cases")
            )


@lru_cache(maxsize=4096)
def _normalised(text: str) -> str:
    """A place, district or account, normalised for the search once: the demo has a few hundred
    of each. The search text is normalised word by word, so its parts can be done apart."""
    return normalise_for_search(text)


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _plan(rng: random.Random, cases: int, now: datetime, officers: int) -> array[int]:
    """Each case's date and officer, in date order, so that references number up in date order
    per station and year. A million cases: one 8-byte number each (microseconds since 1970,
    times 16, plus the officer's index), not a million tuples of objects; the draws are those the
    tuples were made of, in the same order, and sort the same (by date, then officer)."""
    if officers > 16:
        raise ValueError("the plan keeps an officer's index in 4 bits")
    plan = array("q")
    for _ in range(cases):
        occurred = now - timedelta(days=rng.uniform(0, 3 * 365), minutes=rng.randint(0, 1440))
        since = occurred - _EPOCH
        micros = (since.days * 86_400 + since.seconds) * 1_000_000 + since.microseconds
        plan.append(micros << 4 | rng.randrange(officers))
    return array("q", sorted(plan))


def _status(rng: random.Random, age_days: int) -> CaseStatus:
    if age_days < 14:
        return rng.choices(
            [CaseStatus.DRAFT, CaseStatus.SUBMITTED, CaseStatus.RETURNED, CaseStatus.APPROVED],
            [30, 40, 10, 20],
        )[0]
    if age_days < 120:
        return rng.choices(
            [CaseStatus.SUBMITTED, CaseStatus.APPROVED, CaseStatus.ESCALATED, CaseStatus.CLOSED],
            [10, 45, 5, 40],
        )[0]
    return rng.choices([CaseStatus.APPROVED, CaseStatus.CLOSED], [8, 92])[0]


def _narrative(
    rng: random.Random, motive: str, offence: str, place_type: str, victimless: bool
) -> str:
    if victimless and place_type == "cemetery":
        return "Gravestones pushed over and daubed with slogans overnight; the community's leader reported it."
    if victimless:
        return rng.choice(
            [
                "Graffiti with hate symbols found on the outer wall in the morning; reported by the caretaker.",
                "Windows broken overnight and a note with slogans left at the door; reported by the community's association.",
            ]
        )
    who = rng.choice(["A man", "Two young men", "A group of four", "A woman", "A neighbour"])
    what = {
        "assault": "pushed and punched the victim",
        "threats": "threatened the victim",
        "harassment": "followed and insulted the victim",
        "public_order": "shouted abuse at the victim in front of passers-by",
        "criminal_damage": "damaged the victim's property",
        "online_hate_speech": "posted abusive messages about the victim",
        "discrimination_administrative": "refused the victim entry",
        "theft_robbery": "took the victim's bag",
        "coercion": "forced the victim to leave",
    }.get(offence, "attacked the victim")
    why = {
        "racist_xenophobic": "shouting remarks about the victim's origin",
        "anti_lgbti": "after seeing the victim hold hands with their partner",
        "anti_muslim": "pointing at the victim's headscarf",
        "anti_roma": "saying Roma were not welcome",
        "disability": "mocking the victim's disability",
        "gender_based": "with sexist insults",
    }.get(motive, "without any apparent other reason")
    return f"{who} {what} {why}. Witnesses nearby; CCTV to be requested."
