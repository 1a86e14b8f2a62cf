"""Hestami API: secure user management and a service marketplace."""

import email_validator

# The spec's `format: email` accepts every syntactically valid address, including special-use
# domains (.test, .local, ...) that email-validator refuses by default. The spec and the code
# must agree (clients and the contract fuzzer generate such addresses), so accept them too;
# email-validator documents changing this list for exactly that purpose.
email_validator.SPECIAL_USE_DOMAIN_NAMES.clear()
