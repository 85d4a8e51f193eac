"""Data in: the vocabulary, partial dates, the typed models, reading the data files, and parsing
and checking records into a report of problems."""
