#!/usr/bin/env python3
"""Print the section tree docutils (the reference RST implementation) builds
for each RST file given, as JSON: {file name: [{level, title, status, line}]}.

Settings: doctitle_xform off (the first title stays a section), section
numbers (the sectnum directive) left out of titles, no messages printed.
The status marker at the end of a title ("[Draft]") is split off the same
way the drafts write it, so the Rust side compares structured data. A marker
glued to the title (``Joining API``[Draft]````) is text to docutils; it is
split off here too, since specgen reads it as the marker it plainly is.

Used by codegen/tests/docutils_conformance.rs and bench/parse_vs_docutils.
"""
import json
import os
import re
import sys

from docutils import nodes
from docutils.core import publish_doctree

STATUSES = {"todo", "ongoing", "draft", "final"}
MARKER = re.compile(r"^(.*?)\s*(?:``)?\[\s*([A-Za-z]+)\s*\](?:``)?\s*$", re.S)

SETTINGS = {
    "doctitle_xform": False,
    "sectsubtitle_xform": False,
    "report_level": 5,
    "halt_level": 5,
    "warning_stream": False,
}


def title_text(title):
    """The title's text without generated section numbers, whitespace folded."""
    parts = []
    find = title.findall if hasattr(title, "findall") else title.traverse  # docutils >= 0.18
    for node in find(nodes.Text):
        if any(isinstance(a, nodes.generated) for a in _ancestors(node, title)):
            continue
        parts.append(node.astext())
    return " ".join("".join(parts).split())


def _ancestors(node, stop):
    node = node.parent
    while node is not None and node is not stop:
        yield node
        node = node.parent


def sections(text, source_path):
    doc = publish_doctree(text, source_path=source_path, settings_overrides=SETTINGS)
    out = []

    def walk(node, level):
        for child in node.children:
            if isinstance(child, nodes.section):
                title = child.next_node(nodes.title)
                text = title_text(title)
                status = None
                m = MARKER.match(text)
                if m and m.group(2).lower() in STATUSES:
                    text, status = m.group(1).strip(), m.group(2).lower()
                out.append({"level": level, "title": text, "status": status, "line": title.line})
                walk(child, level + 1)

    walk(doc, 1)
    return out


def main(paths):
    result = {}
    for path in paths:
        # utf-8-sig: a byte-order mark is dropped, as docutils does reading a file.
        with open(path, encoding="utf-8-sig") as f:
            result[os.path.basename(path)] = sections(f.read(), path)
    json.dump(result, sys.stdout, indent=1)


if __name__ == "__main__":
    main(sys.argv[1:])
