"""Valid HTML from Material's own templates (the Nu HTML Checker runs on every page).

Three spots of Material 9's markup are invalid HTML, in templates we cannot override by
block (base.html's body, nav-item.html) without copying them whole, and a copy would go
stale with every Material release (base.html names its hashed asset files). So the engine
passes every HTML file MkDocs writes through `valid_markup`, which edits exactly those
spots, and nothing else:

- `autocomplete="off"` on the drawer and search toggles, which are checkboxes: the
  attribute is not allowed there (HTML: only on text-like inputs).
- `tabindex=""` on the labels of navigation sections: an empty value is not an integer.
- `<label for="__toc">` on pages that are not in the navigation: the checkbox it names is
  written only for pages in the navigation, and a label must name an existing control.
"""

from __future__ import annotations

import re

_TOGGLE = re.compile(rb'(<input class="md-toggle"[^>]*type="checkbox"[^>]*?) autocomplete="off"')
_EMPTY_TABINDEX = re.compile(rb'(<label [^>]*?) tabindex=""')
_TOC_LABEL = re.compile(rb'(<label class="md-nav__title") for="__toc"')


def valid_markup(html: bytes) -> bytes:
    html = _TOGGLE.sub(rb"\1", html)
    html = _EMPTY_TABINDEX.sub(rb"\1", html)
    if b'id="__toc"' not in html:
        html = _TOC_LABEL.sub(rb"\1", html)
    return html
