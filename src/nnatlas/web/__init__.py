"""The web atlas (``nnatlas serve``): a read-only FastAPI app over the atlas, its JSON API and pages.

Thin like the CLI: every route validates its query (:mod:`.params`), asks one library function
for a snapshot of the atlas, and returns what that function returns (the records ``--json``
prints), cached per date (:mod:`.cache`). Errors take one envelope (:mod:`.errors`).
"""
