"""Individual needs assessment (Art. 22 Dir. 2012/29/EU): a suggested risk level, and why.

The suggestion is a starting point only: the officer sees it with the factors that set it, may
override it, and the case keeps the officer's choice (three levels, with room for judgement, as in
UK hate-crime risk tools).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from app.domain.case import RiskLevel
from app.domain.protocol import Item, ProtocolPack

# Art. 22(4): a child is presumed to have protection needs, so never below this level. The law,
# not a pack's choice; the pack's own factor "minor" may set a higher level.
CHILD_LEVEL = RiskLevel.MEDIUM
CHILD_FACTOR = "minor"  # the pack's factor for a child; counted for a child victim, ticked or not

_ORDER = tuple(RiskLevel)  # low, medium, high


@dataclass(frozen=True)
class RiskSuggestion:
    """The suggested level and what set it.

    ``drivers`` are the pack's factors that set the level, in the pack's order (their ``id`` and
    ``label``): those at the highest level ticked, and, when escalators of different kinds raised
    it, every escalator ticked. Empty when nothing raises the level above low (or when only the
    child rule does and the pack has no "minor" factor). ``raised``: escalators raised the level
    one step. ``child``: the child rule applied.
    """

    level: RiskLevel
    drivers: tuple[Item, ...]
    raised: bool = False
    child: bool = False


def explain_risk(
    pack: ProtocolPack, factor_ids: Iterable[str], *, child: bool = False
) -> RiskSuggestion:
    """Suggest a risk level from the assessment factors ticked, with the factors that set it.

    The rule is written down with the factors in ``resources/protocols/eu-baseline.toml``, and
    its data (each factor's ``level`` and ``escalates``, the pack's ``risk_escalation_kinds``) is
    the pack's, so a force adapts it without code:

    1. The level is the highest ``level`` among the factors ticked (low if none). Factors are not
       added up: many low factors stay low, and no single factor counts twice.
    2. When escalators of at least ``risk_escalation_kinds`` different kinds (reach, harm,
       threat, repeat in the shipped pack) are ticked together, the level rises one step (high
       stays high). An escalator alone, or with others of its own kind, raises nothing: an
       offender who is a neighbour and knows the address is one sign (reach), not two.
    3. A child (``child=True``, or the pack's "minor" factor ticked) is at least medium
       (Art. 22(4)), and the pack's "minor" factor counts as ticked.

    Ids the pack does not know (a retired factor of an old case) are ignored.
    """
    wanted = set(factor_ids)
    child = child or CHILD_FACTOR in wanted
    if child:
        wanted.add(CHILD_FACTOR)
    chosen = [item for item in pack.assessment_factors if item.id in wanted]

    base = max((item.level for item in chosen), key=_ORDER.index, default=RiskLevel.LOW)
    if child:
        base = max(base, CHILD_LEVEL, key=_ORDER.index)
    kinds = {item.escalates for item in chosen if item.escalates}
    raised = base is not RiskLevel.HIGH and len(kinds) >= pack.risk_escalation_kinds
    level = _ORDER[_ORDER.index(base) + 1] if raised else base

    drivers = tuple(
        item
        for item in chosen
        if (base is not RiskLevel.LOW and item.level is base)
        or (child and item.id == CHILD_FACTOR and base is CHILD_LEVEL)
        or (raised and item.escalates)
    )
    return RiskSuggestion(level, drivers, raised, child)


def suggest_risk(
    pack: ProtocolPack, factor_ids: Iterable[str], *, minor: bool = False
) -> RiskLevel:
    """The suggested level alone (see :func:`explain_risk` for the rule)."""
    return explain_risk(pack, factor_ids, child=minor).level


def presumed_protection_needs(child: bool) -> bool | None:
    """Where a new assessment's "protection needs" starts: yes for a child, presumed to have them
    (Art. 22(4)); otherwise not recorded until the officer answers."""
    return True if child else None
