"""The test session serves the built site for the browser tests.

With pytest-xdist (`make test` runs on every core) the workers come and go, and each would
otherwise start and stop its own server on the one address the site is built for. So the
process that outlives them (the controller, or the only process without xdist) serves, from
the start of a session that includes the browser tests. A port already taken is left alone:
tests/browser/conftest.py checks that what answers there is this build.
"""

from pathlib import Path

import pytest

import site_server

_SERVER = pytest.StashKey()
BROWSER_TESTS = Path(__file__).resolve().parent / "browser"


def _runs_browser_tests(config) -> bool:
    for arg in config.args or [str(config.rootpath)]:
        path = (config.invocation_params.dir / arg.split("::")[0]).resolve()
        if path == BROWSER_TESTS or BROWSER_TESTS in path.parents or path in BROWSER_TESTS.parents:
            return True
    return False


def pytest_sessionstart(session):
    if hasattr(session.config, "workerinput"):  # an xdist worker: its controller serves
        return
    if _runs_browser_tests(session.config):
        session.config.stash[_SERVER] = site_server.start()


def pytest_sessionfinish(session):
    server = session.config.stash.get(_SERVER, None)
    if server is not None:
        server.shutdown()
        server.server_close()
