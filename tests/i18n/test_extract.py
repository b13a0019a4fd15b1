"""The protocol packs' and the bundled worked cases' texts reach the translators' template like
the screens' texts."""

from __future__ import annotations

import io
import tomllib

from app import paths
from app.domain.protocol import available_packs, load_pack
from app.domain.training_cases import parse_worked_case
from app.i18n.extract import extract_protocol_pack


def test_every_title_label_description_and_guidance_line_is_extracted() -> None:
    path = paths.protocols() / "eu-baseline.toml"
    found = {
        message: line
        for line, _function, message, _comments in extract_protocol_pack(
            io.BytesIO(path.read_bytes()), None, None, None
        )
    }
    pack = load_pack(path)
    expected = {pack.name}
    for step in pack.steps:
        expected |= {step.title, *step.guidance}
    for kind in ("indicators", "motives", "offence_types", "classifications", "place_types"):
        for item in getattr(pack, kind):
            expected |= {item.label, item.description} - {""}
    assert expected <= set(found)
    assert "eu-baseline" not in found  # ids are not texts
    text = path.read_text(encoding="utf-8").splitlines()
    assert "Racist or xenophobic" in text[found["Racist or xenophobic"] - 1]


def test_a_worked_cases_texts_are_extracted_and_names_and_ids_are_not() -> None:
    for path in sorted(paths.training().glob("*.toml")):
        found = {
            message
            for _line, _function, message, _comments in extract_protocol_pack(
                io.BytesIO(path.read_bytes()), None, None, None
            )
        }
        worked = parse_worked_case(
            tomllib.loads(path.read_text(encoding="utf-8")),
            available_packs(paths.protocols()),
            file=path.name,
        )
        expected = {worked.title, worked.situation, *worked.explanations.values()}
        for person in worked.people:
            expected |= {person.says, person.description} - {""}
        assert found == expected, path.name
        assert not {p.name for p in worked.people} & found
