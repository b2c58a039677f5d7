"""Offline: the service worker, the web app manifest and its icons, and the file:// zip.

The build makes an `OfflineBundle`, hands it to MkDocs as what sees each written page,
and calls its `finish(out, report)` after every other step. Inside: `icons`, `worker`
(manifest and service worker), `sitefiles` (the output's files and their hash cache),
`filezip` (the file:// zip, its entries and the kept last zip), `zipwriter`, `step`.
"""

from generator.offline.filezip import BUNDLE, BUNDLE_ROOT, file_html
from generator.offline.step import OfflineBundle

__all__ = ["BUNDLE", "BUNDLE_ROOT", "OfflineBundle", "file_html"]
