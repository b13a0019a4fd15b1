"""A PostgreSQL server out of reach is said in seconds: libpq's timeouts are set on every engine
(app.storage.engine.PG_NETWORK_TIMEOUTS), so the wizard turns to its draft journal quickly."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import Engine, event

from app.storage.engine import make_engine


class _Stop(Exception):
    pass


def _connect_parameters(engine: Engine) -> dict[str, Any]:
    """What the driver would be called with, caught before any connection is tried."""
    seen: dict[str, Any] = {}

    @event.listens_for(engine, "do_connect")
    def capture(_dialect: Any, _record: Any, _args: Any, parameters: dict[str, Any]) -> None:
        seen.update(parameters)
        raise _Stop

    with pytest.raises(_Stop):
        engine.connect()
    engine.dispose()
    return seen


def test_a_postgresql_engine_gives_up_on_a_lost_network_in_seconds() -> None:
    parameters = _connect_parameters(make_engine("postgresql://app@192.0.2.1:5432/nowhere"))
    assert parameters["connect_timeout"] == 5
    assert parameters["tcp_user_timeout"] == 10_000
    assert parameters["keepalives"] == 1
    assert "lock_timeout" in parameters["options"]  # the existing option is kept beside them


def test_a_timeout_given_by_the_caller_is_kept() -> None:
    engine = make_engine("postgresql://app@192.0.2.1/x", connect_args={"connect_timeout": 2})
    assert _connect_parameters(engine)["connect_timeout"] == 2
