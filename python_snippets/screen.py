"""The screen a snippet prints on: how wide it is, and prose and table rows that fit it.

Not a demo of its own: shared by the snippets (run standalone, Python imports it from the
snippets' directory; embedded, the host provides it). The host gives a demo the terminal's
width the standard way, so `shutil.get_terminal_size()` reads it here as in any script: COLUMNS,
else the terminal itself, else 80 when the output goes to a pipe or a file.

Prose (`say`) follows the screen up to a width that still reads well, as the host's
explanations do. Tables are laid out to fit 80 columns, the narrowest screen a class uses: a
row's last value too long for its line goes on under its column (`print_row`) or on a line of
its own (`fit`).
"""

import re
import shutil
import textwrap

READING_WIDTH = 100  # wider than this, the eye loses its way back to the next line
NARROWEST = 40  # below this, wrapping makes prose worse, not better
# The space between a number and its unit: "140.60 ms" split over two lines reads as two values.
NUMBER_AND_UNIT = re.compile(r"(?<=\d) (?=(?:ns|µs|ms|s|min|MB|MiB|KiB|GiB|kB|GB)(?!\w)|%)")
KEPT_SPACE = "\u00a0"  # textwrap breaks only at ASCII whitespace


def wrap(text, room, **options):
    """textwrap.wrap that cuts no word and parts no number from its unit."""
    kept = NUMBER_AND_UNIT.sub(KEPT_SPACE, text)
    lines = textwrap.wrap(kept, room, break_long_words=False, break_on_hyphens=False,
                          **options)
    return [line.replace(KEPT_SPACE, " ") for line in lines]


def width():
    """The columns prose may use: the screen's width, at most READING_WIDTH."""
    columns = shutil.get_terminal_size((80, 24)).columns
    return max(NARROWEST, min(columns, READING_WIDTH))


def say(text, indent=3, hang=None, **print_options):
    """Prints `text` wrapped between words to the screen's width.

    The first line starts after `indent` spaces and the lines it continues on after `hang`
    (`indent` unless given): `say("2. A heading", 0, 3)` lines the continuation up with the text
    after the number. Leading newlines are kept, as blank lines before the text. Words are never
    cut, so a word wider than the screen (a long path) keeps its line to itself.
    """
    body = text.lstrip("\n")
    blank_lines = "\n" * (len(text) - len(body))
    wrapped = wrap(body, width(), initial_indent=" " * indent,
                   subsequent_indent=" " * (indent if hang is None else hang))
    print(blank_lines + "\n".join(wrapped), **print_options)


def fit(head, tail, indent=5, limit=80):
    """Prints `head` and `tail` on one line when they fit `limit` columns, else `tail` (a path,
    an error message) on lines of its own, `indent` spaces in: a long value keeps its words
    whole, and a path one word wider than the rest of the line does not spill past the edge."""
    if len(head) + len(tail) <= limit:
        print(head + tail)
        return
    print(head.rstrip())
    print("\n".join(wrap(tail, max(limit, indent + 20), initial_indent=" " * indent,
                         subsequent_indent=" " * (indent + 2))))


def print_row(prefix, value, limit=80, sep=", "):
    """Prints a table row: `prefix` (its first columns, padded) then `value`, its last column.

    A value too long for the row to fit `limit` columns (80 unless given: a table fits the
    narrowest screen) goes on over the next lines, each starting under the value's first
    character. It is broken after its separators `sep` (", " unless given) where it can, and
    between words only where a part is wider than the room left, into as few lines as can be
    and lines as even as can be: "kind 1 (1 byte a character)," / "compact True, ascii True".
    """
    room = max(limit - len(prefix), 20)
    parts = value.split(sep)
    if len(parts) > 12:  # a long list: between words, as prose is
        parts = [value]
    best = None
    # Every way of cutting the value after some of its separators (a value has only a few),
    # ranked: fewest breaks between words, then fewest lines, then the most even ones.
    for cuts in range(2 ** (len(parts) - 1)):
        pieces, current = [], parts[0]
        for index, part in enumerate(parts[1:]):
            if cuts >> index & 1:
                pieces.append(current + sep.rstrip())
                current = part
            else:
                current += sep + part
        pieces.append(current)
        lines = []
        for piece in pieces:
            lines += wrap(piece, room) or [piece]
        rank = (len(lines) - len(pieces), len(lines), max(map(len, lines)))
        if best is None or rank < best[0]:
            best = rank, lines
    folded = best[1]
    print(prefix + folded[0])
    for line in folded[1:]:
        print(" " * len(prefix) + line)
