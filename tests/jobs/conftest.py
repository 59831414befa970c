"""Fixtures of the job tests: the local web site (see website.py)."""

from __future__ import annotations

import pytest
from website import start


@pytest.fixture
def site():
    """A web server on 127.0.0.1, stopped after the test."""
    served, server = start()
    yield served
    server.shutdown()
    server.server_close()
