"""Printouts: the referral sheet and the victim-rights leaflet, each against a baseline measured in
the same run: a minimal one-page reportlab document (one line of text, built-in font).

Everything goes through the services, as the screens and the command line do: reading the case,
rendering, writing the audit event. The first render of a process registers the fonts; it is
shown on its own line and left out of the medians.

Usage: python bench/printouts.py [--runs 15]
Targets (README): a referral sheet < 100 ms; the leaflet in all 14 languages < 2 s together.
"""

from __future__ import annotations

import argparse
import io
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from app.documents import DOCUMENT_LANGUAGES
from app.domain.case import CaseQuery
from app.services import open_services
from app.services.audit import Delivery


def minimal_page() -> bytes:
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=A4)
    canvas.drawString(72, 760, "Proximity Desk")
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def median_ms(work: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        services = open_services(f"sqlite:///{Path(folder) / 'bench.sqlite3'}")
        services.demo.fill(60)
        officer = services.accounts.authenticate("officer", "demo")
        reference = next(
            s.reference
            for s in services.cases.list_cases(officer, CaseQuery(), 60)
            if len(services.cases.open_case(officer, s.id, "Bench").record.referrals) == 1
        )
        documents = services.documents
        kept = Delivery("screen", lambda _pdf: None)

        started = time.perf_counter()
        documents.referral_sheet(officer, reference, "en", delivery=kept, reason="Bench")
        first = (time.perf_counter() - started) * 1000
        minimal_page()
        baseline = median_ms(minimal_page, args.runs)
        print(f"first render of the process (fonts registered): {first:.0f} ms")
        print(f"baseline, minimal one-page reportlab document: {baseline:.1f} ms")
        for code in ("en", "bg", "ar"):
            sheet = median_ms(
                lambda c=code: documents.referral_sheet(
                    officer, reference, c, delivery=kept, reason="Bench"
                ),
                args.runs,
            )
            print(
                f"referral sheet ({code}, 3 copies): {sheet:.1f} ms = {sheet / baseline:.1f}x"
                f" baseline  (target < 100 ms: {'met' if sheet < 100 else 'MISSED'})"
            )
        leaflet = median_ms(lambda: documents.leaflet(officer, "en", delivery=kept), args.runs)
        print(f"leaflet (en): {leaflet:.1f} ms = {leaflet / baseline:.1f}x baseline")
        started = time.perf_counter()
        documents.leaflets(officer, DOCUMENT_LANGUAGES, lambda _code: kept)
        every = (time.perf_counter() - started) * 1000
        print(
            f"leaflet in all {len(DOCUMENT_LANGUAGES)} languages: {every:.0f} ms ="
            f" {every / baseline:.0f}x baseline  (target < 2000 ms:"
            f" {'met' if every < 2000 else 'MISSED'})"
        )
        services.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
