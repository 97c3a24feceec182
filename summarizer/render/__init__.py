"""Renderers: terminal (rich), Markdown, and briefing documents."""
