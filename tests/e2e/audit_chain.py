#!/usr/bin/env python3
"""audit_chain.py - the audit chain of a SQLite casework database, computed
independently of casework, from the bytes casework.7 (AUDIT TRAIL) says each
entry's hash covers.

  audit_chain.py DB print   each entry's id and the hash recomputed from its
                            stored columns and the hash recomputed before it
  audit_chain.py DB rehash  writes every entry's prev_hash and hash again, as
                            an adversary who edited the trail would (the
                            triggers dropped first)
  audit_chain.py DB format1 makes the trail one of format 1 (a database
                            written before schema version 4): the
                            detail_sha256 column dropped, every hash
                            recomputed over the detail itself
  audit_chain.py DB format1-kept  the same with the column kept, NULL in
                            every entry (a database upgraded from
                            version 3 before its first write)
"""
import hashlib
import sqlite3
import sys


def text(prev, r, last):
    """The bytes hashed: the previous hash, id, time, actor, batch, action,
    entity and ids, then the detail (format 1) or its SHA-256 in hex
    (format 2), joined by 0x1F."""
    parts = [prev, str(r["id"]), r["at"], r["actor"], str(r["batch_id"]),
             r["action"], r["entity"], r["ids"], last]
    return "\x1f".join(parts).encode("utf-8")


def chain(db, fmt1=False):
    db.row_factory = sqlite3.Row
    cols = [c[1] for c in db.execute("PRAGMA table_info(audit)")]
    prev = "0" * 64
    for r in db.execute("SELECT * FROM audit ORDER BY id").fetchall():
        digest = None if fmt1 or "detail_sha256" not in cols else r["detail_sha256"]
        h = hashlib.sha256(text(prev, r, digest if digest else r["detail"])).hexdigest()
        yield r["id"], prev, h
        prev = h


def main():
    path, what = sys.argv[1], sys.argv[2]
    db = sqlite3.connect(path)
    if what == "print":
        for i, _, h in chain(db):
            print(f"AU-{i}:{h}")
        return
    db.executescript("DROP TRIGGER IF EXISTS audit_no_update;"
                     " DROP TRIGGER IF EXISTS audit_no_delete;")
    if what == "format1":
        db.execute("ALTER TABLE audit DROP COLUMN detail_sha256")
    elif what == "format1-kept":
        db.execute("UPDATE audit SET detail_sha256 = NULL")
    rows = list(chain(db, what.startswith("format1")))
    for i, prev, h in rows:
        db.execute("UPDATE audit SET prev_hash = ?, hash = ? WHERE id = ?",
                   (prev, h, i))
    db.commit()
    db.executescript(
        "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit"
        "  BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;"
        "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit"
        "  BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;")


main()
