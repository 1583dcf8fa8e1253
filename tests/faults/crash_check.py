#!/usr/bin/env python3
"""crash_check.py WORK: compares what the crash test's client was told with what the database
holds after the server was killed and started again (tests/faults/crash_safety.sh).

WORK holds acknowledged.tsv, written by bench/consultation_load --acknowledged, one line per
write as its answer came ("comment", "vote", "progress" for a 303; the same with "?" for a
request that got no answer because the server was killed: it may or may not be stored), and the
database's rows as tab-separated files written by crash_safety.sh:

  comments.tsv       id, author e-mail, body                 (the crash accounts' comments)
  comment_audit.tsv  entity_key                              (their add_comment audit entries)
  votes.tsv          e-mail, item kind, item key, choice     (their vote rows)
  vote_audit.tsv     e-mail, entity_key, after_json          (their cast_vote entries, in order)
  updates.tsv        id, note, state, published id, rows of that published update
  update_audit.tsv   after_json                              (submit_progress_update entries)

Lost: a write answered 303 that is not stored. Half-written: a comment, vote or update without
its audit entry or an audit entry without its row, a published update whose public row is
missing, a vote row whose choice is not the one its last audit entry recorded. Invented: a row
no request asked for. Prints what it counted and exits 1 on any difference.
"""
import collections
import json
import re
import sys

work = sys.argv[1]


def rows(name):
    with open(f"{work}/{name}", encoding="utf-8") as f:
        return [line.rstrip("\n").split("\t") for line in f if line.strip()]


problems = []


def expect(what, bad):
    """bad: the list of offending things; empty means the check passed."""
    print(f"  {what}: {'ok' if not bad else f'{len(bad)} WRONG, e.g. {bad[:3]}'}")
    if bad:
        problems.append(what)


acked_comments = {}  # id -> (email, body)
unknown_comment_bodies = set()
vote_history = collections.defaultdict(list)  # (email, kind, key) -> [(acked, choice), ...]
acked_notes, unknown_notes = set(), set()
for row in rows("acknowledged.tsv"):
    kind = row[0]
    if kind == "comment":
        acked_comments[int(row[3])] = (row[1], row[2])
    elif kind == "comment?":
        unknown_comment_bodies.add(row[2])
    elif kind in ("vote", "vote?"):
        vote_history[(row[1], row[2], row[3])].append((kind == "vote", row[4]))
    elif kind == "progress":
        acked_notes.add(row[2])
    elif kind == "progress?":
        unknown_notes.add(row[2])

unknown_votes = sum(1 for h in vote_history.values() for acked, _ in h if not acked)
print(f"acknowledged: {len(acked_comments)} comments, "
      f"{sum(1 for h in vote_history.values() for a, _ in h if a)} votes, "
      f"{len(acked_notes)} progress updates; without an answer: {len(unknown_comment_bodies)} "
      f"comments, {unknown_votes} votes, {len(unknown_notes)} progress updates")

# Comments.
stored_comments = {int(i): (email, body) for i, email, body in rows("comments.tsv")}
expect("every comment answered 303 is stored, by its author, with its text",
       [i for i, c in acked_comments.items() if stored_comments.get(i) != c])
acked_bodies = {body for _, body in acked_comments.values()}
expect("every stored comment was asked for (answered 303 or unanswered)",
       [i for i, (_, body) in stored_comments.items()
        if body not in acked_bodies and body not in unknown_comment_bodies])
audited = collections.Counter()
for (key,) in rows("comment_audit.tsv"):
    found = re.search(r"comment/(\d+)$", key)
    audited[int(found.group(1)) if found else key] += 1
expect("every stored comment has exactly one add_comment audit entry",
       [i for i in stored_comments if audited[i] != 1])
expect("every add_comment audit entry has its comment",
       [i for i in audited if i not in stored_comments])

# Votes: the stored choice is the last one answered 303, or one sent after it without an answer.
stored_votes = {(e, k, key): c for e, k, key, c in rows("votes.tsv")}
lost, invented = [], []
for item, history in vote_history.items():
    last_acked = max((n for n, (acked, _) in enumerate(history) if acked), default=-1)
    allowed = {c for n, (acked, c) in enumerate(history) if n >= last_acked and
               (n == last_acked or not acked)}
    stored = stored_votes.get(item)
    if last_acked >= 0 and stored not in allowed:
        lost.append((item, stored, sorted(allowed)))
    if last_acked < 0 and stored is not None and stored not in allowed:
        invented.append((item, stored))
invented += [item for item in stored_votes if item not in vote_history]
expect("every vote answered 303 is stored with its choice (or a later unanswered one)", lost)
expect("every stored vote was asked for", invented)
last_audit = {}
audit_count = collections.Counter()
for email, key, after in rows("vote_audit.tsv"):
    found = re.search(r"/vote/([^/]+)/(.+)$", key)
    item = (email, found.group(1), found.group(2)) if found else (email, key, "")
    last_audit[item] = json.loads(after)["choice"]
    audit_count[item] += 1
expect("every vote row's choice is the one its last cast_vote audit entry recorded",
       [(item, c, last_audit.get(item)) for item, c in stored_votes.items()
        if last_audit.get(item) != c])
expect("every cast_vote audit entry has its vote row",
       [item for item in last_audit if item not in stored_votes])
acked_vote_requests = collections.Counter(
    item for item, history in vote_history.items() for acked, _ in history if acked)
expect("at least one cast_vote audit entry per vote answered 303",
       [item for item, n in acked_vote_requests.items() if audit_count[item] < n])

# Progress updates.
updates = rows("updates.tsv")
stored_notes = collections.Counter(note for _, note, _, _, _ in updates)
expect("every progress update answered 303 is stored once",
       [note for note in acked_notes if stored_notes[note] != 1])
expect("every stored progress update was asked for, once",
       [note for note, n in stored_notes.items()
        if n != 1 or (note not in acked_notes and note not in unknown_notes)])
expect("every published update has its public progress row",
       [(i, note) for i, note, state, published, found in updates
        if state == "published" and (published == "0" or found != "1")])
audited_notes = collections.Counter(json.loads(after).get("note") for (after,) in
                                    rows("update_audit.tsv"))
expect("every stored progress update has exactly one submit_progress_update audit entry",
       [note for note in stored_notes if audited_notes[note] != 1])
expect("every submit_progress_update audit entry has its update",
       [note for note in audited_notes if note not in stored_notes])

print("stored: " + f"{len(stored_comments)} comments, {len(stored_votes)} vote rows, "
      f"{len(updates)} progress updates")
print("check: " + ("PASSED" if not problems else "FAILED: " + "; ".join(problems)))
sys.exit(1 if problems else 0)
