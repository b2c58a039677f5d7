"""The site engine: MkDocs 1.6 with Material. The only package that imports MkDocs.

It receives finished pages (a `Staging`), gives them to MkDocs from memory with a generated
`mkdocs.yml`, and runs MkDocs' build steps. Switching engines (Zensical, MkDocs 2) means
replacing this package alone: no logic of ours lives in MkDocs hooks or plugins.

| module | job |
|---|---|
| `mkdocs_config` | the generated `mkdocs.yml`, its Markdown extensions, the theme folder |
| `mkdocs_build` | `build_site`: MkDocs' build steps over the staged pages |
| `page_processes` | the pages shared out between processes, their warnings and results gathered |
| `dirty_manifest` | what the built pages were made from, for a dirty (cached) build |
| `session` | MkDocs kept loaded between rebuilds of the live preview |
| `mkdocs_patches` | every patch and every private MkDocs function used, with the test that proves it |
"""

from generator.render.engine.mkdocs_build import build_site, cache_key
from generator.render.engine.mkdocs_config import MARKDOWN_EXTENSIONS, mkdocs_config
from generator.render.engine.mkdocs_log import EngineError
from generator.render.engine.page_processes import AllOf, OnWrite
from generator.render.engine.session import Session

__all__ = ["AllOf", "EngineError", "MARKDOWN_EXTENSIONS", "OnWrite", "Session", "build_site", "cache_key", "mkdocs_config"]
