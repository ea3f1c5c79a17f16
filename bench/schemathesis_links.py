"""Runs the schemathesis CLI (`st`) with its arguments and writes the links
its stateful phase applied, one per line, to the file named by
$LINKS_SEEN: the CLI prints only their count, and the bench reports which
of the document's own links were followed (bench/schemathesis)."""
import atexit
import os
import sys

from schemathesis.cli.commands import schemathesis as cli
from schemathesis.cli.commands.run.handlers import output

seen = set()
update = output.StatefulProgressManager.update


def record(self, links_covered, status=None):
    seen.update(links_covered)
    return update(self, links_covered, status)


output.StatefulProgressManager.update = record
atexit.register(lambda: open(os.environ["LINKS_SEEN"], "w").write("".join(f"{link}\n" for link in sorted(seen))))
sys.argv = ["st"] + sys.argv[1:]
cli()
