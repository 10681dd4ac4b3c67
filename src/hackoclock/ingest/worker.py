"""Prepare chunks in a worker process, so reading and validating overlap the database writes.

The worker is a fresh interpreter (``python -m hackoclock.ingest.worker``): it inherits no
database connection and does not re-run the caller's ``__main__``. It reads the pickled
:class:`~hackoclock.ingest.prepare.PrepareJob` from its stdin and writes each prepared chunk,
pickled, to its stdout. The pipe is the only buffer: the worker prepares the next chunk while
the importing process writes the current one, and waits when it is a chunk ahead.
An error in the worker (a broken file, ...) is sent back and raised in the importing process,
whose transaction then rolls back as before; a worker that dies without a word is an error too.
"""

from __future__ import annotations

import gc
import os
import pickle
import subprocess
import sys
from collections.abc import Generator
from pathlib import Path
from typing import IO, Any

import hackoclock
from hackoclock.ingest.prepare import PreparedChunk, PrepareJob, prepare_chunks

STOP_S = 10.0
PIPE_BUFFER = 1 << 20


class WorkerDied(RuntimeError):
    """The worker process ended without sending its last message."""


def _send(out: IO[bytes], kind: str, payload: Any, *, memo: bool = True) -> None:
    pickler = pickle.Pickler(out, protocol=pickle.HIGHEST_PROTOCOL)
    # SQLite rows hold only numbers and text: without a memo they pickle in half the time
    # (the stream is a quarter longer). PostgreSQL rows hold datetimes, which share one
    # tzinfo and often one value: without a memo they take four times longer.
    pickler.fast = not memo
    pickler.dump((kind, payload))
    out.flush()


def _picklable(exc: BaseException) -> BaseException:
    try:
        pickle.loads(pickle.dumps(exc))
    except Exception:
        return RuntimeError(f"{type(exc).__name__}: {exc}")
    return exc


def serve(source: IO[bytes], out: IO[bytes]) -> None:
    """The worker's side: read one job, send its chunks, then ``done`` (or ``error``)."""
    job: PrepareJob = pickle.load(source)
    # The records make no reference cycles: collect once a chunk, not every few hundred
    # allocations (saves about a tenth of the worker's time).
    gc.disable()
    try:
        for chunk in prepare_chunks(job):
            _send(out, "chunk", chunk, memo=not job.sqlite)
            del chunk
            gc.collect()
    except Exception as exc:  # sent back and raised by the importing process
        _send(out, "error", _picklable(exc))
    else:
        _send(out, "done", None)


def _environment() -> dict[str, str]:
    env = dict(os.environ)
    package_root = str(Path(hackoclock.__file__).resolve().parent.parent)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (package_root, env.get("PYTHONPATH")) if p)
    return env


def chunks_from_worker(job: PrepareJob) -> Generator[PreparedChunk, None, None]:
    """Yield the prepared chunks of ``job`` as a worker process makes them."""
    process = subprocess.Popen(
        [sys.executable, "-m", "hackoclock.ingest.worker"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        env=_environment(),
        bufsize=PIPE_BUFFER,
    )
    assert process.stdin is not None and process.stdout is not None
    try:
        pickle.dump(job, process.stdin, protocol=pickle.HIGHEST_PROTOCOL)
        process.stdin.close()
        while True:
            try:
                kind, payload = pickle.load(process.stdout)
            except EOFError:
                process.wait(STOP_S)
                raise WorkerDied(
                    f"the import worker ended unexpectedly (exit code {process.returncode})"
                ) from None
            if kind == "chunk":
                yield payload
            elif kind == "error":
                raise payload
            else:
                break
        process.wait(STOP_S)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(STOP_S)
        process.stdout.close()


def main() -> None:
    """Worker entry point; stray prints go to stderr so they cannot corrupt the chunk stream."""
    out = os.fdopen(os.dup(sys.stdout.fileno()), "wb", buffering=PIPE_BUFFER)
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    with out:
        serve(sys.stdin.buffer, out)


if __name__ == "__main__":
    main()
