"""The suggested risk level: thresholds, the child rule and the forced-high combination."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from app.domain.assessment import RiskLevel, suggest_risk
from app.domain.protocol import Item, ProtocolPack, load_pack

PROTOCOLS = Path(__file__).resolve().parents[2] / "resources" / "protocols"


@pytest.fixture(scope="module")
def eu() -> ProtocolPack:
    return load_pack(PROTOCOLS / "eu-baseline.toml")


@pytest.fixture(scope="module")
def weighted(eu: ProtocolPack) -> ProtocolPack:
    """The EU pack with factors whose weights make the sums easy to read: w1 .. w5, zero."""
    factors = tuple(Item(f"w{n}", f"Weight {n}", group="crime", weight=n) for n in range(1, 6))
    extra = (
        Item("zero", "Weight 0", group="personal"),
        Item("minor", "Child", group="personal", weight=0),
        Item("offender_knows_address", "Knows address", group="circumstances", weight=0),
        Item("retaliation_threats", "Threats", group="circumstances", weight=0),
    )
    return replace(eu, assessment_factors=factors + extra)


@pytest.mark.parametrize(
    ("factors", "expected"),
    [
        ([], RiskLevel.LOW),
        (["zero"], RiskLevel.LOW),
        (["w3"], RiskLevel.LOW),
        (["w1", "w2"], RiskLevel.LOW),
        (["w4"], RiskLevel.MEDIUM),
        (["w1", "w3"], RiskLevel.MEDIUM),
        (["w3", "w4"], RiskLevel.MEDIUM),
        (["w3", "w5"], RiskLevel.HIGH),
        (["w1", "w2", "w3", "w4", "w5"], RiskLevel.HIGH),
    ],
)
def test_thresholds(weighted: ProtocolPack, factors: list[str], expected: RiskLevel) -> None:
    # 0-3 low, 4-7 medium, 8+ high
    assert suggest_risk(weighted, factors) is expected


def test_unknown_and_repeated_factors_are_ignored(weighted: ProtocolPack) -> None:
    assert suggest_risk(weighted, ["w3", "retired_factor", "w3", "w3"]) is RiskLevel.LOW
    assert suggest_risk(weighted, iter(["w2", "w2", "w2", "w2"])) is RiskLevel.LOW


def test_a_child_is_never_below_medium(weighted: ProtocolPack) -> None:
    assert suggest_risk(weighted, [], minor=True) is RiskLevel.MEDIUM
    assert suggest_risk(weighted, ["minor"]) is RiskLevel.MEDIUM
    assert suggest_risk(weighted, ["w5", "w3"], minor=True) is RiskLevel.HIGH


def test_address_known_with_retaliation_threats_forces_high(weighted: ProtocolPack) -> None:
    assert suggest_risk(weighted, ["offender_knows_address"]) is RiskLevel.LOW
    assert suggest_risk(weighted, ["retaliation_threats"]) is RiskLevel.LOW
    both = ["offender_knows_address", "retaliation_threats"]
    assert suggest_risk(weighted, both) is RiskLevel.HIGH


def test_forced_high_needs_factors_the_pack_knows(eu: ProtocolPack) -> None:
    without = replace(
        eu,
        assessment_factors=tuple(
            item for item in eu.assessment_factors if item.id != "retaliation_threats"
        ),
    )
    assert suggest_risk(without, ["offender_knows_address", "retaliation_threats"]) is (
        RiskLevel.LOW
    )


def test_with_the_shipped_weights(eu: ProtocolPack) -> None:
    assert suggest_risk(eu, ["bias_motive"]) is RiskLevel.LOW
    assert suggest_risk(eu, ["bias_motive", "severe_violence"]) is RiskLevel.MEDIUM
    assert suggest_risk(eu, ["bias_motive", "sexual_violence", "high_fear"]) is RiskLevel.HIGH
    assert suggest_risk(eu, ["offender_knows_address", "retaliation_threats"]) is RiskLevel.HIGH


def test_risk_level_values_are_stable() -> None:
    assert [level.value for level in RiskLevel] == ["low", "medium", "high"]
    assert RiskLevel("medium") is RiskLevel.MEDIUM
