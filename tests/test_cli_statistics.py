"""`proximity-desk --user NAME stats export --year Y [--station CODE] --format F --out FILE`, run
in-process against the hand-built year of tests/services/test_statistics_export.py: the files
written, small cells as the settings ask, refusals (exit 1, audited, nothing written), garbage
options without a traceback or a file."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from app.cli import PASSWORD_ENV
from app.config import SMALL_CELL_ENV
from app.services import open_services
from tests.conftest import CHEAP_HASHER
from tests.services.test_statistics_export import build_year, staff
from tests.test_cli import Cli, clean_environment  # noqa: F401 - the same clean environment

PASSWORDS = {"admin": "a station passphrase"}  # the others': "a good password"


class Desk:
    def __init__(self, cli: Cli, monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
        self.cli, self.monkeypatch, self.folder = cli, monkeypatch, folder

    def run(self, user: str, *args: str) -> tuple[int, str, str]:
        self.monkeypatch.setenv(PASSWORD_ENV, PASSWORDS.get(user, "a good password"))
        code, out, err = self.cli("--user", user, "stats", "export", *args)
        assert "Traceback" not in err
        return code, out, err

    def exports(self) -> list[str]:
        return sorted(path.name for path in self.folder.iterdir())

    def audited(self, action: str) -> list[dict[str, object]]:
        rows = self.cli.query(f"SELECT details FROM audit_events WHERE action = '{action}'")
        return [json.loads(row) for row in rows]


@pytest.fixture
def desk(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> Desk:
    path = tmp_path / "desk.db"
    services = open_services(f"sqlite:///{path}", hasher=CHEAP_HASHER)
    try:
        staff(services)
        build_year(services)
    finally:
        services.close()
    folder = tmp_path / "exports"
    folder.mkdir()
    return Desk(Cli(path, capsys), monkeypatch, folder)


def test_a_supervisor_exports_the_return_and_the_tables(desk: Desk) -> None:
    out = desk.folder / "return.xlsx"
    code, printed, err = desk.run("boss", "--year", "2026", "--format", "odihr", "--out", str(out))
    assert (code, err) == (0, "")
    assert printed.strip() == f"Written to {out}."
    sheet = load_workbook(out).worksheets[0]
    assert [c.value for c in sheet[sheet.max_row]] == ["All hate crimes", 5, 2, 1, 1, 1, 2]
    tables = desk.folder / "tables.csv"
    code, _printed, _err = desk.run(
        "boss", "--year", "2026", "--format", "csv", "--out", str(tables)
    )
    assert code == 0
    rows = list(csv.reader(io.StringIO(tables.read_text(encoding="utf-8-sig"))))
    assert ["district", "'=cmd()", "'=cmd()", "1", "6", ""] in rows
    assert [d["format"] for d in desk.audited("stats_export")] == ["odihr", "csv"]
    # never replaced without --force
    code, _printed, err = desk.run(
        "boss", "--year", "2026", "--format", "csv", "--out", str(tables)
    )
    assert code == 2
    assert "--force" in err
    assert (
        desk.run("boss", "--year", "2025", "--format", "xlsx", "--out", str(tables), "--force")[0]
        == 0
    )
    assert desk.exports() == ["return.xlsx", "tables.csv"]


def test_small_cells_as_the_settings_ask(desk: Desk) -> None:
    desk.monkeypatch.setenv(SMALL_CELL_ENV, "3")
    out = desk.folder / "return.xlsx"
    assert (
        desk.run(
            "admin", "--year", "2026", "--station", "LIS-01", "--format", "odihr", "--out", str(out)
        )[0]
        == 0
    )
    sheet = load_workbook(out).worksheets[0]
    assert [c.value for c in sheet[2]] == [
        "Racism and xenophobia",
        "<3",
        "<3",
        "<3",
        "<3",
        "<3",
        "<3",
    ]
    desk.monkeypatch.setenv(SMALL_CELL_ENV, "three")
    code, _out, err = desk.run(
        "admin", "--year", "2026", "--format", "odihr", "--out", str(out), "--force"
    )
    assert code == 2
    assert f"{SMALL_CELL_ENV}: small_cell_threshold must be" in err


@pytest.mark.parametrize(
    ("user", "station"),
    [("officer", None), ("privacy", None), ("boss", "POR-01"), ("porto", "LIS-01")],
)
def test_who_may_not_is_refused_audited_and_nothing_written(
    desk: Desk, user: str, station: str | None
) -> None:
    args = ["--year", "2026", "--format", "csv", "--out", str(desk.folder / "x.csv")]
    code, out, err = desk.run(user, *args, *(("--station", station) if station else ()))
    assert (code, out, err.strip()) == (1, "", "Your role does not allow this.")
    assert desk.audited("refused") == [{"call": "StatisticsService.export", "why": "role"}]
    assert desk.exports() == []
    assert desk.audited("stats_export") == []


def test_an_unknown_station_or_year_is_refused(desk: Desk) -> None:
    out = str(desk.folder / "x.csv")
    code, _out, err = desk.run(
        "admin", "--year", "2026", "--station", "NOPE-01", "--format", "csv", "--out", out
    )
    assert (code, err.strip()) == (1, "station: there is no station NOPE-01")
    code, _out, err = desk.run("admin", "--year", "99", "--format", "csv", "--out", out)
    assert (code, err.strip()) == (1, "year: 99 is not a year from 1900 on")
    assert desk.exports() == []


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    year=st.text(max_size=8),
    station=st.text(max_size=12),
    fmt=st.sampled_from(["odihr", "csv", "pdf", ""]),
)
def test_garbage_options_give_no_traceback_and_no_stray_file(
    desk: Desk, year: str, station: str, fmt: str
) -> None:
    out = desk.folder / "garbage.out"
    code, _out, err = desk.run(
        "admin",
        f"--year={year}",
        f"--station={station}",
        f"--format={fmt}",
        f"--out={out}",
        "--force",
    )
    if code == 0:
        assert out.exists()
        out.unlink()
    else:
        assert code in (1, 2)
        assert err.strip()
    assert desk.exports() == []
