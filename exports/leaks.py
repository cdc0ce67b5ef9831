"""The leak check: no anonymous document, export or message leaves the program naming a buyer, company or rep.

It reads the finished output, not what went into it: every text of a .docx (body, tables, headers, footers,
comments, footnotes, charts, document properties, pictures' alt text) read from the file's XML parts, CSV and
JSON text, an e-mail's subject and body, and file names. It looks for every identity the program knows
(``Identities.leaks``, the same matching that hides them) and refuses, naming what it found and where.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Sequence
from xml.etree import ElementTree

from interviewer.reporting.anonymity import Context, Identities
from interviewer.reporting.interview_report import ReportError

PASSED = "passed"
"""What a report says of its leak check when nothing was found."""
NOT_RUN = "not run: the report names buyers on purpose"
"""What a report made with identities says instead."""

_ALT_TEXT = ("descr", "title", "name")
_LOOKS = ("styles", "fontTable", "theme", "numbering", "settings", "webSettings", "stylesWithEffects")
"""Parts that hold only how the document looks."""
"""Attributes of a picture (``wp:docPr``) a reader can see: its description, title and name."""


class LeakError(ReportError):
    """An anonymous output that still names someone; ``str()`` says what and where."""

    def __init__(self, found: Sequence[tuple[str, str]]) -> None:
        self.found = tuple(found)
        shown = "; ".join(f"“{what}” in {where}" for where, what in self.found[:8])
        more = f" and {len(self.found) - 8} more" if len(self.found) > 8 else ""
        super().__init__(f"Not finished: this anonymous output still names {shown}{more}. Nothing was stored or "
                         "sent; reword the text that holds it, or make the report with identities.")


def check(known: Identities, texts: Iterable[tuple[str, str]], contexts: Sequence[Context] = ()) -> None:
    """Raise ``LeakError`` when any ``(where, text)`` names an identity (first names: ``contexts``' people)."""
    found = [(where, what) for where, text in texts for what in known.leaks(text, contexts)]
    if found:
        raise LeakError(list(dict.fromkeys(found)))


def check_document(known: Identities, content: bytes, file_name: str, contexts: Sequence[Context] = ()) -> None:
    """``check`` a finished .docx: every text of its parts, and its file name."""
    check(known, [("the file name", file_name), *docx_texts(content)], contexts)


def docx_texts(content: bytes) -> list[tuple[str, str]]:
    """Every text a reader of the .docx can see, one ``(part, text)`` per XML part, a paragraph a line."""
    texts = []
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        for name in archive.namelist():
            if name.endswith((".xml", ".rels")) and not name.rpartition("/")[2].startswith(_LOOKS):
                text = _xml_text(archive.read(name))
                if text.strip():
                    texts.append((_part(name), text))
    return texts


def _xml_text(data: bytes) -> str:
    """The text of an XML part: a line per paragraph (its runs joined), per other leaf element, per picture's alt
    text and per link to outside the document."""
    lines: list[str] = []
    line: list[str] = []
    for event, element in ElementTree.iterparse(io.BytesIO(data), events=("start", "end")):
        local = element.tag.rpartition("}")[2]
        if event == "start":
            if local == "docPr":
                lines.extend(element.get(attribute) or "" for attribute in _ALT_TEXT)
            elif local == "Relationship" and element.get("TargetMode") == "External":
                lines.append(element.get("Target") or "")
        elif local in ("t", "delText"):
            line.append(element.text or "")
        elif local in ("tab", "br", "cr"):
            line.append(" ")
        elif local == "p":
            lines.append("".join(line))
            line = []
        elif not len(element) and (element.text or "").strip():
            lines.append(element.text or "")
    lines.append("".join(line))
    return "\n".join(text for text in lines if text.strip())


def _part(name: str) -> str:
    """A part's name as a reader knows it: ``word/footer1.xml`` → the footer, ``docProps/core.xml`` → properties."""
    for key, said in (("core", "the document properties"), ("app", "the document properties"),
                      ("header", "a header"), ("footer", "a footer"), ("comments", "the comments"),
                      ("footnotes", "the footnotes"), ("chart", "a chart"), ("document", "the document")):
        if key in name.rpartition("/")[2]:
            return said
    return name
