"""PostgreSQL bulk-load path: defer the constraints and indexes an import would check row by row.

PostgreSQL checks a foreign key with one query per inserted row and adds every row to every
index as it comes. For an import that brings many new keys it is much cheaper to drop the
foreign keys and the secondary indexes of the tables the import writes, load, and then build
each index with one sort and validate each foreign key with one join (measured on 1,000,000
new videos on a busy machine: 87 s of server CPU row by row, 20 s with this path; see
docs/benchmarks/ingest.md).

What is deferred, read from the catalog (so the restored definitions are exactly the ones the
migrations made, names included), on ``creators``, ``videos`` and ``metric_snapshots``:

* every foreign key these tables own (to ``creators``, ``videos``, ``import_batches``);
* their indexes that back no constraint (``ix_creators_username``, ``ix_videos_creator_id``);
* their unique and primary-key constraints that no foreign key points at
  (``uq_metric_snapshots_video_observed``, ``pk_metric_snapshots``).

The primary keys of ``creators`` and ``videos`` stay: other capabilities' foreign keys
(scores, ledger, redemptions, ...) point at them, and the loader's upserts and key look-ups
use them. Nothing of any other table is touched.

Everything happens inside the import's transaction: a failure anywhere (including a foreign
key that does not validate at the end) rolls the schema back with the data. The price is
locking: dropping a foreign key takes an ACCESS EXCLUSIVE lock on its table and on the table
it references, so ``creators``, ``videos``, ``metric_snapshots`` and ``import_batches`` can be
neither read nor written by anyone else until the import commits. Hence the choice
(:func:`use_bulk`): on by request, off by request, or automatic for files big enough against
the tables they go into.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

TABLES = ("creators", "videos", "metric_snapshots")

# Automatic choice: a file this big or bigger ...
BULK_MIN_BYTES = 16 * 2**20
# ... whose record count, estimated at this many bytes a record (about what the tiktok-scraper
# export takes; CSV records are smaller, so they are underestimated: the safe side) ...
BYTES_PER_RECORD = 1_500
# ... is at least this share of the rows in the biggest table it writes. Rebuilding costs
# about a fifth of maintaining the indexes row by row per row of the whole table (measured),
# so below a quarter the row-by-row path is cheaper.
BULK_MIN_SHARE = 0.25

# Memory for the rebuild (per operation, in kB); only ever raised, never lowered.
MAINTENANCE_WORK_MEM_KB = 256 * 1024
WORK_MEM_KB = 128 * 1024

_CONSTRAINTS = """
SELECT c.conrelid::regclass::text, quote_ident(c.conname), c.contype,
       pg_get_constraintdef(c.oid)
FROM pg_constraint c
WHERE c.conrelid = ANY(%(tables)s::regclass[])
  AND (c.contype = 'f'
       OR (c.contype IN ('p', 'u')
           AND NOT EXISTS (SELECT 1 FROM pg_constraint f
                           WHERE f.contype = 'f' AND f.conindid = c.conindid)))
ORDER BY 1, 2
"""

_INDEXES = """
SELECT i.indrelid::regclass::text, quote_ident(ci.relname), quote_ident(n.nspname),
       i.indisunique, pg_get_indexdef(i.indexrelid)
FROM pg_index i
JOIN pg_class ci ON ci.oid = i.indexrelid
JOIN pg_namespace n ON n.oid = ci.relnamespace
WHERE i.indrelid = ANY(%(tables)s::regclass[])
  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid
                  AND (c.conrelid = i.indrelid OR c.contype = 'f'))
ORDER BY 1, 2
"""

_ROWS = """
SELECT coalesce(max(CASE WHEN reltuples >= 0 THEN reltuples END), 0),
       bool_or(reltuples < 0)
FROM pg_class WHERE oid = ANY(%(tables)s::regclass[])
"""


@dataclass(frozen=True, slots=True)
class Deferred:
    """One constraint or index taken away for the load, with the statements to put it back."""

    table: str
    name: str
    kind: str  # "foreign key", "unique" (unique and primary-key constraints), "index"
    unique: bool  # an ON CONFLICT on ``table`` may need it
    drop: str
    create: str


def use_bulk(pg: Any, file_bytes: int, requested: bool | None) -> bool:
    """Whether an import of a ``file_bytes`` file takes the bulk path.

    ``requested`` True or False decides; None (automatic) takes it for a file of at least
    :data:`BULK_MIN_BYTES` whose estimated records are at least :data:`BULK_MIN_SHARE` of the
    rows of the biggest table it writes (the planner's estimate, or an exact count for a
    table never analysed). An empty database takes it for every file that big.
    """
    if requested is not None:
        return requested
    if file_bytes < BULK_MIN_BYTES:
        return False
    return file_bytes / BYTES_PER_RECORD >= _largest_table_rows(pg) * BULK_MIN_SHARE


def _largest_table_rows(pg: Any) -> float:
    with pg.cursor() as cur:
        cur.execute(_ROWS, {"tables": list(TABLES)})
        estimate, unknown = cur.fetchone()
        if not unknown:
            return float(estimate)
        counts = [estimate]
        for table in TABLES:  # never analysed (a new table): count it
            cur.execute(f"SELECT count(*) FROM {table}")
            counts.append(cur.fetchone()[0])
        return float(max(counts))


def deferrable(pg: Any) -> list[Deferred]:
    """The foreign keys, indexes and unique constraints of :data:`TABLES` the path defers."""
    found: list[Deferred] = []
    with pg.cursor() as cur:
        cur.execute(_CONSTRAINTS, {"tables": list(TABLES)})
        for table, name, contype, definition in cur.fetchall():
            found.append(
                Deferred(
                    table=table,
                    name=name,
                    kind="foreign key" if contype == "f" else "unique",
                    unique=contype != "f",
                    drop=f"ALTER TABLE {table} DROP CONSTRAINT {name}",
                    create=f"ALTER TABLE {table} ADD CONSTRAINT {name} {definition}",
                )
            )
        cur.execute(_INDEXES, {"tables": list(TABLES)})
        for table, name, schema, unique, definition in cur.fetchall():
            found.append(
                Deferred(
                    table=table,
                    name=name,
                    kind="index",
                    unique=bool(unique),
                    drop=f"DROP INDEX {schema}.{name}",
                    create=str(definition),
                )
            )
    return found


class BulkSchema:
    """The deferred objects of one import: dropped on creation, put back by :meth:`restore`.

    Use only inside the import's transaction (the caller holds it open and rolls it back on
    any error, which brings every dropped object back as it was).
    """

    def __init__(self, pg: Any) -> None:
        self._pg = pg
        self._pending = deferrable(pg)
        # foreign keys first: a unique constraint cannot go while a foreign key uses it
        order = {"foreign key": 0, "index": 1, "unique": 2}
        with pg.cursor() as cur:
            for item in sorted(self._pending, key=lambda d: order[d.kind]):
                cur.execute(item.drop)

    @property
    def pending(self) -> list[Deferred]:
        """What is still dropped."""
        return list(self._pending)

    def need_unique(self, table: str) -> None:
        """Put back ``table``'s unique indexes now: an upsert's ON CONFLICT needs them."""
        self._raise_memory()
        self._restore([d for d in self._pending if d.table == table and d.unique])

    def restore(self) -> None:
        """Put everything back: unique constraints, then indexes, then foreign keys."""
        order = {"unique": 0, "index": 1, "foreign key": 2}
        self._raise_memory()
        self._restore(sorted(self._pending, key=lambda d: order[d.kind]))

    def _restore(self, items: list[Deferred]) -> None:
        with self._pg.cursor() as cur:
            for item in items:
                cur.execute(item.create)
                self._pending.remove(item)

    def _raise_memory(self) -> None:
        """Sort each index in memory and join each foreign key's check in one hash table."""
        with self._pg.cursor() as cur:
            for name, kb in (
                ("maintenance_work_mem", MAINTENANCE_WORK_MEM_KB),
                ("work_mem", WORK_MEM_KB),
            ):
                cur.execute(
                    "SELECT set_config(name, %s, true) FROM pg_settings "
                    "WHERE name = %s AND setting::bigint < %s",
                    (f"{kb}kB", name, kb),
                )
