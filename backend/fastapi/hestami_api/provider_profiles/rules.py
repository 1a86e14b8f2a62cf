"""Provider profile rules that need no database."""

from hestami_api.core.errors import InvalidInputError


def check_website(website: str | None) -> None:
    """422 for a website that is not plain ASCII.

    The schema's pattern lets through non-ASCII and C1 control characters (U+0080-U+009F),
    but the field is ``format: uri``, and a URI (RFC 3986) is ASCII: an international
    domain name is written in punycode (``xn--...``). Without this check such a value
    would be stored and then served in responses that break their own schema.
    """
    if website is not None and not website.isascii():
        raise InvalidInputError(
            "The website must be an ASCII URL (international domain names in punycode).",
            loc=["body", "website"],
            error_type="url_not_ascii",
        )
