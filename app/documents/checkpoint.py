"""The audit checkpoint sheet: the trail's sealed head on paper, signed by a supervisor and filed
away from the workstation, so that a station without a second computer still has a witness. Anyone
can later compare the figures with `proximity-desk audit verify --checkpoint FILE`."""

from __future__ import annotations

import gettext

from app.documents.data import CheckpointSheetData
from app.documents.layout import Printout
from app.documents.text import Words


def grouped(hex_text: str) -> str:
    """Long hexadecimal values in groups of four, two lines, so they can be compared by eye."""
    groups = [hex_text[i : i + 4] for i in range(0, len(hex_text), 4)]
    half = (len(groups) + 1) // 2
    return " ".join(groups[:half]) + "\n" + " ".join(groups[half:])


def render(data: CheckpointSheetData, translations: gettext.NullTranslations, locale: str) -> bytes:
    tr = Words(translations, locale)
    doc = Printout(
        tr,
        title=tr("Audit trail checkpoint"),
        station=data.station.name,
        printed_at=data.printed_at,
        reference="",
        demo=data.demo,
    )
    doc.title(tr("Audit trail checkpoint"), data.station.name)
    doc.text(
        tr(
            "This sheet records the state of the station's audit trail at the moment below. File it"
            " away from the computer. If events are later removed or altered, checking the trail"
            " against these figures shows it."
        )
    )
    doc.fields(
        [
            (tr("Police station"), f"{data.station.name} ({data.station.code})"),
            (tr("Taken on"), tr.when(data.sealed_at)),
            (tr("Taken by"), data.taken_by),
            (tr("Number of events"), str(data.count)),
            (tr("Last event"), str(data.last_id)),
            (tr("Seal of the last event"), grouped(data.last_hash)),
            (tr("Key identifier"), grouped(data.key_id)),
            (tr("Seal of this checkpoint"), grouped(data.mac)),
        ]
    )
    doc.heading(tr("How to check"))
    doc.text(
        tr(
            "Keep the checkpoint file written with this sheet. To check the trail, a supervisor"
            " runs: proximity-desk audit verify --checkpoint FILE. Without the file, compare the"
            " number of events and the seal of the last event above with those the program shows."
        )
    )
    doc.signatures([tr("Supervisor"), tr("Witness")])
    return doc.pdf()
