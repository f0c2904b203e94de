"""The home page's link to the book's PDF, present only in builds that make the PDF
(`make pdf`: build.py --pdf sets GDBOOK_PDF=1), so that no build links a file it lacks.

MkDocs checks every link as it renders a page, before the PDF exists (docs/scripts/pdf.py
prints it from the built pages). So a PDF build lists the file as generated, with an empty
placeholder that pdf.py then writes over; any other build drops the home page's paragraph
that links it.
"""

from __future__ import annotations

import os

from mkdocs.structure.files import File

from book import pdf_name


def _makes_pdf() -> bool:
    return os.environ.get("GDBOOK_PDF") == "1"


def on_files(files, config):
    if _makes_pdf():
        files.append(File.generated(config, pdf_name(config.theme["language"]), content=b""))
    return files


def on_page_markdown(markdown, page, config, files):
    if _makes_pdf() or page.file.src_uri != "index.md":
        return markdown
    link = f"]({pdf_name(config.theme["language"])})"
    return "\n\n".join(paragraph for paragraph in markdown.split("\n\n") if link not in paragraph)
