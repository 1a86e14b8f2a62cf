"""A homeowner's own properties (``/homeowners/properties``)."""
