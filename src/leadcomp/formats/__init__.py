"""Bytes to plain data and back: strict readers and canonical writers."""
