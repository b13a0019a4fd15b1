"""The wheel carries resources/ and the compiled catalogs beside `app`, as the data folders
`proximity_desk_resources` and `proximity_desk_translations` that app/paths.py looks for. The
catalogs (.mo) are compiled from the committed .po files at build time, never committed.
Everything else about the package is in pyproject.toml."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent


class BuildWithData(build_py):
    def run(self) -> None:
        super().run()
        if self.editable_mode:  # an editable install runs from the checkout, which has both
            return
        target = Path(self.build_lib)
        resources = target / "proximity_desk_resources"
        shutil.rmtree(resources, ignore_errors=True)
        shutil.copytree(ROOT / "resources", resources)
        translations = target / "proximity_desk_translations"
        shutil.rmtree(translations, ignore_errors=True)
        shutil.copytree(ROOT / "translations", translations, ignore=shutil.ignore_patterns("*.mo"))
        sys.path.insert(0, str(ROOT))
        from app.i18n.build import compile_catalogs  # noqa: PLC0415 - needs ROOT on the path

        compile_catalogs(translations)
        # Only the compiled catalogs are read at run time.
        for source in [*translations.rglob("*.po"), *translations.glob("*.pot")]:
            source.unlink()


setup(cmdclass={"build_py": BuildWithData})
