"""Creates or migrates the database with Alembic, wherever the program is installed.

Alembic itself is imported only when a migration has to run: it costs half a second at start-up.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, text

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# The newest revision in migrations/versions; a test checks that it is Alembic's head.
HEAD = "0021"


def alembic_config(engine: Engine) -> Config:
    from alembic.config import Config  # noqa: PLC0415 - see module docstring

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    # Alembic's options are ConfigParser values: a "%" (a path's non-ASCII letter or space, as
    # the URL encodes it) would be read as interpolation, so it is doubled.
    url = engine.url.render_as_string(hide_password=False).replace("%", "%%")
    config.set_main_option("sqlalchemy.url", url)
    return config


def upgrade(engine: Engine) -> None:
    from alembic import command  # noqa: PLC0415

    config = alembic_config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def ensure_current(engine: Engine) -> None:
    if current_revision(engine) != HEAD:
        upgrade(engine)
