"""The annual ODIHR return and the statistics exports, on both engines, from a small database
built by hand: every figure checked; a duplicate, two motives, a motive and an offence type the
pack does not map, outcomes before and in the year; small cells; who may export; cancelling."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import insert, select, update

from app.domain import case as d
from app.domain.odihr import MOTIVE, OFFENCE_TYPE, Figures, Unmapped
from app.files import write_file
from app.services import Services
from app.services.audit import Delivery
from app.services.context import Actor
from app.services.errors import PermissionDenied, Refused
from app.storage.tables import AuditEvent, Case, CaseMotive, CaseOffence, OutcomeRow, Station, User
from tests.services.test_followups import people

IN_YEAR = datetime(2026, 6, 1, 12, tzinfo=UTC)
YEAR_BEFORE = datetime(2025, 6, 1, 12, tzinfo=UTC)
DISTRICT = "=cmd()"  # a district typed as a formula


def add_case(
    services: Services, station: str, motives: list[str], offences: list[str], *,
    classification: str = "hate_crime", listed_at: datetime = IN_YEAR, district: str = "Centro",
    status: d.CaseStatus = d.CaseStatus.APPROVED, duplicate_of: int | None = None,
    outcomes: tuple[tuple[d.OutcomeKind, date], ...] = (),
) -> int:  # fmt: skip
    """A case's rows, as the statistics read them (nothing else of a case matters to them)."""
    with services.backend.transaction() as session:
        station_id = session.scalar(select(Station.id).where(Station.code == station))
        user_id = session.scalar(select(User.id).where(User.username == "admin"))
        number = (session.scalar(select(Case.id).order_by(Case.id.desc()).limit(1)) or 0) + 1
        values: dict[str, Any] = {
            "reference": f"{station}-2026-{number:06d}", "station_id": station_id,
            "year": listed_at.year, "number": number, "status": status.value, "version": 1,
            "created_at": listed_at, "created_by_id": user_id, "officer_id": user_id,
            "updated_at": listed_at, "updated_by_id": user_id, "protocol_pack": "eu-baseline",
            "protocol_version": "1.0", "listed_at": listed_at, "occurred_at": listed_at,
            "search_text": "", "district": district, "place_type": "street",
            "classification": classification, "duplicate_of_id": duplicate_of,
        }  # fmt: skip
        case_id = int(
            session.execute(insert(Case).values(**values).returning(Case.id)).scalar_one()
        )
        for position, motive in enumerate(motives):
            session.execute(
                insert(CaseMotive).values(case_id=case_id, motive=motive, position=position)
            )
        for position, offence in enumerate(offences):
            session.execute(
                insert(CaseOffence).values(case_id=case_id, offence_type=offence, position=position)
            )
        for kind, on in outcomes:
            session.execute(
                insert(OutcomeRow).values(
                    case_id=case_id, kind=kind.value, happened_on=on, court_reference="",
                    note="", recorded_at=listed_at, recorded_by="admin",
                )
            )  # fmt: skip
    return case_id


@pytest.fixture
def who(services: Services) -> dict[str, Actor]:
    return staff(services)


def staff(services: Services) -> dict[str, Actor]:
    """LIS-01 (officer, other, boss, admin, dpo) and POR-01 (porto, its supervisor)."""
    actors = people(services)
    services.accounts.add_user(
        actors["admin"], username="privacy", full_name="Privacy",
        role=d.Role.DATA_PROTECTION_OFFICER, password="a good password", station_code="LIS-01",
    )  # fmt: skip
    return {**actors, "dpo": services.accounts.authenticate("privacy", "a good password")}


@pytest.fixture
def built(services: Services, who: dict[str, Actor]) -> dict[str, int]:
    return build_year(services)


def build_year(services: Services) -> dict[str, int]:
    """LIS-01's year 2026: five hate crimes counted, and what must not count."""
    k = d.OutcomeKind
    c1 = add_case(
        services, "LIS-01", ["racist_xenophobic"], ["assault"], district=DISTRICT,
        outcomes=((k.CHARGED, date(2026, 3, 1)), (k.CONVICTED, date(2026, 9, 1))),
    )  # fmt: skip
    cases = {"c1": c1}
    # two motives, two offence types; first charged the year before: not prosecuted this year
    cases["c2"] = add_case(
        services, "LIS-01", ["racist_xenophobic", "anti_muslim"], ["threats", "criminal_damage"],
        outcomes=((k.CHARGED, date(2025, 12, 1)), (k.PROSECUTED, date(2026, 2, 1))),
    )  # fmt: skip
    cases["dup"] = add_case(
        services, "LIS-01", ["racist_xenophobic"], ["assault"], duplicate_of=c1,
        outcomes=((k.CHARGED, date(2026, 3, 1)),),
    )  # fmt: skip
    cases["c4"] = add_case(
        services, "LIS-01", ["unknown"], ["incitement"], classification="hate_speech"
    )
    cases["discrimination"] = add_case(
        services, "LIS-01", ["anti_roma"], ["harassment"], classification="discrimination"
    )
    cases["c6"] = add_case(services, "LIS-01", [], ["arson"])
    cases["c7"] = add_case(services, "LIS-01", ["anti_roma"], ["kicking"])  # an id the pack lost
    cases["draft"] = add_case(
        services, "LIS-01", ["racist_xenophobic"], ["assault"], status=d.CaseStatus.DRAFT
    )
    # last year's incident, charged this year: prosecuted this year, not recorded this year
    cases["c9"] = add_case(
        services, "LIS-01", ["racist_xenophobic"], ["assault"], listed_at=YEAR_BEFORE,
        outcomes=((k.CHARGED, date(2026, 2, 1)),),
    )  # fmt: skip
    cases["porto"] = add_case(services, "POR-01", ["disability"], ["assault"])
    return cases


def audit_rows(services: Services) -> list[tuple[str, str, dict[str, Any]]]:
    with services.backend.reading() as session:
        rows = session.execute(
            select(AuditEvent.username, AuditEvent.action, AuditEvent.details).order_by(
                AuditEvent.id
            )
        )
        return [(r.username, r.action, json.loads(r.details or "{}")) for r in rows]


@pytest.fixture
def exports(tmp_path: Path) -> Path:
    """A folder of its own (the SQLite database is beside it)."""
    folder = tmp_path / "exports"
    folder.mkdir()
    return folder


def to_file(path: Path) -> Delivery:
    return Delivery("file", lambda content: write_file(path, content, force=False, database=None))


def test_every_figure_of_the_return(
    services: Services, who: dict[str, Actor], built: dict[str, int]
) -> None:
    got = services.statistics.annual_return(who["boss"], 2026, None)
    rows = dict(got.rows)
    # recorded by the incident's year; prosecuted and sentenced by the outcome's (c9: 2025)
    assert rows["racism_xenophobia"] == Figures(2, 2, 1, (1, 1, 1))
    assert rows["anti_muslim"] == Figures(1, 0, 0, (0, 1, 1))
    assert rows["anti_roma"] == Figures(1, 0, 0, (0, 0, 0))  # "kicking" is of no type
    assert rows["disability"] == Figures(0, 0, 0, (0, 0, 0))  # Porto's
    # each incident once: c1, c2, c4 (criminalised hate speech), c6 (no motive), c7
    assert got.total == Figures(5, 2, 1, (1, 1, 2))
    assert got.unmapped == (
        Unmapped(MOTIVE, "unknown", 1),
        Unmapped(MOTIVE, "", 1),
        Unmapped(OFFENCE_TYPE, "kicking", 1),
    )
    assert got.classifications == ("hate_crime", "hate_speech")


def test_an_administrator_counts_every_station_or_one(
    services: Services, who: dict[str, Actor], built: dict[str, int]
) -> None:
    every = services.statistics.annual_return(who["admin"], 2026, None)
    assert every.total.recorded == 6
    assert dict(every.rows)["disability"] == Figures(1, 0, 0, (1, 0, 0))
    porto = services.statistics.annual_return(who["admin"], 2026, "POR-01")
    assert porto.total == Figures(1, 0, 0, (1, 0, 0))
    assert porto.unmapped == ()


def test_two_motives_of_one_category_count_once_in_it(
    services: Services, who: dict[str, Actor], built: dict[str, int]
) -> None:
    with services.backend.transaction() as session:
        session.execute(
            update(Station).where(Station.code == "POR-01").values(protocol_pack="es-2020")
        )
    add_case(services, "POR-01", ["anti_roma", "antigypsyism"], ["assault"])
    porto = services.statistics.annual_return(who["porto"], 2026, None)
    assert dict(porto.rows)["anti_roma"] == Figures(1, 0, 0, (1, 0, 0))
    assert porto.total.recorded == 2
    # stations of different packs map differently: every station at once is refused
    with pytest.raises(Refused) as refused:
        services.statistics.annual_return(who["admin"], 2026, None)
    assert [issue.code for issue in refused.value.issues] == ["packs_differ"]


def test_small_cells_are_suppressed_when_asked(
    services: Services, who: dict[str, Actor], built: dict[str, int], exports: Path
) -> None:
    got = services.statistics.annual_return(who["boss"], 2026, None, threshold=3)
    racism = dict(got.rows)["racism_xenophobia"]
    assert [got.shown(n) for n in (racism.recorded, got.total.recorded, 0)] == ["<3", "5", "0"]
    out = exports / "return.xlsx"
    assert services.statistics.export(who["boss"], 2026, None, "odihr", to_file(out), threshold=3)
    sheet = load_workbook(out).worksheets[0]
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[1] == ["Racism and xenophobia", "<3", "<3", "<3", "<3", "<3", "<3"]
    assert values[-1] == ["All hate crimes", 5, "<3", "<3", "<3", "<3", "<3"]


def test_the_odihr_workbook_holds_the_figures_and_what_is_not_mapped(
    services: Services, who: dict[str, Actor], built: dict[str, int], exports: Path
) -> None:
    out = exports / "return.xlsx"
    assert services.statistics.export(who["boss"], 2026, None, "odihr", to_file(out))
    book = load_workbook(out)
    figures, unmapped, method = book.worksheets
    values = [[cell.value for cell in row] for row in figures.iter_rows()]
    assert values[0][:4] == ["Bias category", "Recorded", "Prosecuted", "Sentenced"]
    assert values[1] == ["Racism and xenophobia", 2, 2, 1, 1, 1, 1]
    assert values[-1] == ["All hate crimes", 5, 2, 1, 1, 1, 2]
    listed = [[cell.value for cell in row] for row in unmapped.iter_rows(min_row=2)]
    assert listed == [
        ["motive", "unknown", "Unknown / under assessment", 1],
        ["motive", None, "Not recorded", 1],
        ["offence_type", "kicking", "kicking", 1],
    ]
    said = [row[0].value for row in method.iter_rows()]
    assert "Counted as hate crimes: Hate crime, Criminalised hate speech." in said
    # A supervisor names no station: the return is their station's, and says so.
    assert "Year: 2026. Station: LIS-01." in said
    [(user, _action, details)] = [e for e in audit_rows(services) if e[1] == "stats_export"]
    assert (user, details) == (
        "boss",
        {"year": 2026, "station": "LIS-01", "format": "odihr", "rows": 14, "to": "file"},
    )


def test_the_csv_has_every_table_in_long_form_with_formulas_neutralised(
    services: Services, who: dict[str, Actor], built: dict[str, int], exports: Path
) -> None:
    out = exports / "tables.csv"
    assert services.statistics.export(who["boss"], 2026, None, "csv", to_file(out))
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert rows[0] == ["Dimension", "Key", "Label", "Count", "Total", "Note"]
    districts = [r for r in rows if r[0] == "district"]
    # incidents of every classification: c1 (the formula), c2, c4, discrimination, c6, c7
    assert ["district", "Centro", "Centro", "5", "6", ""] in districts
    assert ["district", "'=cmd()", "'=cmd()", "1", "6", ""] in districts
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
    motives = {r[1]: r for r in rows if r[0] == "motive"}
    assert motives["racist_xenophobic"][2:5] == ["Racist or xenophobic", "2", "6"]
    assert motives["racist_xenophobic"][5].startswith("under each")
    assert ["month", "2026-06", "June 2026", "6", "6", ""] in rows
    assert ["outcome", "prosecuted", "prosecuted", "2", "6", ""] in rows


def test_the_xlsx_has_a_sheet_per_table(
    services: Services, who: dict[str, Actor], built: dict[str, int], exports: Path
) -> None:
    out = exports / "tables.xlsx"
    assert services.statistics.export(who["admin"], 2026, "LIS-01", "xlsx", to_file(out))
    book = load_workbook(out)
    assert book.sheetnames == [
        "Month", "Bias motive", "Offence type", "Classification", "Place type", "District",
        "Status", "Outcomes",
    ]  # fmt: skip
    district = [[c.value for c in row] for row in book["District"].iter_rows(min_row=2)]
    assert ["district", "'=cmd()", "'=cmd()", 1, 6, None] in district
    status = [[c.value for c in row] for row in book["Status"].iter_rows(min_row=2)]
    assert status == [["status", "approved", "Approved", 6, 6, None]]


def test_a_cancelled_export_writes_and_logs_nothing(
    services: Services, who: dict[str, Actor], built: dict[str, int], exports: Path
) -> None:
    seen: list[tuple[int, int]] = []

    def cancel_at_three(done: int, total: int) -> bool:
        seen.append((done, total))
        return done < 3

    before = audit_rows(services)
    for fmt in ("odihr", "csv", "xlsx"):
        out = exports / f"cancelled.{fmt}"
        assert not services.statistics.export(
            who["boss"], 2026, None, fmt, to_file(out), cancel_at_three
        )
        assert not out.exists()
    assert list(exports.iterdir()) == []
    assert audit_rows(services) == before
    assert seen[:3] == [(1, 11), (2, 11), (3, 11)]
    done: list[tuple[int, int]] = []
    out = exports / "whole.csv"
    assert services.statistics.export(
        who["boss"], 2026, None, "csv", to_file(out), lambda *a: done.append(a) or True
    )
    # A step per table, the outcomes, the file: the total is the months' sum, no query of its own.
    assert done[-1] == (9, 9)
    assert [n for n, _total in done] == list(range(1, 10))


def test_a_failed_write_leaves_nothing_and_is_logged(
    services: Services, who: dict[str, Actor], built: dict[str, int], exports: Path
) -> None:
    out = exports / "missing" / "tables.csv"
    with pytest.raises(Exception):  # noqa: B017, PT011 - the OS's error goes on to the caller
        services.statistics.export(who["boss"], 2026, None, "csv", to_file(out))
    assert not out.parent.exists()
    [(user, _action, details)] = [e for e in audit_rows(services) if e[1] == "stats_export_failed"]
    assert (user, details["error"], details["format"]) == ("boss", "ENOENT", "csv")


@pytest.mark.parametrize(
    ("who_name", "station"),
    [("officer", None), ("dpo", None), ("boss", "POR-01"), ("porto", "LIS-01")],
)
def test_who_may_not_export_is_refused_and_audited(
    services: Services, who: dict[str, Actor], built: dict[str, int], exports: Path,
    who_name: str, station: str | None,
) -> None:  # fmt: skip
    actor = who[who_name]
    for call, args in (
        (services.statistics.annual_return, (actor, 2026, station)),
        (services.statistics.export, (actor, 2026, station, "csv", to_file(exports / "x.csv"))),
    ):
        before = audit_rows(services)
        with pytest.raises(PermissionDenied):
            call(*args)
        [(user, action, details)] = audit_rows(services)[len(before) :]
        assert (user, action, details["why"]) == (actor.username, "refused", "role")
    assert list(exports.iterdir()) == []


def test_a_bad_year_format_or_station_is_refused(
    services: Services, who: dict[str, Actor], built: dict[str, int], exports: Path
) -> None:
    admin = who["admin"]
    for year, station, fmt, code in (
        (1899, None, "csv", "bad_year"), (10_000, None, "csv", "bad_year"),
        (2026, "NOPE-01", "csv", "unknown_station"), (2026, None, "pdf", "not_one_of"),
    ):  # fmt: skip
        with pytest.raises(Refused) as refused:
            services.statistics.export(admin, year, station, fmt, to_file(exports / "x"))
        assert [issue.code for issue in refused.value.issues] == [code]
    assert list(exports.iterdir()) == []
