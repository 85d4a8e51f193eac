"""The replication report's pages: page data and templates.

Each page-data function is a pure function of a :class:`~nnatlas.atlas.Snapshot` (and the
language) returning a plain dict; the Jinja2 templates in ``templates/`` (one per page kind, a
shared ``base.html``) only lay the dict out. :mod:`nnatlas.outputs.report` writes them to a
static site; the web atlas serves the same templates live.
"""

from nnatlas.outputs.pages.data import PAGE_KINDS, environment, page_files, site

__all__ = ["PAGE_KINDS", "environment", "page_files", "site"]
