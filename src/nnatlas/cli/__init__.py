"""The command line: the only package that imports typer. ``nnatlas`` runs :func:`main`."""

from nnatlas.cli.app import app, main

__all__ = ["app", "main"]
