"""A retention run also takes the audit trail's own events past their period (the pack's
`[retention] audit_event` years) by whole years behind a sealed anchor, so that the rest still
verifies; a dry run only counts them, and a trail that does not verify keeps them, said so."""

from __future__ import annotations

from app.services import Services
from tests.helpers import Clock
from tests.services.test_audit import tamper
from tests.services.test_audit_prune import TODAY, years, years_of_events


def test_a_run_removes_the_audit_years_past_their_period(services: Services, clock: Clock) -> None:
    admin = years_of_events(services, clock)["admin"]
    dry = services.retention.run(admin, TODAY.date(), dry_run=True)
    assert dry.audit_before_year == 2016  # the EU baseline keeps audit events 10 years
    assert dry.audit_removal is not None
    assert [year for year, _count in dry.audit_removal.years] == [2012, 2013, 2014]
    assert min(years(services)) == 2012  # a dry run removes nothing
    run = services.retention.run(admin, TODAY.date(), dry_run=False)
    assert run.audit_refusal is None
    assert run.audit_removal is not None
    assert run.audit_removal.count == dry.audit_removal.count
    assert min(years(services)) == 2026
    assert services.audit.verify(admin).intact


def test_a_run_on_a_trail_that_does_not_verify_removes_no_event(
    services: Services, clock: Clock
) -> None:
    admin = years_of_events(services, clock)["admin"]
    tamper(services, "UPDATE audit_events SET reason = 'rewritten' WHERE id = 2")
    run = services.retention.run(admin, TODAY.date(), dry_run=False)
    assert run.audit_removal is None
    assert run.audit_refusal is not None
    assert run.audit_refusal.code == "audit_prune_not_intact"
    assert min(years(services)) == 2012
