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
from pathlib import Path

from app.domain.case import CaseQuery
from app.services import open_services

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
                for s in services.cases.list_cases(officer, CaseQuery(), 0, 60)
            )
            if len(r.referrals) == 1 and r.consents and r.victims()
        )
        documents = services.documents
        person = record.referrals[0].person_key
        for code in LANGUAGES:
            pdfs = {
                "leaflet-stock": documents.leaflet(officer, code),
                "leaflet-case": documents.leaflet(officer, code, record.reference),
                "referral": documents.referral_sheet(
                    officer, record.reference, code, office_language=code
                ),
                "prosecutor": documents.prosecutor_report(officer, record.reference, code),
                "consent": documents.consent_receipt(
                    officer, record.reference, code, person_key=person
                ),
            }
            for name, pdf in pdfs.items():
                path = OUT / f"{name}-{code}.pdf"
                path.write_bytes(pdf)
                subprocess.run(
                    ["pdftoppm", "-png", "-r", "60", str(path), str(path.with_suffix(""))],
                    check=True,
                )
                print(f"wrote {path.name} and its pages")
        services.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
