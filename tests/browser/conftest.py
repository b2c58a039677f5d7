"""Browser fixtures: Playwright driving Debian's Chromium (never a downloaded browser).

`built_site` builds the example community once per test session; `served` serves it on
127.0.0.1; `browser` is a headless Chromium. Every context is made by `open_context`,
which sets the browser's clock (to the build's day unless a test names another moment),
so that no test depends on the day it runs. Tests that need no browser live outside
this folder.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import zipfile
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Iterator

import pytest

from generator.offline import BUNDLE, BUNDLE_ROOT
from tests.conftest import TODAY, local_server


CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


BUILD_MOMENT = f"{TODAY}T10:00:00+08:00"   # the morning of the day the example is built for


def open_context(browser, at: "str | datetime" = BUILD_MOMENT, **options):
    """A Chinese-locale context in the site's time zone whose clock starts at `at` and runs."""
    context = browser.new_context(**{"locale": "zh-CN", "timezone_id": "Asia/Shanghai", **options})
    context.clock.install(time=at)
    return context


@pytest.fixture(scope="session")
def built_site(example_site: Path) -> Path:
    """The example community built with posters off, for `TODAY` (see tests/conftest.py)."""
    return example_site


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@contextmanager
def serve_folder(folder: Path) -> Iterator[str]:
    """Base URL (ending in /) of `folder` on a local HTTP server, stopped at the end."""
    with local_server(functools.partial(_QuietHandler, directory=str(folder))) as url:
        yield url


@pytest.fixture(scope="session")
def served(built_site: Path) -> Iterator[str]:
    """Base URL (ending in /) of the built site on a local HTTP server."""
    with serve_folder(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    playwright_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is missing: run `bash .ci/setup` as root")
    with playwright_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = open_context(browser)
    page = context.new_page()
    yield page
    context.close()


def unpacked_bundle(site: Path, target: Path) -> Path:
    """The offline zip of the built `site`, unpacked into `target` as a student would on a
    USB stick: the folder to open `index.html` from."""
    with zipfile.ZipFile(site / BUNDLE) as bundle:
        bundle.extractall(target)
    return target / BUNDLE_ROOT


@pytest.fixture(scope="session")
def file_copy(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example's offline copy on a USB stick."""
    return unpacked_bundle(built_site, tmp_path_factory.mktemp("usb"))
