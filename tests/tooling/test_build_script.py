"""docs/scripts/build.py skips a language only when nothing it reads has changed."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "docs" / "scripts"))
import build  # noqa: E402


@pytest.fixture
def book(tmp_path, monkeypatch):
    """A tiny stand-in for the repository, with the files a build reads."""
    for name, text in {
        "mkdocs.yml": "site_name: x", "requirements.lock": "", "pyproject.toml": "",
        "docs/en.yml": "", "docs/zh.yml": "", "docs/en/index.md": "Home",
        "docs/zh/index.md": "首页", "docs/chapters/ch.md": "chapter", "gdbook/__init__.py": "",
        "docs/node_modules/temml/temml.js": "v1",
    }.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    monkeypatch.setattr(build, "ROOT", tmp_path)
    monkeypatch.setattr(build, "DOCS", tmp_path / "docs")
    monkeypatch.setattr(build, "LANGUAGES", ("zh", "en"))
    return tmp_path


def test_a_change_to_what_a_language_reads_changes_its_digest(book, monkeypatch):
    before = {lang: build.inputs_digest(lang) for lang in ("zh", "en")}
    assert build.inputs_digest("en") == before["en"]  # the same inputs, the same digest
    (book / "docs/zh/index.md").write_text("首页（改）", encoding="utf-8")
    assert build.inputs_digest("zh") != before["zh"]
    assert build.inputs_digest("en") == before["en"]  # English does not read the Chinese pages
    for shared in ("docs/chapters/ch.md", "gdbook/__init__.py", "mkdocs.yml", "docs/zh.yml"):
        (book / shared).write_text("changed", encoding="utf-8")
        now = build.inputs_digest("en")
        assert now != before["en"], shared
        before["en"] = now
    monkeypatch.setenv("GDBOOK_SITE_URL", "https://example.org/book/")
    assert build.inputs_digest("en") != before["en"]


def test_installed_packages_count_by_their_lock_not_their_files(book):
    # node_modules is installed from docs/package-lock.json, which the digest reads.
    before = build.inputs_digest("en")
    (book / "docs/node_modules/temml/temml.js").write_text("v2", encoding="utf-8")
    assert build.inputs_digest("en") == before


def test_serve_rebuilds_only_the_language_whose_prose_changed(tmp_path, monkeypatch):
    import serve

    chapter = tmp_path / "docs" / "chapters" / "ch.md"
    chapter.parent.mkdir(parents=True)
    region = '<!-- #region lang="{}" -->\n{}\n<!-- #endregion -->\n\n'
    text = region.format("en", "Text.") + region.format("zh", "文字。") + "```python\nx = 1\n```\n"
    chapter.write_text(text, encoding="utf-8")
    monkeypatch.setattr(serve, "ROOT", tmp_path)
    monkeypatch.setattr(serve, "_CHAPTER_VIEWS", {})
    serve._CHAPTER_VIEWS.update({(chapter, code): view for code, view in serve._chapter_views(chapter).items()})

    def edit(new_text):
        chapter.write_text(new_text, encoding="utf-8")
        return serve._languages_touched({chapter: 0.0}, {chapter: 1.0})

    assert edit(text.replace("Text.", "Other text.")) == ("en",)
    assert edit(text.replace("文字。", "别的文字。").replace("Text.", "Other text.")) == ("zh",)
    assert edit(text.replace("x = 1", "x = 2")) == tuple(sorted(serve.LANGUAGES))
