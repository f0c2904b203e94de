"""The test session serves the built site for the browser tests.

With pytest-xdist (`make test` runs on every core) the workers come and go, and each would
otherwise start and stop its own server on the one address the site is built for. So the
process that outlives them (the controller, or the only process without xdist) serves, from
the start of the session, whenever a built site exists (a thread; it costs nothing when no
browser test runs). A port already taken is left alone: tests/browser/conftest.py checks that
what answers there is this build.

Hypothesis draws its examples from a seed derived from each test (`derandomize`, which also
keeps no database of past failures): with the pinned Hypothesis and the same Python, a run
fails or passes the same way on every machine, and a failure in CI is one a maintainer can
reproduce. Both profiles start from Hypothesis's defaults, not from whichever profile is loaded
(with a CI variable set, Hypothesis loads its own "ci" one first). To search afresh with random
seeds, run `HYPOTHESIS_PROFILE=explore make unit`.
"""

import os

import pytest
from hypothesis import settings

import site_server

settings.register_profile("reproducible", settings.get_profile("default"), derandomize=True)
settings.register_profile("explore", settings.get_profile("default"))  # a random seed, a failure database
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "reproducible"))

_SERVER = pytest.StashKey()


def pytest_sessionstart(session):
    if not hasattr(session.config, "workerinput"):  # an xdist worker: its controller serves
        session.config.stash[_SERVER] = site_server.start()


def pytest_sessionfinish(session):
    server = session.config.stash.get(_SERVER, None)
    if server is not None:
        server.shutdown()
        server.server_close()
