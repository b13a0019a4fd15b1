"""Individual needs assessment (Art. 22 Dir. 2012/29/EU): a suggested risk level.

The suggestion is a starting point only: the officer sees it, may override it, and the case keeps
the officer's choice (three levels, with room for judgement, as in UK hate-crime risk tools).
"""

from __future__ import annotations

from collections.abc import Iterable

from app.domain.case import RiskLevel
from app.domain.protocol import ProtocolPack

# Sum of factor weights: up to LOW_MAX is low, up to MEDIUM_MAX medium, above that high.
LOW_MAX = 3
MEDIUM_MAX = 7

# Combinations of factors that make the risk high whatever the sum: an offender who knows where
# the victim lives and has threatened retaliation can act on it.
FORCE_HIGH: tuple[frozenset[str], ...] = (
    frozenset({"offender_knows_address", "retaliation_threats"}),
)


def suggest_risk(
    pack: ProtocolPack, factor_ids: Iterable[str], *, minor: bool = False
) -> RiskLevel:
    """Suggest a risk level from the assessment factors the officer ticked.

    - The weights (0..5, from the pack) of the chosen factors are summed; ids the pack does not
      know are ignored and each factor counts once.
    - Sum 0-3: low; 4-7: medium; 8 or more: high.
    - A child (``minor=True`` or the ``minor`` factor ticked) is never below medium: Art. 22(4)
      presumes children have protection needs.
    - A combination in ``FORCE_HIGH`` (the offender knows the victim's address and has made
      retaliation threats) gives high whatever the sum.

    These thresholds are a starting point; the officer can override the suggestion.
    """
    weights = {item.id: item.weight for item in pack.assessment_factors}
    chosen = {factor for factor in factor_ids if factor in weights}
    if any(combination <= chosen for combination in FORCE_HIGH):
        return RiskLevel.HIGH
    total = sum(weights[factor] for factor in chosen)
    if total > MEDIUM_MAX:
        return RiskLevel.HIGH
    if total > LOW_MAX or minor or "minor" in chosen:
        return RiskLevel.MEDIUM
    return RiskLevel.LOW
