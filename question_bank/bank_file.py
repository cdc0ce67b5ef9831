"""Question bank files: read, check and write the YAML and JSON form of a bank (no Qt).

The format is documented in docs/question-bank.md. Reading checks the whole file
and reports every problem with its location and line; writing produces a file
that reads back into an equal :class:`BankFile`.
"""

from __future__ import annotations

import bisect
import codecs
import difflib
import json
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from interviewer.enums import Outcome, Phase, Team, Vocabulary
from interviewer.files import write_atomically
from question_bank.spec import (
    INTERVIEW_OUTCOMES,
    KEY_PATTERN,
    MAX_PRIORITY,
    MAX_PROBE,
    MAX_PROBES,
    MAX_PURPOSE,
    MAX_SECONDS,
    MAX_TAG,
    MAX_TEXT,
    MIN_PRIORITY,
    MIN_SECONDS,
    PLACEHOLDERS,
    QuestionSpec,
)

FORMAT_NAME = "winloss-question-bank"
FORMAT_VERSION = 1
SUPPORTED_VERSIONS: tuple[int, ...] = (1,)
DOCS_PATH = "docs/question-bank.md"
DEFAULT_BANK_FILE = "default_bank.yaml"

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_QUESTIONS = 5000
MAX_NAME = 200
MAX_DESCRIPTION = 2000
MAX_DEPTH = 20
"""How deeply lists and mappings may nest; a valid bank needs four levels."""

TOP_FIELDS: tuple[str, ...] = ("format", "version", "name", "description", "questions")
QUESTION_FIELDS: tuple[str, ...] = (
    "key", "text", "phase", "outcomes", "seconds", "priority",
    "purpose", "probes", "teams", "tags", "required", "active",
)
REQUIRED_FIELDS: tuple[str, ...] = ("key", "text", "phase", "outcomes")

_SUFFIXES = {".yaml": "yaml", ".yml": "yaml", ".json": "json"}
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_FORBIDDEN_CATEGORIES = frozenset({"Cc", "Cs", "Zl", "Zp"})
_HEADER = (
    "# Win-Loss Studio question bank.\n"
    f"# Every field, its limits and how importing merges are described in {DOCS_PATH}.\n"
)


# --------------------------------------------------------------------------- problems


@dataclass(frozen=True)
class BankProblem:
    """One thing wrong with a bank file: where it is and what is allowed instead."""

    location: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"line {self.line}, {self.location}" if self.line else self.location
        return f"{where}: {self.message}"


class BankFileError(ValueError):
    """A bank file that cannot be used; ``problems`` holds every problem found, in file order."""

    def __init__(self, problems: Sequence[BankProblem], source: str = "") -> None:
        self.problems: list[BankProblem] = list(problems)
        self.source = source
        super().__init__(_summary(self.problems, source))


def _summary(problems: Sequence[BankProblem], source: str, shown: int = 3) -> str:
    name = Path(source).name if source else "The bank file"
    count = len(problems)
    head = f"{name} has {count} problem{'s' if count != 1 else ''}: "
    text = head + "; ".join(str(p) for p in problems[:shown])
    return text + (f"; and {count - shown} more" if count > shown else "")


class _Report:
    """The problems found so far."""

    def __init__(self) -> None:
        self.problems: list[BankProblem] = []

    def add(self, location: str, message: str, line: int | None = None) -> None:
        self.problems.append(BankProblem(location, message, line))

    def __bool__(self) -> bool:
        return bool(self.problems)

    def raise_if_any(self, source: str) -> None:
        if self.problems:
            problems = sorted(self.problems, key=lambda p: p.line or 0)
            raise BankFileError(problems, source)


# --------------------------------------------------------------------------- the bank


@dataclass(frozen=True)
class BankFile:
    """The content of a bank file: its name, a description and its questions in file order."""

    name: str
    description: str
    questions: tuple[QuestionSpec, ...] = field(default=())


# --------------------------------------------------------------------------- reading


def read_bank(data: bytes | str, *, fmt: str | None = None, source: str = "") -> BankFile:
    """Read and check a bank file's content; raise :class:`BankFileError` listing every problem.

    ``fmt`` is "yaml" or "json"; None sniffs (JSON when the text starts with '{').
    ``source`` names the file in messages, and its stem names a bank that has no name.
    """
    fmt = _normal_format(fmt)
    text = _decode(data, source)
    fmt = fmt or _sniff(text)
    report = _Report()
    root = _compose_json(text, report) if fmt == "json" else _compose_yaml(text, report)
    if root is None:  # unreadable: the parser's problem says why
        report.raise_if_any(source)
    bank = _check_bank(root, report, source)
    report.raise_if_any(source)
    assert bank is not None
    return bank


def read_bank_file(path: Path) -> BankFile:
    """Read and check the bank file at ``path``; the format comes from the suffix, else it is sniffed."""
    path = Path(path)
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        problem = BankProblem("file", f"cannot be read: {error.strerror or error}")
        raise BankFileError([problem], str(path)) from error
    return read_bank(data, fmt=_SUFFIXES.get(path.suffix.lower()), source=str(path))


def default_bank() -> BankFile:
    """The bank that ships with the application (question_bank/default_bank.yaml)."""
    data = resources.files("question_bank").joinpath(DEFAULT_BANK_FILE).read_bytes()
    return read_bank(data, fmt="yaml", source=DEFAULT_BANK_FILE)


def _normal_format(fmt: str | None) -> str | None:
    if fmt is None:
        return None
    wanted = fmt.strip().lower().lstrip(".")
    if wanted in ("yaml", "yml"):
        return "yaml"
    if wanted == "json":
        return "json"
    raise ValueError(f"unknown bank file format {fmt!r}; use 'yaml' or 'json'")


def _sniff(text: str) -> str:
    return "json" if text.lstrip().startswith("{") else "yaml"


def _file_problem(message: str, source: str, line: int | None = None) -> BankFileError:
    return BankFileError([BankProblem("file", message, line)], source)


def _too_large(size: int, source: str) -> BankFileError:
    limit = f"{MAX_FILE_BYTES:,} bytes ({MAX_FILE_BYTES // (1024 * 1024)} MB)"
    return _file_problem(f"is {size:,} bytes; a bank file may be at most {limit}", source)


def _decode(data: bytes | str, source: str) -> str:
    """The text of ``data``: UTF-8 with or without BOM, or UTF-16 with BOM."""
    size = len(data) if isinstance(data, bytes) else _utf8_size(data, source)
    if size > MAX_FILE_BYTES:
        raise _too_large(size, source)
    text = data.removeprefix("\ufeff") if isinstance(data, str) else _decode_bytes(data, source)
    if "\x00" in text:
        raise _file_problem(
            "holds NUL characters: save it as UTF-8 text (UTF-16 needs a byte order mark)", source,
            text.count("\n", 0, text.index("\x00")) + 1,
        )
    return text


def _utf8_size(text: str, source: str) -> int:
    if len(text) > MAX_FILE_BYTES:
        return len(text)  # too large anyway
    try:
        return len(text.encode("utf-8"))
    except UnicodeEncodeError as error:
        line = text.count("\n", 0, error.start) + 1
        message = f"holds U+{ord(text[error.start]):04X}, half of a surrogate pair, which is not text"
        raise _file_problem(message, source, line) from None


def _decode_bytes(data: bytes, source: str) -> str:
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                          (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            body = data[len(bom):]
            break
    else:
        bom, encoding, body = b"", "utf-8", data
    try:
        return body.decode(encoding)
    except UnicodeDecodeError as error:
        offset = len(bom) + error.start
        line = data[:offset].count(b"\n") + 1 if encoding == "utf-8" else None
        name = "UTF-8" if encoding == "utf-8" else "UTF-16"
        message = (f"is not valid {name} text: byte 0x{body[error.start]:02x} at offset {offset} "
                   f"cannot be decoded ({error.reason}); save the file as UTF-8")
        raise _file_problem(message, source, line) from None


# --------------------------------------------------------------------------- the parsed tree


@dataclass(slots=True)
class _Node:
    """A parsed value and the line it starts on: a scalar, a list of nodes or a dict of nodes."""

    value: Any
    line: int | None


def _join(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return key if path == "file" else f"{path}.{key}"


def _put(mapping: _Node, key: Any, key_line: int | None, value: _Node, path: str, report: _Report) -> None:
    """Add one field to a mapping node, reporting names that are not text and names given twice."""
    if not isinstance(key, str):
        report.add(path, f"the field name {_describe(key)} is not text; field names are words such as 'key'", key_line)
        return
    fields = mapping.value
    if key in fields:
        first = fields[key].line
        report.add(_join(path, key), f"is given twice in the same mapping (lines {first} and {key_line}); keep one",
                   key_line)
        return
    fields[key] = value


def _plain_node(value: Any) -> _Node:
    """A tree of nodes without lines, for checking data that did not come from a file."""
    if isinstance(value, dict):
        return _Node({k: _plain_node(v) for k, v in value.items()}, None)
    if isinstance(value, list):
        return _Node([_plain_node(v) for v in value], None)
    return _Node(value, None)


# --------------------------------------------------------------------------- YAML


_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_RESOLVER = yaml.resolver.Resolver()
_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = frozenset(_TAG + name for name in ("str", "int", "float", "bool", "null"))
_IMPLICIT_TAGS = _SCALAR_TAGS | {_TAG + "timestamp"}


@dataclass(slots=True)
class _Frame:
    node: _Node
    path: str
    key: _Node | None = None


class _YamlComposer:
    """Builds a node tree from YAML events: plain data only, no aliases, no tags beyond the core ones."""

    def __init__(self, report: _Report) -> None:
        self.report = report
        self.constructor = yaml.constructor.SafeConstructor()
        self.stack: list[_Frame] = []
        self.root: _Node | None = None
        self.aliases = 0

    def compose(self, events: Iterable[yaml.Event]) -> _Node | None:
        documents = 0
        for event in events:
            line = event.start_mark.line + 1
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    self.report.add("file", "holds more than one YAML document ('---'); a bank file is one", line)
                    return None
            elif isinstance(event, yaml.AliasEvent):
                self.aliases += 1
                self.report.add(self._child_path(), f"uses the alias *{event.anchor}; aliases are not allowed in "
                                "a bank file, write the value out", line)
                self._attach(_Node(None, line))
            elif isinstance(event, yaml.ScalarEvent):
                self._attach(self._scalar(event, line))
            elif isinstance(event, yaml.CollectionStartEvent):
                if not self._open(event, line):
                    return None
            elif isinstance(event, yaml.CollectionEndEvent):
                self._attach(self.stack.pop().node)
        return None if self.aliases else self.root

    def _child_path(self) -> str:
        if not self.stack:
            return "file"
        frame = self.stack[-1]
        if isinstance(frame.node.value, list):
            return _join(frame.path, len(frame.node.value))
        if frame.key is None:
            return frame.path
        return _join(frame.path, frame.key.value if isinstance(frame.key.value, str) else "?")

    def _open(self, event: yaml.CollectionStartEvent, line: int) -> bool:
        path = self._child_path()
        if len(self.stack) >= MAX_DEPTH:
            self.report.add(path, f"nests lists and mappings more than {MAX_DEPTH} levels deep", line)
            return False
        mapping = isinstance(event, yaml.MappingStartEvent)
        if event.tag not in (None, "!", _TAG + ("map" if mapping else "seq")):
            self.report.add(path, f"has the YAML tag {event.tag}; a bank file holds plain data only", line)
        self.stack.append(_Frame(_Node({} if mapping else [], line), path))
        return True

    def _scalar(self, event: yaml.ScalarEvent, line: int) -> _Node:
        tag = event.tag
        if tag in (None, "!"):
            tag = _RESOLVER.resolve(yaml.ScalarNode, event.value, event.implicit)
            tag = tag if tag in _IMPLICIT_TAGS else _TAG + "str"
        elif tag not in _SCALAR_TAGS:
            self.report.add(self._child_path(), f"has the YAML tag {tag}; a bank file holds plain data only", line)
            return _Node(event.value, line)
        node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
        try:
            return _Node(self.constructor.yaml_constructors[tag](self.constructor, node), line)
        except (ValueError, yaml.YAMLError):
            self.report.add(self._child_path(), f"{_shorten(event.value)!r} cannot be read as {tag[len(_TAG):]}",
                            line)
            return _Node(event.value, line)

    def _attach(self, node: _Node) -> None:
        if not self.stack:
            self.root = node
            return
        frame = self.stack[-1]
        if isinstance(frame.node.value, list):
            frame.node.value.append(node)
        elif frame.key is None:
            frame.key = node
        else:
            key, frame.key = frame.key, None
            _put(frame.node, key.value, key.line, node, frame.path, self.report)


def _compose_yaml(text: str, report: _Report) -> _Node | None:
    """The node tree of a YAML text; syntax errors become one problem with line and column."""
    try:
        root = _YamlComposer(report).compose(yaml.parse(text, Loader=_YAML_LOADER))
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = error.problem or error.context or "unreadable"
        where = f" at column {mark.column + 1}" if mark else ""
        context = f" ({error.context})" if error.context and error.problem else ""
        report.add("file", f"is not valid YAML{where}: {problem}{context}", mark.line + 1 if mark else None)
        return None
    except yaml.reader.ReaderError as error:
        report.add("file", f"is not valid YAML: {error.reason} (character U+{error.character:04X})"
                   if isinstance(error.character, int) else f"is not valid YAML: {error.reason}",
                   _reader_error_line(text, error.position))
        return None
    except yaml.YAMLError as error:
        report.add("file", f"is not valid YAML: {error}")
        return None
    if root is None and not report:
        report.add("file", f"is empty; a bank file starts with 'format: {FORMAT_NAME}'", 1)
    return root


def _reader_error_line(text: str, position: int) -> int:
    if _YAML_LOADER is yaml.SafeLoader:
        return text.count("\n", 0, position) + 1
    return text.encode("utf-8", "surrogatepass")[:position].count(b"\n") + 1  # libyaml counts bytes


# --------------------------------------------------------------------------- JSON


_JSON_SPACE = re.compile(r"[ \t\n\r]*")
_JSON_NUMBER = re.compile(r"(-?(?:0|[1-9]\d*))(\.\d+)?([eE][-+]?\d+)?")
_JSON_WORDS: tuple[tuple[str, Any], ...] = (
    ("true", True), ("false", False), ("null", None),
    ("NaN", float("nan")), ("Infinity", float("inf")), ("-Infinity", float("-inf")),
)


class _TooDeep(Exception):
    def __init__(self, path: str, line: int) -> None:
        super().__init__(path)
        self.path, self.line = path, line


class _JsonComposer:
    """Builds a node tree, with lines, from JSON text that ``json.loads`` has already accepted."""

    def __init__(self, text: str, report: _Report) -> None:
        self.text = text
        self.report = report
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def compose(self) -> _Node:
        node, _ = self._value(self._skip(0), "file", 0)
        return node

    def _line(self, position: int) -> int:
        return bisect.bisect_right(self.line_starts, position)

    def _skip(self, position: int) -> int:
        match = _JSON_SPACE.match(self.text, position)
        assert match is not None
        return match.end()

    def _value(self, position: int, path: str, depth: int) -> tuple[_Node, int]:
        text, line = self.text, self._line(position)
        char = text[position]
        if char in "{[":
            if depth >= MAX_DEPTH:
                raise _TooDeep(path, line)
            return (self._object if char == "{" else self._array)(position, path, depth)
        if char == '"':
            value, end = json.decoder.scanstring(text, position + 1, True)
            return _Node(value, line), end
        for word, value in _JSON_WORDS:
            if text.startswith(word, position):
                return _Node(value, line), position + len(word)
        match = _JSON_NUMBER.match(text, position)
        assert match is not None
        whole, fraction, exponent = match.groups()
        number = float(match.group()) if fraction or exponent else int(whole)
        return _Node(number, line), match.end()

    def _object(self, position: int, path: str, depth: int) -> tuple[_Node, int]:
        node = _Node({}, self._line(position))
        position = self._skip(position + 1)
        if self.text[position] == "}":
            return node, position + 1
        while True:
            key_line = self._line(position)
            key, position = json.decoder.scanstring(self.text, position + 1, True)
            position = self._skip(self._skip(position) + 1)  # past ':'
            value, position = self._value(position, _join(path, key), depth + 1)
            _put(node, key, key_line, value, path, self.report)
            position = self._skip(position)
            if self.text[position] == "}":
                return node, position + 1
            position = self._skip(position + 1)  # past ','

    def _array(self, position: int, path: str, depth: int) -> tuple[_Node, int]:
        node = _Node([], self._line(position))
        position = self._skip(position + 1)
        if self.text[position] == "]":
            return node, position + 1
        while True:
            value, position = self._value(position, _join(path, len(node.value)), depth + 1)
            node.value.append(value)
            position = self._skip(position)
            if self.text[position] == "]":
                return node, position + 1
            position = self._skip(position + 1)


def _compose_json(text: str, report: _Report) -> _Node | None:
    """The node tree of a JSON text; syntax errors become one problem with line and column."""
    if not text.strip():
        report.add("file", "is empty; a JSON bank file is one object with format, version, name and questions", 1)
        return None
    try:
        json.loads(text)
    except json.JSONDecodeError as error:
        report.add("file", f"is not valid JSON at column {error.colno}: {error.msg}", error.lineno)
        return None
    except RecursionError:
        report.add("file", f"nests lists and objects more than {MAX_DEPTH} levels deep")
        return None
    except ValueError as error:  # e.g. a number with thousands of digits
        report.add("file", f"is not valid JSON: {error}")
        return None
    try:
        return _JsonComposer(text, report).compose()
    except _TooDeep as error:
        report.add(error.path, f"nests lists and objects more than {MAX_DEPTH} levels deep", error.line)
        return None


# --------------------------------------------------------------------------- checking


def _check_bank(root: _Node | None, report: _Report, source: str) -> BankFile | None:
    """The bank a node tree describes, after reporting every problem in it."""
    if root is None or root.value is None:
        report.add("file", f"is empty; a bank file starts with 'format: {FORMAT_NAME}'", 1)
        return None
    if not isinstance(root.value, dict):
        report.add("file", f"must be a mapping with the fields {', '.join(TOP_FIELDS)}, not {_describe(root.value)}",
                   root.line)
        return None
    fields: dict[str, _Node] = root.value
    _check_unknown(fields, TOP_FIELDS, "file", "a bank file", report)
    _check_format(fields.get("format"), root.line, report)
    version_known = _check_version(fields.get("version"), root.line, report)
    name = _check_name(fields.get("name"), root.line, report, source)
    description = _text(fields.get("description"), "description", report, limit=MAX_DESCRIPTION)
    questions = _check_questions(fields.get("questions"), root.line, report) if version_known else ()
    return BankFile(name, description, questions)


def _check_unknown(fields: dict[str, _Node], allowed: Sequence[str], path: str, what: str, report: _Report) -> None:
    for name, node in fields.items():
        if name not in allowed:
            close = difflib.get_close_matches(name, allowed, n=1)
            hint = f"did you mean '{close[0]}'? " if close else ""
            report.add(_join(path, name), f"is not a field of {what}; {hint}the fields are {', '.join(allowed)}",
                       node.line)


def _check_format(node: _Node | None, line: int | None, report: _Report) -> None:
    if node is None:
        report.add("format", f"is missing; a bank file starts with 'format: {FORMAT_NAME}'", line)
    elif node.value != FORMAT_NAME:
        report.add("format", f"is {_describe(node.value)}; a bank file has 'format: {FORMAT_NAME}'", node.line)


def _check_version(node: _Node | None, line: int | None, report: _Report) -> bool:
    """Report a missing or unsupported version; False when the questions follow an unknown schema."""
    supported = ", ".join(str(v) for v in SUPPORTED_VERSIONS)
    if node is None:
        report.add("version", f"is missing; add 'version: {FORMAT_VERSION}' (supported versions: {supported})", line)
        return True
    value = node.value
    if isinstance(value, bool) or not isinstance(value, int):
        report.add("version", f"must be a whole number, not {_describe(value)}; supported versions: {supported}",
                   node.line)
        return True
    if value not in SUPPORTED_VERSIONS:
        report.add("version", f"{value} is not supported; supported versions: {supported}", node.line)
        return False
    return True


def _check_name(node: _Node | None, line: int | None, report: _Report, source: str) -> str:
    if (node is None or node.value is None) and source and Path(source).stem.strip():
        return Path(source).stem.strip()[:MAX_NAME]
    if node is None:
        report.add("name", "is missing; give the bank a name such as 'name: Default bank'", line)
        return ""
    return _text(node, "name", report, limit=MAX_NAME, required=True)


def _check_questions(node: _Node | None, line: int | None, report: _Report) -> tuple[QuestionSpec, ...]:
    if node is None:
        report.add("questions", "is missing; list the questions under 'questions:' ('questions: []' for none)", line)
        return ()
    if not isinstance(node.value, list):
        report.add("questions", f"must be a list of questions, not {_describe(node.value)}", node.line)
        return ()
    items: list[_Node] = node.value
    if len(items) > MAX_QUESTIONS:
        report.add("questions", f"holds {len(items)} questions; a bank file may hold at most {MAX_QUESTIONS}",
                   node.line)
        return ()
    questions = [_check_question(item, index, report) for index, item in enumerate(items)]
    _check_unique_keys(items, questions, report)
    return tuple(q for q in questions if q is not None)


def _check_unique_keys(items: list[_Node], questions: list[QuestionSpec | None], report: _Report) -> None:
    first: dict[str, int] = {}
    for index, question in enumerate(questions):
        if question is None or not question.key:
            continue
        if question.key in first:
            earlier = first[question.key]
            where = _line_note(_field_line(items[earlier], "key"))
            report.add(f"questions[{index}].key",
                       f"'{question.key}' is already the key of questions[{earlier}]{where}; keys must be unique",
                       _field_line(items[index], "key"))
        else:
            first[question.key] = index


def _field_line(item: _Node, name: str) -> int | None:
    child = item.value.get(name) if isinstance(item.value, dict) else None
    return child.line if child is not None else item.line


def _line_note(line: int | None) -> str:
    return f" (line {line})" if line else ""


def _check_question(node: _Node, index: int, report: _Report) -> QuestionSpec | None:
    """The question a node describes; every problem is reported (the spec is only used when there are none)."""
    path = f"questions[{index}]"
    if not isinstance(node.value, dict):
        fields = ", ".join(REQUIRED_FIELDS)
        report.add(path, f"must be a mapping of fields ({fields}, …), not {_describe(node.value)}", node.line)
        return None
    fields: dict[str, _Node] = node.value
    _check_unknown(fields, QUESTION_FIELDS, path, "a question", report)
    for name in REQUIRED_FIELDS:
        if name not in fields:
            report.add(path, f"the required field '{name}' is missing; every question needs "
                       f"{', '.join(REQUIRED_FIELDS[:-1])} and {REQUIRED_FIELDS[-1]}", node.line)
    return QuestionSpec(
        key=_check_key(fields.get("key"), f"{path}.key", report),
        text=_check_text(fields.get("text"), f"{path}.text", report),
        phase=_enum(fields.get("phase"), f"{path}.phase", Phase, "a phase", report) or Phase.OPENING,
        outcomes=_check_outcomes(fields.get("outcomes"), f"{path}.outcomes", report),
        seconds=_whole(fields.get("seconds"), f"{path}.seconds", MIN_SECONDS, MAX_SECONDS, 120, report, " of seconds"),
        priority=_whole(fields.get("priority"), f"{path}.priority", MIN_PRIORITY, MAX_PRIORITY, 3, report),
        purpose=_text(fields.get("purpose"), f"{path}.purpose", report, limit=MAX_PURPOSE),
        probes=_check_probes(fields.get("probes"), f"{path}.probes", report),
        teams=_unique(_enum(item, where, Team, "a team", report)
                      for where, item in _items(fields.get("teams"), f"{path}.teams", report)),
        tags=_unique(_text(item, where, report, limit=MAX_TAG, required=True)
                     for where, item in _items(fields.get("tags"), f"{path}.tags", report)),
        required=_flag(fields.get("required"), f"{path}.required", False, report),
        active=_flag(fields.get("active"), f"{path}.active", True, report),
    )


def _check_key(node: _Node | None, where: str, report: _Report) -> str:
    key = _text(node, where, report, limit=MAX_TEXT, required=True) if node is not None else ""  # the pattern limits
    if key and not KEY_PATTERN.match(key):
        report.add(where, f"{_shorten(key)!r} is not a valid key; use up to 80 lower-case letters, digits, '_', '.' "
                   "or '-', starting with a letter or digit (such as 'opening.role')", node.line if node else None)
    return key


def _check_text(node: _Node | None, where: str, report: _Report) -> str:
    if node is None:
        return ""
    text = _text(node, where, report, limit=MAX_TEXT, required=True)
    names = [match.group(1).strip() for match in _PLACEHOLDER.finditer(text)]  # as spec.placeholders_in
    allowed = ", ".join("{" + name + "}" for name in PLACEHOLDERS)
    for name in dict.fromkeys(n for n in names if n not in PLACEHOLDERS):
        report.add(where, f"{{{_shorten(name)}}} is not a placeholder; the text may use {allowed}", node.line)
    rest = _PLACEHOLDER.sub("", text)
    if "{" in rest or "}" in rest:
        report.add(where, f"has an unmatched '{{' or '}}'; braces only surround placeholders: {allowed}", node.line)
    return text


def _check_outcomes(node: _Node | None, where: str, report: _Report) -> frozenset[Outcome]:
    if node is None:
        return frozenset()
    allowed = ", ".join(o.value for o in INTERVIEW_OUTCOMES)
    if node.value is None or node.value == []:
        report.add(where, f"must list at least one outcome: {allowed}", node.line)
        return frozenset()
    outcomes = set()
    for item_where, item in _items(node, where, report):
        outcome = _enum(item, item_where, Outcome, "an outcome", report, allowed=INTERVIEW_OUTCOMES)
        if outcome is Outcome.OPEN:
            report.add(item_where, f"'open' is not allowed: open deals are never interviewed; use {allowed}",
                       item.line)
        elif outcome is not None:
            outcomes.add(outcome)
    return frozenset(outcomes)


def _check_probes(node: _Node | None, where: str, report: _Report) -> tuple[str, ...]:
    items = list(_items(node, where, report))
    if len(items) > MAX_PROBES:
        report.add(where, f"holds {len(items)} probes; a question may have at most {MAX_PROBES}",
                   node.line if node else None)
    return tuple(_text(item, item_where, report, limit=MAX_PROBE, required=True) for item_where, item in items)


def _items(node: _Node | None, where: str, report: _Report) -> list[tuple[str, _Node]]:
    """The items of an optional list field, each with its location; a missing or null list is empty."""
    if node is None or node.value is None:
        return []
    if not isinstance(node.value, list):
        report.add(where, f"must be a list such as [a, b], not {_describe(node.value)}", node.line)
        return []
    return [(f"{where}[{index}]", item) for index, item in enumerate(node.value)]


def _unique(values: Iterable[Any]) -> tuple[Any, ...]:
    return tuple(dict.fromkeys(v for v in values if v))


def _enum(node: _Node | None, where: str, kind: type[Vocabulary], what: str, report: _Report,
          allowed: Sequence[Vocabulary] | None = None) -> Any:
    """The member a value or label names (any case), or None after reporting the allowed values."""
    if node is None:
        return None
    values = ", ".join(m.value for m in (allowed or list(kind)))
    if not isinstance(node.value, str):
        report.add(where, f"must be {what} ({values}), not {_describe(node.value)}", node.line)
        return None
    try:
        return kind.parse(node.value)
    except ValueError:
        report.add(where, f"{_shorten(node.value)!r} is not {what}; use one of {values}", node.line)
        return None


def _whole(node: _Node | None, where: str, low: int, high: int, default: int, report: _Report,
           unit: str = "") -> int:
    if node is None or node.value is None:
        return default
    value = node.value
    if isinstance(value, bool) or not isinstance(value, int):
        report.add(where, f"must be a whole number{unit} from {low} to {high}, not {_describe(value)}", node.line)
        return default
    if not low <= value <= high:
        report.add(where, f"{value} is out of range; use a whole number{unit} from {low} to {high}", node.line)
        return default
    return value


def _flag(node: _Node | None, where: str, default: bool, report: _Report) -> bool:
    if node is None or node.value is None:
        return default
    if not isinstance(node.value, bool):
        report.add(where, f"must be true or false, not {_describe(node.value)}", node.line)
        return default
    return node.value


def _text(node: _Node | None, where: str, report: _Report, *, limit: int, required: bool = False) -> str:
    """A string field, whitespace stripped and line ends made '\\n'; null means "" (an error when required)."""
    if node is None or node.value is None:
        if required and node is not None:
            report.add(where, "has no value; write the text", node.line)
        return ""
    value = node.value
    if not isinstance(value, str):
        report.add(where, f"must be text, not {_describe(value)} (put it in quotes)", node.line)
        return ""
    value = value.replace("\r\n", "\n").replace("\r", "\n").strip()
    if required and not value:
        report.add(where, "is empty; write the text", node.line)
    if len(value) > limit:
        report.add(where, f"is {len(value)} characters long; the limit is {limit}", node.line)
    bad = next(((i, c) for i, c in enumerate(value) if _forbidden(c)), None)
    if bad is not None:
        index, char = bad
        fallback = "an unpaired surrogate" if unicodedata.category(char) == "Cs" else "a control character"
        name = unicodedata.name(char, fallback)
        report.add(where, f"holds U+{ord(char):04X} ({name}) at character {index + 1}; "
                   "tab and newline are the only control characters allowed", node.line)
    return value


def _forbidden(char: str) -> bool:
    return char not in "\t\n" and unicodedata.category(char) in _FORBIDDEN_CATEGORIES


def _describe(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return repr(_shorten(value))
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return _shorten(str(value))


def _shorten(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --------------------------------------------------------------------------- writing


class _Flow(list):  # type: ignore[type-arg]
    """A short list of words, written on one line: [won, lost]."""


class _Dumper(yaml.SafeDumper):
    """Block style, lists indented under their key, never anchors or aliases."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        return super().increase_indent(flow, False)

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    return dumper.represent_scalar(_TAG + "str", value, style="|" if "\n" in value else None)


def _represent_flow(dumper: yaml.SafeDumper, value: _Flow) -> yaml.SequenceNode:
    return dumper.represent_sequence(_TAG + "seq", value, flow_style=True)


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(_Flow, _represent_flow)


def write_bank(bank: BankFile, fmt: str) -> str:
    """The text of ``bank`` as a "yaml" or "json" file, every field written; it reads back equal.

    Raises :class:`BankFileError` when the bank breaks a rule of the format (it would not read back).
    """
    fmt = _normal_format(fmt)
    if fmt is None:
        raise ValueError("write_bank needs a format: 'yaml' or 'json'")
    report = _Report()
    checked = _check_bank(_plain_node(_bank_data(bank)), report, "")
    report.raise_if_any("")
    assert checked is not None
    text = _dump(_bank_data(checked), fmt)
    size = len(text.encode("utf-8"))
    if size > MAX_FILE_BYTES:
        raise _too_large(size, "")
    return text


def _dump(data: dict[str, Any], fmt: str) -> str:
    if fmt == "json":
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    body = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=1 << 16,
                     default_flow_style=False)
    return _HEADER + body


def write_bank_file(bank: BankFile, path: Path) -> None:
    """Write ``bank`` to ``path`` (.yaml, .yml or .json) atomically: the file is whole or untouched."""
    path = Path(path)
    fmt = _SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        raise ValueError(f"{path.name}: a bank file name ends with .yaml, .yml or .json")
    write_atomically(path, write_bank(bank, fmt).encode("utf-8"))


def _bank_data(bank: BankFile) -> dict[str, Any]:
    return {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "name": bank.name,
        "description": bank.description,
        "questions": [_question_data(question) for question in bank.questions],
    }


def _question_data(question: QuestionSpec) -> dict[str, Any]:
    """A question's fields in the documented order; enums as their values, outcomes won, lost, no_decision."""
    return {
        "key": question.key,
        "text": question.text,
        "phase": _value(question.phase),
        "outcomes": _Flow(o.value for o in (*INTERVIEW_OUTCOMES, Outcome.OPEN) if o in question.outcomes),
        "seconds": question.seconds,
        "priority": question.priority,
        "purpose": question.purpose,
        "probes": list(question.probes),
        "teams": _Flow(_value(team) for team in question.teams),
        "tags": _Flow(question.tags),
        "required": question.required,
        "active": question.active,
    }


def _value(member: Any) -> Any:
    return member.value if isinstance(member, Vocabulary) else member
