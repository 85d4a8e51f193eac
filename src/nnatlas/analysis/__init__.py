"""Analysis: pure functions of a snapshot (no matplotlib, no typer, no file writes): the
framework (size, level, relation, stages), governance networks, the paper's claims, coverage,
and geography (boundaries, footprints, indicators)."""
