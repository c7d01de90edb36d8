"""Plain typed domain objects and value types. No I/O; imports nothing else of cargotarget."""
