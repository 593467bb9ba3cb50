"""Benchmark: how long signing in takes on the embedded database with the real
argon2id parameters (argon2-cffi's defaults), against the bare hash check.

    python -m tests.benchmarks.login_time [--rounds 30]

Prints medians and the 95th percentile; run it on the machine you care about.
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import tempfile
import time
from pathlib import Path

from argon2 import PasswordHasher

import main
from domain.common.errors import SignInFailed
from domain.staff.session import FirstAdminForm
from storage.common.engine import create_database_engine, sqlite_url
from storage.schema import upgrade

PASSWORD = "lantern-meadow-quartz-91"


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def measure(rounds: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        engine = create_database_engine(sqlite_url(Path(folder) / "bench.sqlite3"))
        upgrade(engine)
        auth = main.build_embedded(engine)
        auth.create_first_admin(FirstAdminForm("admin", "Bench Admin", PASSWORD, PASSWORD), "B")

        sign_in, wrong, bare = [], [], []
        hasher = PasswordHasher()
        stored = hasher.hash(PASSWORD)
        for _ in range(rounds):
            start = time.perf_counter()
            auth.sign_in("admin", PASSWORD, "BENCH")
            sign_in.append(time.perf_counter() - start)
            start = time.perf_counter()
            hasher.verify(stored, PASSWORD)
            bare.append(time.perf_counter() - start)
        for n in range(3):  # a few failures, not five: that would lock the account
            start = time.perf_counter()
            with contextlib.suppress(SignInFailed):
                auth.sign_in("admin", f"wrong password {n}", "BENCH")
            wrong.append(time.perf_counter() - start)
        engine.dispose()

    ms = lambda samples: statistics.median(samples) * 1000  # noqa: E731
    print(
        f"argon2id parameters: time_cost={hasher.time_cost}, "
        f"memory_cost={hasher.memory_cost} KiB, parallelism={hasher.parallelism}"
    )
    print(
        f"sign-in through the service (SQLite, audit included): median {ms(sign_in):.1f} ms, "
        f"p95 {percentile(sign_in, 0.95) * 1000:.1f} ms, {rounds} rounds"
    )
    print(f"bare argon2id verify: median {ms(bare):.1f} ms")
    print(f"ratio sign-in / bare verify: {ms(sign_in) / ms(bare):.2f}")
    print(f"failed sign-in: median {ms(wrong):.1f} ms (same cost: timing tells nothing)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=30)
    measure(parser.parse_args().rounds)
