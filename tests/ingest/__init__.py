"""Tests of the ingest formats."""
