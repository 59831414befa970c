"""Running the installed ``quotetrack`` as a user would, and what a clean failure is.

The reliability tests run the real entry point in a subprocess, because what a user sees
(exit status, stderr, no traceback) and what survives a SIGKILL can only be observed from
outside the process.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass

from reliability_soak import QUOTETRACK


@dataclass(frozen=True)
class Run:
    """A finished command: its exit status and what it printed."""

    exit_code: int
    stdout: str
    stderr: str

    @property
    def error_lines(self) -> list[str]:
        return [line for line in self.stderr.splitlines() if line.startswith("Error:")]


def run_quotetrack(*args: str, stdin: bytes | None = None, env: dict | None = None) -> Run:
    """Run ``quotetrack ARGS`` to completion; stdout and stderr decoded as UTF-8."""
    full_env = dict(os.environ)
    full_env.pop("QUOTETRACK_DB", None)
    full_env.update(env or {})
    proc = subprocess.run(
        [str(QUOTETRACK), *args], input=stdin, capture_output=True, env=full_env, timeout=600
    )
    return Run(
        proc.returncode,
        proc.stdout.decode("utf-8", "replace"),
        proc.stderr.decode("utf-8", "replace"),
    )


def run_in_process(*args: str, input: str | bytes | None = None) -> Run:
    """Run ``quotetrack ARGS`` through click's runner, for tests with many quick cases.
    An exception other than click's exit would have been a traceback: it is raised."""
    from click.testing import CliRunner

    from quotetrack.cli import cli

    result = CliRunner().invoke(cli, list(args), input=input, catch_exceptions=True)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return Run(result.exit_code, result.stdout, result.stderr)


def assert_clean_failure(run: Run, exit_code: int) -> None:
    """The failure a user should see: the documented status, no traceback, and the reason
    on one line of stderr."""
    assert run.exit_code == exit_code, (run.exit_code, run.stderr)
    assert "Traceback" not in run.stderr + run.stdout
    if exit_code == 3:
        failed = [line for line in run.stderr.splitlines() if line.startswith("failed ")]
        assert len(failed) >= 1, run.stderr
    else:
        assert len(run.error_lines) == 1, run.stderr
