"""Compiles the gettext catalogs (.po -> .mo) of both domains, screens and printouts. The install
(`./dev setup`) and the package build (packaging/proximity-desk.spec) call it; the compiled files
are never committed. Run by hand: `python -m app.i18n.build`."""

from __future__ import annotations

import sys
from pathlib import Path

from app import paths

DOMAINS = ("app", "documents")


def compile_catalogs(folder: Path | None = None) -> list[Path]:
    """Writes a .mo beside each .po (fuzzy entries left out, as gettext tools do); returns them."""
    from babel.messages.mofile import write_mo  # noqa: PLC0415 - only when building
    from babel.messages.pofile import read_po  # noqa: PLC0415

    folder = folder or paths.translations()
    written = []
    for po in sorted(folder.glob("*/LC_MESSAGES/*.po")):
        if po.stem not in DOMAINS:
            continue
        with po.open("rb") as source:
            catalog = read_po(source, locale=po.parent.parent.name, domain=po.stem)
        mo = po.with_suffix(".mo")
        with mo.open("wb") as target:
            write_mo(target, catalog)
        written.append(mo)
    return written


if __name__ == "__main__":
    compiled = compile_catalogs()
    print(f"compiled {len(compiled)} catalogs", file=sys.stderr)
