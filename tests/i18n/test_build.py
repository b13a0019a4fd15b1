"""The catalogs compile to .mo files that gettext reads."""

from __future__ import annotations

import gettext
import shutil
from pathlib import Path

from app.i18n.build import compile_catalogs
from app.paths import translations


def test_every_catalog_compiles_to_one_gettext_reads(tmp_path: Path) -> None:
    shutil.copytree(
        translations(), tmp_path, dirs_exist_ok=True, ignore=shutil.ignore_patterns("*.mo")
    )
    written = compile_catalogs(tmp_path)
    assert {mo.parent.parent.name for mo in written if mo.stem == "app"} >= {
        "es", "pt", "fi", "lv", "et", "bg", "it",
    }  # fmt: skip
    finnish = gettext.translation("app", tmp_path, languages=["fi"])
    assert finnish.gettext("&Language") == "&Kieli"
    assert finnish.ngettext("{n} case", "{n} cases", 2) != "{n} cases"
