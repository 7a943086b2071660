"""Bytes to plain data: JSON, YAML, JSON Lines and spreadsheet rows, with positions and limits."""
