"""Use cases: each function takes an open unit of work, applies the rules and writes records."""
