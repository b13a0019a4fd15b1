"""Alembic environment: runs on the connection (or URL) the app hands it."""

from alembic import context

from app.storage.engine import make_engine
from app.storage.tables import Base

config = context.config
target_metadata = Base.metadata


def run() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        migrate(connection)
        return
    engine = make_engine(config.get_main_option("sqlalchemy.url") or "")
    with engine.connect() as connection:
        migrate(connection)


def outside_models(name, type_, _parent_names) -> bool:  # type: ignore[no-untyped-def]
    """The search index (FTS5 tables, trigram index) is made by hand in the migration."""
    return not (name or "").startswith(("cases_search", "ix_cases_search_text_trgm"))


def migrate(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        include_name=outside_models,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run()
