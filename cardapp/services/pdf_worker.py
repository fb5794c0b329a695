"""Turns HTML on standard input into a PDF on standard output with WeasyPrint: run as its own process.

`card_sheets.pdf_from_html` starts it (`python pdf_worker.py STYLESHEET...`), so that laying out
pages, which takes seconds of CPU, never holds up the server's event loop. It imports nothing from
cardapp and fetches nothing: the document's own links and images are refused, and the fonts come
from the system (fontconfig), embedded in the PDF. It lowers its own CPU priority first: a render may
take up to two minutes of a core, and live workshops on the same server must keep theirs.
"""

from __future__ import annotations

import os
import sys
from typing import NoReturn

# Added to the process's niceness (0 to 19; 19 is the lowest priority the kernel gives).
NICENESS = 10


def _refuse(url: str, *args: object, **kwargs: object) -> NoReturn:
    raise ValueError(f"printable cards load nothing: {url[:80]}")


def main(stylesheet_paths: list[str]) -> int:
    """Read HTML from stdin, write the PDF to stdout; exit 1 with a line on stderr when it fails."""
    os.nice(NICENESS)  # before anything costly, WeasyPrint's import included
    from weasyprint import CSS, HTML

    html = sys.stdin.buffer.read().decode("utf-8")
    stylesheets = [CSS(filename=path, url_fetcher=_refuse) for path in stylesheet_paths]
    pdf = HTML(string=html, url_fetcher=_refuse).write_pdf(stylesheets=stylesheets)
    if pdf is None:
        print("weasyprint returned no PDF", file=sys.stderr)
        return 1
    sys.stdout.buffer.write(pdf)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
