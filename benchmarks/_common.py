"""Shared helpers for the benchmarks: timing, medians, memory, the machine.

Only public tools are used (``time.perf_counter``, ``resource.getrusage``,
``subprocess``), so anyone with the project installed can rerun every figure.
"""

from __future__ import annotations

import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

POLNEAR_TRAIN = Path("/work/shared/corpora/polnear/train/text")


def median_time(fn: Callable[[], object], runs: int) -> tuple[float, list[float]]:
    """The median wall time of ``runs`` calls, and every sample (noisy machines vary)."""
    samples = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t0)
    return statistics.median(samples), samples


def run_process(argv: Sequence[str], env: dict | None = None, stdout=subprocess.DEVNULL) -> dict:
    """Run a whole process; its wall time, exit status and peak RSS (from wait4)."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(list(argv), stdout=stdout, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    stderr = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
    if proc.stderr:
        proc.stderr.close()
    proc.returncode = os.waitstatus_to_exitcode(status)
    return {
        "wall": wall,
        "rc": proc.returncode,
        "maxrss_mb": usage.ru_maxrss / 1024,  # Linux: kilobytes
        # CPU seconds of the process and the children it waited for: far steadier than
        # wall time on a machine shared with other work.
        "cpu": usage.ru_utime + usage.ru_stime,
        "stderr": stderr,
    }


def peak_rss_mb() -> float:
    """This process's peak resident set size so far, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def machine() -> dict:
    """What the figures were measured on: cores, CPU model, memory, Python."""
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem_gb = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem_gb = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "memory_gb": mem_gb,
        "python": sys.version.split()[0],
        "platform": platform.platform(),
    }


def print_machine() -> None:
    m = machine()
    print(
        f"machine: {m['nproc']} cores, {m['cpu']}, {m['memory_gb']} GB, "
        f"Python {m['python']}, {m['platform']}"
    )
