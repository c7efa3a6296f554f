"""The policy's vocabulary and rules: pure Python, no I/O, testable without a database."""
