"""What providers offer, the API's *services*: a provider's own (``/service-providers/
services``) and the catalog every signed-in user searches (``/services``), two audiences of
one table. The entity is an `Offering` in code so that "service" only names the layer."""
