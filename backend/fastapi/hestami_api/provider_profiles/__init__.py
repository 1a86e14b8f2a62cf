"""A service provider's business profile (``/service-providers/profile``), also the provider
summary of the catalog."""
