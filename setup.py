"""The package's URLs, which pyproject.toml cannot state: the book's site and repository are
known when the site is built (GDBOOK_SITE_URL, GDBOOK_REPO_URL; docs/scripts/build.py builds
the wheel the site serves with them). Everything else is in pyproject.toml."""

import os

from setuptools import setup

ADDRESSES = {"Homepage": "GDBOOK_SITE_URL", "Source": "GDBOOK_REPO_URL"}

setup(project_urls={label: os.environ[name] for label, name in ADDRESSES.items() if os.environ.get(name)})
