"""--smoke-test: what an installed or frozen build runs to check it has everything it needs."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from app.documents import DOCUMENT_LANGUAGES
from app.main import smoke_test


def test_the_smoke_test_lists_cases_and_renders_every_printout(
    qapp: QApplication, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert smoke_test(tmp_path / "out") == 0
    out = capsys.readouterr().out
    assert "the main window listed" in out
    # The leaflet in every document language, then a referral sheet, a report and a receipt.
    assert f"{len(DOCUMENT_LANGUAGES) + 3} printouts rendered" in out
    # The Finnish leaflet is kept where it says, in Finnish (the documents catalog was found).
    leaflet = tmp_path / "out" / "leaflet-fi.pdf"
    assert f"the Finnish leaflet is {leaflet}" in out
    text = subprocess.run(
        ["pdftotext", str(leaflet), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Oikeutesi rikoksen uhrina" in text
