"""Metrics built from stored data: coverage and timeliness of filings."""
