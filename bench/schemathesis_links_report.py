"""Which of an OpenAPI document's own links a schemathesis stateful run
followed (schemathesis also follows links it infers, and prints only a
count). Usage: schemathesis_links_report.py DOC SEEN [st args]: SEEN holds
the links followed, one per line (bench/schemathesis_links.py writes it);
links into operations the st args exclude are not counted."""
import json, sys
doc, seen_file, args = json.load(open(sys.argv[1])), sys.argv[2], sys.argv[3:]
left_out = {args[i + 1] for i in range(len(args) - 1) if args[i] == "--exclude-operation-id"}
# Each operation's "METHOD PATH", as schemathesis names a link's source.
where = {o["operationId"]: f"{m.upper()} {p}" for p, item in doc["paths"].items() for m, o in item.items()}
own = {(o["operationId"], name)
       for item in doc["paths"].values() for o in item.values() if o["operationId"] not in left_out
       for r in o["responses"].values() for name, l in r.get("links", {}).items() if l["operationId"] not in left_out}
# A followed link reads "METHOD PATH -> [STATUS] NAME -> METHOD PATH".
seen = [l for l in open(seen_file).read().split("\n") if l]
covered = {(s, n) for (s, n) in own if any(l.startswith(f"{where[s]} -> [") and f"] {n} -> " in l for l in seen)}
print(f"     Document links followed: {len(covered)} of {len(own)} ({100 * len(covered) // max(len(own), 1)}%)")
for s, n in sorted(own - covered):
    print(f"       not followed: {s} -> {n}")
