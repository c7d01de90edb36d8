"""ANSI X12 transaction sets: the 309 customs manifest and the 310 freight receipt."""
