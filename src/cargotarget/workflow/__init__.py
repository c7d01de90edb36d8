"""Workflow: joins the core logic (ingest, risk) to the store."""
