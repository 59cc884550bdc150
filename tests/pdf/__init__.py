"""Fixtures of the PDF importer's tests: PDFs made by three producers (this package holds no tests)."""
