"""Homeowners' inquiries about offerings and providers' answers (``/homeowners/inquiries``,
``/service-providers/inquiries``)."""
