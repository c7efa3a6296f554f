"""Flows declared as data, and the one engine that runs them all."""
