"""Ingest: incoming messages (CUSCAR, JSON, CSV) turned into canonical manifests and problems."""
