"""Parse roster files into plain rows, reading every value as written and guessing nothing.

CSV cells and YAML scalars stay text (YAML's ``012``, ``0x1F``, ``No`` or
``Null`` are not turned into numbers, booleans or nothing); a column or key
given twice, YAML aliases and tags, nesting deeper than a roster needs and more
than ``MAX_COLUMNS`` columns (or keys in one entry) are refused with the line, so
a row never silently means something it does not say and a huge row costs nothing.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from collections import Counter
from pathlib import Path

from guidepress.confine import OWN_FOLDER, read_bytes
from guidepress.errors import ContentError

MAX_ROWS = 100_000  # a clinic's whole patient list; checking more at once takes gigabytes
MAX_DEPTH = 8  # list of rows > row > exercises > exercise: a roster needs four levels
MAX_CELL = csv.field_size_limit()
MAX_COLUMNS = 200  # columns in a roster, or keys in one entry: prescription fields and notes
# separators in one record's lines (quoted ones too), counted before the record is split:
# a line of millions of commas is refused before it becomes millions of cells
_MAX_SEPARATORS = 50 * MAX_COLUMNS
_EXCEL_SEP = re.compile(r'^"?sep=(.?)"?\s*$', re.IGNORECASE)  # Excel's "sep=;" first line
_PLAIN_TAGS = {None, "!", "tag:yaml.org,2002:str", "tag:yaml.org,2002:seq",
               "tag:yaml.org,2002:map"}


def parse_csv(text: str, path: Path) -> list[tuple[int, dict, bool]]:
    """``(line, values, extra_cells)`` per non-blank record; lines as a spreadsheet numbers them."""
    skipped, rest = 0, text
    while True:  # blank lines before the header
        line, newline, after = rest.partition("\n")
        if line.strip() or not newline:
            break
        skipped, rest = skipped + 1, after
    first = rest.partition("\n")[0].rstrip("\r")
    excel = _EXCEL_SEP.match(first)
    if excel:
        if excel[1] in ("", '"', " "):
            raise ContentError(f'{path} line {skipped + 1}: "{first.strip()}" names no separator '
                               "a roster can use; write sep=, or sep=; (or remove the line)")
        delimiter, rest, skipped = excel[1], rest.partition("\n")[2], skipped + 1
    else:
        delimiter = ";" if first.count(";") > first.count(",") else ","
    lines = _Lines(io.StringIO(rest, newline=""), delimiter, skipped, path)
    reader = csv.reader(lines, delimiter=delimiter)
    try:
        return _csv_records(reader, lines, path)
    except csv.Error as exc:
        problem = (f"a cell is longer than {MAX_CELL:,} characters (is a quote left open?)"
                   if "field larger" in str(exc) else str(exc))
        raise ContentError(f"{path} line {skipped + reader.line_num}: {problem}") from None


class _Lines:
    """The lines of a CSV text, refusing a record with more separators than any roster has."""

    def __init__(self, source, delimiter: str, skipped: int, path: Path):
        self.source, self.delimiter, self.path = source, delimiter, path
        self.skipped, self.read, self.separators = skipped, 0, 0

    def __iter__(self):
        return self

    def __next__(self) -> str:
        line = next(self.source)
        self.read += 1
        self.separators += line.count(self.delimiter)
        if self.separators > _MAX_SEPARATORS:
            raise too_many_columns(self.path, self.skipped + self.read)
        return line

    def record_done(self) -> None:
        self.separators = 0


def too_many_columns(path: Path, line: int) -> ContentError:
    return ContentError(f"{path} line {line}: more than {MAX_COLUMNS} columns; a roster "
                        "row holds a patient's prescription fields (is the separator right?)")


def _csv_records(reader, lines: _Lines, path: Path) -> list[tuple[int, dict, bool]]:
    skipped = lines.skipped
    header = _row(reader, lines)
    if not header or not any(c.strip() for c in header):
        raise ContentError(f"{path}: the roster is empty; the first line names the columns")
    columns = [c.strip() for c in header]
    twice = [c for c, times in Counter(c for c in columns if c).items() if times > 1]
    if twice:  # counted once over the header: a header of many columns costs no more
        raise ContentError(f'{path} line {skipped + reader.line_num}: column "{twice[0]}" '
                           "appears twice in the header; keep one")
    records = []
    while (cells := _row(reader, lines)) is not None:
        values: dict[str, str] = {}
        for column, cell in zip(columns, cells):
            if cell.strip() and column not in values:
                values[column] = cell.strip()
        extra = any(c.strip() for c in cells[len(columns):])
        if values or extra:
            records.append((skipped + reader.line_num, values, extra))
            if len(records) > MAX_ROWS:
                raise too_many_rows(path)
    return records


def _row(reader, lines: _Lines) -> list[str] | None:
    """The next record's cells, None at the end; more than ``MAX_COLUMNS`` is an error."""
    cells = next(reader, None)
    lines.record_done()
    if cells is not None and len(cells) > MAX_COLUMNS:
        raise too_many_columns(lines.path, lines.skipped + reader.line_num)
    return cells


def too_many_rows(path: Path) -> ContentError:
    return ContentError(f"{path}: more than {MAX_ROWS:,} patients in one roster; split it into "
                        "several roster files and run a batch for each")


class _DuplicateKey(Exception):
    pass


class _TooManyKeys(Exception):
    pass


def _unique_pairs(pairs: list) -> dict:
    if len(pairs) > MAX_COLUMNS:
        raise _TooManyKeys
    seen = {}
    for key, value in pairs:
        if key in seen:
            raise _DuplicateKey(key)
        seen[key] = value
    return seen


def parse_json(text: str, path: Path):
    """The JSON document, refusing duplicate keys and nesting deeper than a roster needs."""
    try:
        data = json.loads(text, object_pairs_hook=_unique_pairs)
    except _DuplicateKey as exc:
        raise ContentError(f'{path}: key "{exc}" appears twice in one object; keep one') from None
    except _TooManyKeys:
        raise ContentError(f"{path}: more than {MAX_COLUMNS} keys in one object; a roster "
                           "row holds a patient's prescription fields") from None
    except json.JSONDecodeError as exc:
        raise ContentError(f"{path}: malformed JSON ({exc})") from None
    except RecursionError:
        raise ContentError(f"{path}: nested too deeply for a roster") from None
    except ValueError as exc:  # e.g. a number of more than 4,300 digits
        raise ContentError(f"{path}: malformed JSON ({exc})") from None
    if _depth(data) > MAX_DEPTH:
        raise ContentError(f"{path}: nested too deeply for a roster (a list of rows, "
                           "each an object of column: value)")
    return data


def _depth(data) -> int:
    """Nesting depth, without recursion."""
    deepest, stack = 0, [(data, 1)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        if depth <= MAX_DEPTH:
            children = node.values() if isinstance(node, dict) else node if isinstance(node, list) else ()
            stack.extend((child, depth + 1) for child in children)
    return deepest


def parse_yaml(text: str, path: Path):
    """The YAML document with every scalar as text, built from libyaml's events.

    Building from events (rather than yaml.load) reads each value as written,
    refuses aliases (a 1 KB alias bomb would otherwise expand to gigabytes) and
    stops at the nesting limit before the C composer could run out of stack.
    """
    import yaml  # here: a CSV roster, and the no-change batch, need no YAML

    loader = getattr(yaml, "CBaseLoader", yaml.BaseLoader)
    builder = _Builder(path)
    try:
        for event in yaml.parse(text, Loader=loader):
            builder.add(event)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f" line {mark.line + 1}" if mark else ""
        problem = exc.problem or exc.context or "malformed YAML"
        # the parser's own words vary between YAML library versions: ours lead, theirs follow
        raise ContentError(f"{path}{where}: the roster could not be read as YAML ({problem}); "
                           "check the indentation, quoting and brackets there") from None
    except yaml.YAMLError as exc:
        raise ContentError(f"{path}: malformed YAML ({exc})") from None
    return builder.root


class _Builder:
    """Assemble plain lists, dicts and strings from a stream of YAML events."""

    _KEY = object()  # a mapping waiting for its next key

    def __init__(self, path: Path):
        self.path, self.root, self.stack, self.documents = path, None, [], 0

    def _refuse(self, event, problem: str):
        raise ContentError(f"{self.path} line {event.start_mark.line + 1}: {problem}")

    def add(self, event) -> None:
        import yaml  # loaded already by parse_yaml

        if isinstance(event, yaml.DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                self._refuse(event, "a roster is one YAML document; remove the second ---")
        elif isinstance(event, yaml.AliasEvent):
            self._refuse(event, "aliases (*name) are not allowed in a roster; write the value out")
        elif isinstance(event, (yaml.ScalarEvent, yaml.CollectionStartEvent)):
            if event.tag not in _PLAIN_TAGS:
                self._refuse(event, f'the tag "{event.tag}" is not allowed in a roster')
            if isinstance(event, yaml.ScalarEvent):
                self._place(event.value, event)
                return
            node = {} if isinstance(event, yaml.MappingStartEvent) else []
            self._place(node, event)
            if len(self.stack) >= MAX_DEPTH:
                self._refuse(event, "nested too deeply for a roster")
            self.stack.append([node, self._KEY])
        elif isinstance(event, yaml.CollectionEndEvent):
            self.stack.pop()

    def _place(self, value, event) -> None:
        if not self.stack:
            self.root = value
            return
        top = self.stack[-1]
        node, key = top
        if isinstance(node, list):
            node.append(value)
        elif key is self._KEY:
            if not isinstance(value, str):
                self._refuse(event, "a key must be plain text")
            if value in node:
                self._refuse(event, f'key "{value}" appears twice in one entry; keep one')
            if len(node) >= MAX_COLUMNS:
                self._refuse(event, f"more than {MAX_COLUMNS} keys in one entry; a roster "
                                    "row holds a patient's prescription fields")
            top[1] = value
        else:
            node[key] = value
            top[1] = self._KEY


def read_rows(path: Path) -> list[tuple[int, dict, str]]:
    """``(number, values, problem or "")`` for every row of a roster file, as written;
    row numbers are as a spreadsheet shows them."""
    path = Path(path)
    try:
        text = read_bytes(path, "roster", OWN_FOLDER).decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ContentError(f"{path}: not UTF-8 text; export the roster as UTF-8 CSV") from None
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return [(line, values, "more cells than the header has columns" if extra else "")
                for line, values, extra in parse_csv(text, path)]
    if suffix in (".json", ".yaml", ".yml"):
        data = parse_json(text, path) if suffix == ".json" else parse_yaml(text, path)
        return _list_rows(data, path)
    raise ContentError(f"{path}: unknown roster format; use .csv, .json or .yaml")


def _list_rows(data, path: Path) -> list[tuple[int, dict, str]]:
    if not isinstance(data, list):
        raise ContentError(f"{path}: a roster is a list of patients (one object each)")
    if len(data) > MAX_ROWS:
        raise too_many_rows(path)
    bad = "each entry must be an object of column: value"
    return [(number, {str(k): v for k, v in item.items() if v not in (None, "")}, "")
            if isinstance(item, dict) else (number, {}, bad)
            for number, item in enumerate(data, start=1)]


def row_id(raw) -> str:
    """A row's id as a batch names its sheet by it: the text, trimmed, in Unicode NFC;
    "" for none or for a value that is not text or a number."""
    return unicodedata.normalize("NFC", str(raw).strip()) if scalar(raw) else ""


def scalar(value) -> bool:
    """True for a cell that is one value: text or a number."""
    return isinstance(value, (str, int, float)) and not isinstance(value, bool)
