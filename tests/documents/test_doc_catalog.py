"""The printouts' template (translations/documents.pot) matches the code, apart from app.pot."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

from app import paths
from app.documents.extract import document_texts, pack_labels

ROOT = paths.CHECKOUT
TEMPLATE = ROOT / "translations" / "documents.pot"


def ids_of(path: Path) -> set[str]:
    with path.open("rb") as f:
        catalog = read_po(f)
    return {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id}


def template_ids() -> set[str]:
    return ids_of(TEMPLATE)


def extract(tmp_path: Path, config: str, *sources: str) -> set[str]:
    out = tmp_path / "fresh.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "extract", "-F", config,
         "--no-location", "-o", str(out), *sources],
        cwd=ROOT, check=True, capture_output=True,
    )  # fmt: skip
    return ids_of(out)


def test_the_template_holds_exactly_the_texts_of_the_printouts(tmp_path: Path) -> None:
    sources = ("app/documents", "resources/protocols", "resources/training")
    fresh = extract(tmp_path, "babel-documents.cfg", *sources)
    assert fresh == template_ids(), (
        "translations/documents.pot is out of date: see the README, Translations"
    )


def test_the_template_has_the_printouts_texts_and_the_pack_labels_only() -> None:
    ids = template_ids()
    assert "Your rights as a victim" in ids  # a printout's text
    assert "Racist or xenophobic" in ids  # a motive
    assert "Assault or injury" in ids  # an offence type
    assert "Comments, written statements or gestures" in ids  # an indicator
    assert "Emotional support" in ids  # a need
    assert "Aporophobia (against poor people)" in ids  # the Spanish overlay's motives too
    # The screens' texts and the packs' guidance are not the printouts' business.
    assert "&Print…" not in ids
    assert "Treat it as a priority: check for danger and injuries first." not in ids


def test_the_printouts_texts_stay_out_of_the_screens_template(tmp_path: Path) -> None:
    # The screens' extraction (babel.cfg) over the printout modules finds nothing: their texts
    # are marked tr() and D_(), which only babel-documents.cfg reads.
    assert extract(tmp_path, "babel.cfg", "app/documents") == set()


def test_the_extractors_read_tr_and_d_marks_and_the_pick_list_labels() -> None:
    source = b'x = tr("Printed text")\ny = D_("Marked text")\nz = _("Screen text")\ntr(name)\n'
    found = [
        (line, message) for line, _f, message, _c in document_texts(io.BytesIO(source), (), (), {})
    ]
    assert found == [(1, "Printed text"), (2, "Marked text")]
    pack = (paths.protocols() / "eu-baseline.toml").read_bytes()
    labels = {message: line for line, _f, message, _c in pack_labels(io.BytesIO(pack), (), (), {})}
    assert "Racist or xenophobic" in labels
    assert "First response and safety" in labels  # a step title: the training record's
    assert "Treat it as a priority: check for danger and injuries first." not in labels  # guidance
    worked = (paths.training() / "night_bus_push.toml").read_bytes()
    titles = [message for _l, _f, message, _c in pack_labels(io.BytesIO(worked), (), (), {})]
    assert titles == ["A push and a slur on the night bus"]  # the title only, not the situation
    lines = pack.decode().splitlines()
    assert "Racist or xenophobic" in lines[labels["Racist or xenophobic"] - 1]
