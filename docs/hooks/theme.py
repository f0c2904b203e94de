"""What the book's template overrides (docs/overrides/main.html) need to know of the theme.

Material's script bundle has a content-hashed name written into its base template. The book
loads that bundle deferred (so it does not run inside the page's first layout), which means
writing the script tag itself; the name is found here, in the installed theme, instead of
being copied into the override (where the next Material release would silently break it).
"""

from __future__ import annotations

from pathlib import Path

import material
from mkdocs.exceptions import PluginError


def bundle_path() -> Path:
    """The installed Material theme's script bundle (the tests read it too)."""
    bundles = sorted((Path(material.__file__).parent / "templates" / "assets" / "javascripts").glob("bundle.*.min.js"))
    if len(bundles) != 1:
        raise PluginError(f"expected one script bundle in the installed Material theme, found {len(bundles)}")
    return bundles[0]


def on_config(config):
    config.extra["material_bundle"] = f"assets/javascripts/{bundle_path().name}"
    return config
