"""The native format: loading, checking and writing documents, and writing files atomically."""
