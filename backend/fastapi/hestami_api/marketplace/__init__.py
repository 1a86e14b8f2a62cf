"""What the four marketplace packages (``properties``, ``offerings``, ``provider_profiles``,
``inquiries``) share, and nothing that serves a request by itself: the conventions of the
database schema ``marketplace`` (`schema`), the write idiom of their repositories (`rows`)
and the flows of rows owned by one account (`owned`)."""
