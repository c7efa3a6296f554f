"""协商助手 — a chat assistant for the CPPCC "有事来协商" consultation platform."""

__version__ = "0.1.0"
