"""Foundations: settings (each default written once), errors, atomic files, text output. Standard
library only, so every ring may use them."""
