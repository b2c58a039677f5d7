"""`yizhan serve`: a local preview that rebuilds on every save and reloads the open page.

The preview is built into a private temporary folder (never `site/`) and served on
127.0.0.1. A watchdog observer watches `content/`, `theme/` and `site_config.yml`.

Fast path, for a change under `content/`:
  - files are read and parsed again only when their mtime or size changed (`SourceCache`);
  - the output steps (feed, search, calendar) start at once in a forked process
    (`BackgroundSteps`), through the pipeline's `run_steps` as in `build`;
  - pages are rendered again only when their inputs changed (the page memo of
    `build --cache`, render/pagememo.py, kept in memory); home, list and tag pages are
    checked every time, so they are never stale;
  - MkDocs stays loaded (`engine.Session`) and renders only the pages whose Markdown changed.
A change to the theme or the config rebuilds everything.

Every HTML page is served with a small script (theme/serve/) that long-polls
`/__yizhan__/wait` and reloads when a rebuild finished; after a failed rebuild the page
keeps its last good content and shows the errors over it. Nothing of this is written
to the built files: it is added while serving.

| module | job |
|---|---|
| `command` | `serve`: build, serve, watch, rebuild until interrupted; the terminal's lines |
| `preview` | `Preview`: the preview's pipeline (full or incremental rebuilds), its errors and status |
| `sources` | `SourceCache`: content files read and validated again only when they changed |
| `background` | `BackgroundSteps`: feed, search index and calendar files in a forked process |
| `server` | the HTTP server and handler: reload script, error overlay, 404, Host check |
| `watch` | the watchdog observer: changed paths in batches, folders that come back watched again |
"""

from generator.serve.command import serve
from generator.serve.preview import Preview
from generator.serve.sources import SourceCache

__all__ = ["Preview", "SourceCache", "serve"]
