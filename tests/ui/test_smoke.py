"""--smoke-test: what an installed or frozen build runs to check it has everything it needs."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from app.documents import DOCUMENT_LANGUAGES
from app.main import smoke_test


def test_the_smoke_test_lists_cases_and_renders_every_printout(
    qapp: QApplication, capsys: pytest.CaptureFixture[str]
) -> None:
    assert smoke_test() == 0
    out = capsys.readouterr().out
    assert "the main window listed" in out
    # The leaflet in every document language, then a referral sheet, a report and a receipt.
    assert f"{len(DOCUMENT_LANGUAGES) + 3} printouts rendered" in out
