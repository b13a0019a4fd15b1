"""The Alembic migrations build exactly the schema of the models, both ways, on both engines."""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect, text

from app.storage import migrate
from app.storage.engine import make_engine
from app.storage.tables import Base

ENV_PY = migrate.MIGRATIONS / "env.py"


def load_outside_models() -> Callable[..., bool]:
    """`outside_models` from env.py. Importing env.py would run a migration, so only that
    function is compiled, from the file's own source: the test follows any change to it."""
    module = ast.parse(ENV_PY.read_text(encoding="utf-8"))
    function = next(
        node
        for node in module.body
        if isinstance(node, ast.FunctionDef) and node.name == "outside_models"
    )
    namespace: dict[str, Any] = {}
    exec(compile(ast.Module([function], []), str(ENV_PY), "exec"), namespace)
    found: Callable[..., bool] = namespace["outside_models"]
    return found


outside_models = load_outside_models()


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    built = make_engine(database_url)
    yield built
    built.dispose()


def schema_differences(engine: Engine) -> list[Any]:
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection,
            opts={"include_name": outside_models, "compare_type": True},
        )
        return list(compare_metadata(context, Base.metadata))


def test_the_filter_hides_only_the_hand_made_search_index() -> None:
    for hidden in ("cases_search", "cases_search_data", "ix_cases_search_text_trgm"):
        assert not outside_models(hidden, "table", {})
    for kept in ("cases", "ix_cases_status", "audit_events", None):
        assert outside_models(kept, "table", {})


def test_the_migrated_schema_matches_the_models(engine: Engine) -> None:
    assert schema_differences(engine) == []


def test_the_migrated_schema_has_the_search_index(engine: Engine) -> None:
    inspector = inspect(engine)
    if engine.dialect.name == "sqlite":
        assert "cases_search" in inspector.get_table_names()
    else:
        assert "ix_cases_search_text_trgm" in {i["name"] for i in inspector.get_indexes("cases")}


def test_head_is_alembics_head(engine: Engine) -> None:
    script = ScriptDirectory.from_config(migrate.alembic_config(engine))
    assert script.get_current_head() == migrate.HEAD
    assert migrate.current_revision(engine) == migrate.HEAD


def run_alembic(engine: Engine, action: Callable[..., None], revision: str) -> None:
    config = migrate.alembic_config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        action(config, revision)


def test_downgrade_to_base_and_upgrade_again(engine: Engine) -> None:
    try:
        run_alembic(engine, command.downgrade, "base")
        names = set(inspect(engine).get_table_names())
        assert names & set(Base.metadata.tables) == set()
        assert not any(name.startswith("cases_search") for name in names)
        assert migrate.current_revision(engine) is None
    finally:  # other tests share the PostgreSQL database: leave it migrated
        run_alembic(engine, command.upgrade, "head")
    assert migrate.current_revision(engine) == migrate.HEAD
    assert schema_differences(engine) == []


def test_ensure_current_creates_every_table_in_an_empty_file(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'new.sqlite3'}")
    try:
        assert migrate.current_revision(engine) is None
        migrate.ensure_current(engine)
        assert set(Base.metadata.tables) <= set(inspect(engine).get_table_names())
        assert migrate.current_revision(engine) == migrate.HEAD
        assert schema_differences(engine) == []
        migrate.ensure_current(engine)  # a second call finds it current and changes nothing
        with engine.connect() as connection:
            versions = connection.execute(text("SELECT version_num FROM alembic_version")).all()
        assert versions == [(migrate.HEAD,)]
    finally:
        engine.dispose()
