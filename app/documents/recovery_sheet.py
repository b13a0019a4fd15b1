"""The recovery sheet of an encrypted database: its key on paper, printed once by the administrator,
signed, sealed in an envelope and kept away from the computer. With it, the database can be opened
on a new computer (`proximity-desk db restore-key --from-sheet`); without it and without the
computer's key store, the data are gone."""

from __future__ import annotations

import gettext
from dataclasses import dataclass
from datetime import datetime

from app.documents.layout import Printout
from app.documents.text import Words
from app.domain.marks import DatabaseMark


@dataclass(frozen=True)
class RecoverySheetData:
    station_name: str
    station_code: str
    database: str  # the file's full path on the computer it was printed on
    key_id: str
    lines: tuple[tuple[str, str], ...]  # the key in groups of four, and each line's check letters
    printed_at: datetime
    demo: DatabaseMark


def render(data: RecoverySheetData, translations: gettext.NullTranslations, locale: str) -> bytes:
    tr = Words(translations, locale)
    title = tr("Database recovery sheet")
    doc = Printout(
        tr, title=title, station=data.station_name, printed_at=data.printed_at, reference="",
        demo=data.demo,
    )  # fmt: skip
    doc.title(title, data.station_name)
    doc.notice(
        tr(
            "Secret. Whoever has this key can read every case of the station. Keep the sheet"
            " sealed, away from the computer."
        )
    )
    doc.fields(
        [
            (tr("Police station"), f"{data.station_name} ({data.station_code})"),
            (tr("Database file"), data.database),
            (tr("Key identifier"), data.key_id),
            (tr("Taken on"), tr.when(data.printed_at)),
        ]
    )
    doc.heading(tr("Database key"))
    # Digits are written left to right in every language (the grid keeps their order).
    doc.grid(
        ["", tr("Key"), tr("Check")],
        [(str(number), line, check) for number, (line, check) in enumerate(data.lines, 1)],
        [0.08, 0.72, 0.20],
    )
    doc.heading(tr("How to restore"))
    doc.text(
        tr(
            "On the new computer, copy the database file, then run: proximity-desk db restore-key"
            " --from-sheet, and type each line with its check letters. Without this key the"
            " database cannot be opened, and backups of it neither."
        )
    )
    doc.signatures([tr("Sealed by"), tr("Witness")])
    return doc.pdf()
