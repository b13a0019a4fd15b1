"""An unexpected error's report names where it happened, never what its message said."""

from __future__ import annotations

import sys

from app.main import crash_report


def refuse(value: str) -> None:
    raise ValueError(f"cannot use {value!r}")  # a message quoting case data


def test_the_report_leaves_the_message_out() -> None:
    typed = "Amina Haddad, Rua do Benformoso 12"  # what an officer typed
    try:
        refuse(typed)
    except ValueError:
        kind, _error, trace = sys.exc_info()
    assert kind is not None
    report = crash_report(kind, trace)
    assert report.startswith("Unexpected error: builtins.ValueError")
    assert "in refuse" in report  # where it happened
    assert "Amina" not in report
    assert "Benformoso" not in report
