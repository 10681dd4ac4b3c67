"""The sidecar manifest: which videos carry planted manipulations, and why."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa

from hackoclock.sample import plan as plan_mod
from hackoclock.sample.creators import Creators
from hackoclock.sample.plan import Plan
from hackoclock.sample.spec import SampleSpec
from hackoclock.sample.videos import Chunk


def manifest_path(out: Path) -> Path:
    """``<out>.manifest.json`` beside the data file."""
    return out.with_name(out.name + ".manifest.json")


class ManifestCollector:
    """Gathers planted video ids chunk by chunk (each chunk counted once)."""

    def __init__(self, spec: SampleSpec, creators: Creators, plan: Plan) -> None:
        self.spec, self.creators, self.plan = spec, creators, plan
        self._seen: set[int] = set()
        self._videos: dict[tuple[int, int], list[str]] = {}  # (code, group) -> video ids
        self._captions: dict[int, str] = {}  # burst -> caption

    def add(self, k: int, chunk: Chunk) -> None:
        if k in self._seen:
            return
        self._seen.add(k)
        planted = np.flatnonzero(chunk.planted)
        ids = chunk.video_id.take(pa.array(planted)).to_pylist()
        for row, vid in zip(planted.tolist(), ids, strict=True):
            code = int(chunk.planted[row])
            group = self._group(code, int(chunk.creator[row]))
            self._videos.setdefault((code, group), []).append(vid)
            if code == plan_mod.BURST:
                self._captions.setdefault(group, chunk.caption[row].as_py())

    def _group(self, code: int, creator: int) -> int:
        if code == plan_mod.POD:
            return int(self.plan.pod_of[creator])
        if code == plan_mod.BURST:
            return int(self.plan.burst_of[creator])
        return 0

    @property
    def complete(self) -> bool:
        return len(self._seen) == self.spec.n_chunks

    def manifest(self, data_format: str) -> dict[str, Any]:
        """The manifest as a JSON-ready dict; needs every chunk to have been added."""
        if not self.complete:
            raise RuntimeError("the manifest needs every chunk generated first")
        spec = self.spec
        return {
            "generator": "hackoclock sample",
            "format": data_format,
            "seed": spec.seed,
            "creators": spec.n_creators,
            "videos": spec.n_videos,
            "snapshots": spec.snapshots,
            "start": spec.start.isoformat(),
            "days": spec.days,
            "observed_at": [spec.observed_at(i).isoformat() for i in range(spec.snapshots)],
            "planted": self._entries(),
        }

    def _entries(self) -> list[dict[str, Any]]:
        entries = []
        for (code, group), videos in sorted(self._videos.items()):
            kind = plan_mod.KINDS[code - 1]
            entry: dict[str, Any] = {"kind": kind, "why": plan_mod.REASONS[kind]}
            if code == plan_mod.POD:
                entry["pod"] = group
                entry["creator_ids"] = self._creator_ids(self.plan.pod_of == group)
            elif code == plan_mod.BURST:
                entry["creator_ids"] = self._creator_ids(self.plan.burst_of == group)
                entry["caption"] = self._captions[group]
            entry["video_ids"] = videos
            entries.append(entry)
        return entries

    def _creator_ids(self, mask: np.ndarray) -> list[str]:
        ids: list[str] = self.creators.creator_id.take(pa.array(np.flatnonzero(mask))).to_pylist()
        return ids


def write_manifest(path: Path, manifest: dict[str, Any]) -> None:
    path.write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
