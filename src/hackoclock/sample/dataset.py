"""The synthetic data set of one spec: creators, plan, chunks, and flat Arrow record batches."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pyarrow as pa

from hackoclock.sample import plan as plan_mod
from hackoclock.sample.captions import build_text_tables
from hackoclock.sample.creators import build_creators
from hackoclock.sample.json_text import video_urls
from hackoclock.sample.manifest import ManifestCollector
from hackoclock.sample.plan import build_plan
from hackoclock.sample.spec import SampleSpec
from hackoclock.sample.videos import Chunk, build_chunk, observe

TIMESTAMP = pa.timestamp("s", tz="UTC")
SCHEMA = pa.schema(
    [
        ("video_id", pa.string()),
        ("creator_id", pa.string()),
        ("username", pa.string()),
        ("nickname", pa.string()),
        ("url", pa.string()),
        ("caption", pa.string()),
        ("hashtags", pa.list_(pa.string())),
        ("duration_s", pa.int64()),
        ("date_posted", TIMESTAMP),
        ("views", pa.int64()),
        ("likes", pa.int64()),
        ("shares", pa.int64()),
        ("bookmarks", pa.int64()),
        ("comments", pa.int64()),
        ("follower_count", pa.int64()),
        ("observed_at", TIMESTAMP),
        ("planted", pa.string()),  # null, or the kind of planted manipulation
    ]
)
_KIND_NAMES = pa.array([None, *plan_mod.KINDS], type=pa.string())


class SampleGenerator:
    """Everything drawn once per spec (creators, text tables, plan); videos drawn per chunk."""

    def __init__(self, spec: SampleSpec) -> None:
        self.spec = spec
        self.creators = build_creators(spec)
        self.text = build_text_tables(spec.rng(4))
        sizes = (len(self.text.phrases), len(self.text.slang), len(self.text.emoji))
        self.plan = build_plan(spec, self.creators.topic, sizes)
        self.collector = ManifestCollector(spec, self.creators, self.plan)

    def chunk(self, k: int) -> Chunk:
        """Chunk ``k``; safe to call from worker threads (the caller records it: ``collect``)."""
        return build_chunk(self.spec, self.creators, self.plan, self.text, k)

    def collect(self, k: int, chunk: Chunk) -> None:
        """Note the chunk's planted videos for the manifest (call from one thread)."""
        self.collector.add(k, chunk)

    def chunks(self) -> Iterator[tuple[int, Chunk]]:
        for k in range(self.spec.n_chunks):
            chunk = self.chunk(k)
            self.collect(k, chunk)
            yield k, chunk

    def author_stats(self) -> tuple[np.ndarray, np.ndarray]:
        """Each creator's video count and an estimate of their lifetime likes."""
        c = self.creators
        total_likes = self.plan.video_count * np.exp(c.reach + 0.5) * c.like_rate
        return self.plan.video_count, np.rint(total_likes).astype(np.int64)

    def batches(self) -> Iterator[pa.RecordBatch]:
        """Flat records, snapshot by snapshot (oldest first), chunk by chunk."""
        for snapshot in range(self.spec.snapshots):
            observed_at = self.spec.observed_at(snapshot)
            at_ts = int(observed_at.timestamp())
            for _, chunk in self.chunks():
                yield self.record_batch(chunk, observe(chunk, at_ts), at_ts)

    def record_batch(
        self, chunk: Chunk, counts: dict[str, np.ndarray], at_ts: int
    ) -> pa.RecordBatch:
        c, who, n = self.creators, pa.array(chunk.creator), len(chunk)
        username = c.username.take(who)
        columns = [
            chunk.video_id,
            c.creator_id.take(who),
            username,
            c.nickname.take(who),
            video_urls(username, chunk.video_id),
            chunk.caption,
            self.text.tag_list.take(pa.array(chunk.tags)),
            pa.array(chunk.duration, pa.int64()),
            pa.array(chunk.create_ts, pa.int64()).cast(TIMESTAMP),
            *(pa.array(counts[name]) for name in ("views", "likes", "shares", "bookmarks")),
            pa.array(counts["comments"]),
            pa.array(c.followers[chunk.creator]),
            pa.array(np.full(n, at_ts, dtype=np.int64)).cast(TIMESTAMP),
            _KIND_NAMES.take(pa.array(chunk.planted)),
        ]
        return pa.RecordBatch.from_arrays(columns, schema=SCHEMA)
