"""Problems, schema checks and domain rules."""
