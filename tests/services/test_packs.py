"""Protocol packs as the services use them: the station's setting, and a broken pack refused."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from app import paths
from app.cli import main as cli_main
from app.domain.case import Role
from app.services import Services, open_services
from app.services.errors import BrokenProtocol, PermissionDenied, Refused
from tests.conftest import CHEAP_HASHER


def test_the_station_pack_decides_the_pack_of_new_cases(services: Services) -> None:
    admin = services.accounts.set_up(
        station_code="MAD-01", station_name="Madrid Centro", username="admin",
        full_name="Admin", password="a station passphrase",
    )  # fmt: skip
    services.accounts.add_user(
        admin, username="agente", full_name="Lucía Pérez", role=Role.OFFICER,
        password="a patrol passphrase", station_code="MAD-01",
    )  # fmt: skip
    officer = services.accounts.authenticate("agente", "a patrol passphrase")
    before = services.cases.create_draft(officer)
    services.stations.update_station(admin, "MAD-01", protocol_pack="es-2020")
    after = services.cases.create_draft(officer)
    assert (before.record.protocol_pack, after.record.protocol_pack) == ("eu-baseline", "es-2020")
    assert "aporophobia" in services.cases.station_pack(officer).ids("motives")
    # A case keeps the pack it was handled under.
    assert services.cases.open_case(officer, before.id, "check").record.protocol_pack == (
        "eu-baseline"
    )
    with pytest.raises(PermissionDenied):
        services.stations.update_station(officer, "MAD-01", protocol_pack="eu-baseline")
    with pytest.raises(Refused, match="protocol_pack: must be one of: es-2020, eu-baseline"):
        services.stations.update_station(admin, "MAD-01", protocol_pack="fr-2030")


def broken_packs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "protocols"
    shutil.copytree(paths.protocols(), folder)
    text = (folder / "eu-baseline.toml").read_text(encoding="utf-8")
    (folder / "eu-baseline.toml").write_text(
        text.replace('id = "racist_xenophobic"', 'id = "Racist Xenophobic"'), encoding="utf-8"
    )
    monkeypatch.setattr(paths, "protocols", lambda: folder)
    return folder


def test_a_broken_pack_is_refused_at_start_naming_file_key_and_problem(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken_packs(tmp_path, monkeypatch)
    with pytest.raises(BrokenProtocol) as refused:
        open_services(f"sqlite:///{tmp_path}/x.sqlite3", hasher=CHEAP_HASHER)
    message = str(refused.value)
    assert "eu-baseline.toml" in message
    assert "motives[0].id" in message


def test_the_command_line_reports_a_broken_pack_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    broken_packs(tmp_path, monkeypatch)
    assert cli_main(["--db", f"sqlite:///{tmp_path}/x.sqlite3", "db", "upgrade"]) == 1
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("The protocol pack cannot be used: eu-baseline.toml: motives[0].id")
