"""yizhan (一站): Markdown with YAML front matter → a community site, calendar and posters.

The pipeline, one module each: load → validate → model → pages / calendar / posters /
offline → write. See README.md for the tour.
"""
