"""Sample printouts, for checking by eye: `./dev samples` (docs/samples/make_samples.py).

Over a small demo database, a case with one referral: the personalised rights leaflet, the
referral sheet (three copies), the report to the prosecutor and the consent receipt, plus the
station's standalone leaflet, in English, Bulgarian and Arabic. Each PDF is written beside this
file and each of its pages as a PNG (pdftoppm, 60 dpi).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from app.domain.case import CaseQuery
from app.services import open_services
from app.services.audit import Delivery

OUT = Path(__file__).resolve().parent
LANGUAGES = ("en", "bg", "ar")


def main() -> int:
    if shutil.which("pdftoppm") is None:
        raise SystemExit("pdftoppm is missing: ./dev setup installs poppler-utils")
    for old in [*OUT.glob("*.pdf"), *OUT.glob("*.png")]:
        old.unlink()
    with tempfile.TemporaryDirectory() as folder:
        services = open_services(f"sqlite:///{Path(folder) / 'samples.sqlite3'}")
        services.demo.fill(60)
        officer = services.accounts.authenticate("officer", "demo")
        record = next(
            r
            for r in (
                services.cases.open_case(officer, s.id, "Samples").record
                for s in services.cases.list_cases(officer, CaseQuery(), 60)
            )
            if len(r.referrals) == 1 and r.consents and r.victims()
        )
        documents = services.documents
        person = record.referrals[0].person_key
        reason = "Samples for checking by eye"

        def write(name: str, code: str, make: Callable[[Delivery], object]) -> None:
            path = OUT / f"{name}-{code}.pdf"
            # Shown, as in the preview: a sample goes to nobody, so its case's coordination log
            # stays as the demo made it (a printout sent out adds an entry).
            make(Delivery("screen", path.write_bytes))
            subprocess.run(
                ["pdftoppm", "-png", "-r", "60", str(path), str(path.with_suffix(""))],
                check=True,
            )
            print(f"wrote {path.name} and its pages")

        def samples_in(code: str) -> None:
            ref = record.reference
            write("leaflet-stock", code, lambda d: documents.leaflet(officer, code, delivery=d))
            write(
                "leaflet-case", code,
                lambda d: documents.leaflet(officer, code, ref, delivery=d, reason=reason),
            )  # fmt: skip
            # Every copy in the sample's language, so each can be read by eye in it.
            write(
                "referral", code,
                lambda d: documents.referral_sheet(
                    officer, ref, code, delivery=d, reason=reason, service_language=code,
                    file_language=code,
                ),
            )  # fmt: skip
            write(
                "prosecutor", code,
                lambda d: documents.prosecutor_report(
                    officer, ref, code, delivery=d, reason=reason
                ),
            )  # fmt: skip
            write(
                "consent", code,
                lambda d: documents.consent_receipt(
                    officer, ref, code, person_key=person, delivery=d, reason=reason
                ),
            )  # fmt: skip

        for code in LANGUAGES:
            samples_in(code)
        services.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
