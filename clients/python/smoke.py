"""Smoke flow of the generated Python client against a live server.

    uv run --directory clients/python python smoke.py http://127.0.0.1:8000

Registers a homeowner and a provider, logs in with the form, refreshes, reads /users/me, runs
property CRUD, publishes a service, searches the catalog, sends an inquiry that the provider
answers, and reads a 404 and a 422 as typed problems. Exits non-zero at the first surprise.
"""

import sys
import uuid

from hestami_api_client import AuthenticatedClient, Client
from hestami_api_client.api.auth import login, refresh_tokens, register
from hestami_api_client.api.catalog import search_services
from hestami_api_client.api.inquiries import (
    create_inquiry,
    list_homeowner_inquiries,
    list_provider_inquiries,
    update_provider_inquiry,
)
from hestami_api_client.api.properties import (
    create_property,
    delete_property,
    get_property,
    list_properties,
    update_property,
)
from hestami_api_client.api.provider_services import create_service
from hestami_api_client.api.users import get_current_user
from hestami_api_client.models import (
    CatalogServicePage,
    CatalogSort,
    Inquiry,
    InquiryCreate,
    InquiryPage,
    InquiryStatus,
    LoginForm,
    Problem,
    Property,
    PropertyInput,
    PropertyPage,
    PropertySort,
    PropertyType,
    ProviderInquiryStatus,
    ProviderInquiryUpdate,
    RefreshRequest,
    RegisterRequest,
    RegistrationRole,
    Service,
    ServiceCategory,
    ServiceInput,
    TokenPair,
    User,
)
from hestami_api_client.types import Unset

PASSWORD = "Quiet-Harbor-Lantern-2931"


def expect[T](result: T | Problem | None, kind: type[T], step: str) -> T:
    """The successful body of a step, or exit with what the server said instead."""
    if isinstance(result, kind):
        return result
    if isinstance(result, Problem):
        sys.exit(f"{step}: {result.status} {result.title}: {result.detail}")
    sys.exit(f"{step}: unexpected answer {result!r}")


def check(condition: bool, step: str) -> None:
    if not condition:
        sys.exit(f"{step}: check failed")


def sign_up(anonymous: Client, role: RegistrationRole) -> tuple[str, TokenPair]:
    username = f"smoke_py_{role.value[:5]}_{uuid.uuid4().hex[:8]}"
    body = RegisterRequest(
        username=username, email=f"{username}@example.com", password=PASSWORD, role=role
    )
    user = expect(register.sync(client=anonymous, body=body), User, "register")
    check(user.username == username, "register returns the account")
    form = LoginForm(username=username, password=PASSWORD)
    tokens = expect(login.sync(client=anonymous, body=form), TokenPair, "login (form)")
    return username, tokens


def main(base_url: str) -> None:
    anonymous = Client(base_url=base_url, raise_on_unexpected_status=True)

    # A problem read as a typed error: a password that breaks the policy is a 422 with `errors`.
    weak = RegisterRequest(
        username=f"smoke_py_{uuid.uuid4().hex[:8]}",
        email="weak@example.com",
        password="short",
        role=RegistrationRole.HOMEOWNER,
    )
    problem = register.sync(client=anonymous, body=weak)
    if not isinstance(problem, Problem) or problem.status != 422:
        sys.exit(f"weak password: expected a 422 problem, got {problem!r}")
    errors = [] if isinstance(problem.errors, Unset) else problem.errors
    check(any("password" in error.loc for error in errors), "the 422 names the password")

    homeowner_name, first = sign_up(anonymous, RegistrationRole.HOMEOWNER)
    refreshed = expect(
        refresh_tokens.sync(
            client=anonymous, body=RefreshRequest(refresh_token=first.refresh_token)
        ),
        TokenPair,
        "refresh",
    )
    check(refreshed.refresh_token != first.refresh_token, "refresh rotates the token")
    homeowner = AuthenticatedClient(base_url=base_url, token=refreshed.access_token)
    me = expect(get_current_user.sync(client=homeowner), User, "me")
    check(me.username == homeowner_name, "me is the homeowner")

    # Property CRUD; `country` is left out and defaults to US.
    draft = PropertyInput(
        name="Smoke house",
        address_line1="1 Test Way",
        city="Austin",
        state="TX",
        postal_code="78701",
        property_type=PropertyType.SINGLE_FAMILY,
    )
    home = expect(create_property.sync(client=homeowner, body=draft), Property, "create")
    check(home.country == "US", "country defaults to US")
    fetched = expect(get_property.sync(home.id, client=homeowner), Property, "get property")
    check(fetched.id == home.id, "get returns the property")
    draft.bedrooms = 3
    updated = expect(
        update_property.sync(home.id, client=homeowner, body=draft),
        Property,
        "update property",
    )
    check(updated.bedrooms == 3, "update changes the property")
    page = expect(
        list_properties.sync(client=homeowner, sort=PropertySort.CREATED_AT_DESC),
        PropertyPage,
        "list properties",
    )
    check([item.id for item in page.items] == [home.id], "list shows the property")

    # A provider publishes a service (`is_active` left out: active) that the catalog finds.
    _, provider_tokens = sign_up(anonymous, RegistrationRole.SERVICE_PROVIDER)
    provider = AuthenticatedClient(base_url=base_url, token=provider_tokens.access_token)
    offer = ServiceInput(
        title="Smoke leak repair", category=ServiceCategory.PLUMBING, city="Austin", state="TX"
    )
    service = expect(create_service.sync(client=provider, body=offer), Service, "service")
    check(service.is_active, "a new service is active")
    found = expect(
        search_services.sync(
            client=homeowner, provider_id=service.provider_id, sort=CatalogSort.CREATED_AT_DESC
        ),
        CatalogServicePage,
        "catalog search",
    )
    check([item.id for item in found.items] == [service.id], "the catalog finds the service")

    # An inquiry about the property, answered by the provider.
    question = InquiryCreate(
        service_id=service.id, property_id=home.id, message="Is Thursday possible?"
    )
    inquiry = expect(create_inquiry.sync(client=homeowner, body=question), Inquiry, "inquiry")
    inbox = expect(
        list_provider_inquiries.sync(client=provider, status=InquiryStatus.OPEN),
        InquiryPage,
        "provider inbox",
    )
    check(inquiry.id in [item.id for item in inbox.items], "the provider sees the inquiry")
    reply = ProviderInquiryUpdate(
        status=ProviderInquiryStatus.ACCEPTED, response="Thursday 9am works."
    )
    answered = expect(
        update_provider_inquiry.sync(inquiry.id, client=provider, body=reply),
        Inquiry,
        "provider reply",
    )
    check(answered.status == InquiryStatus.ACCEPTED, "the reply accepts the inquiry")
    mine = expect(
        list_homeowner_inquiries.sync(client=homeowner),
        InquiryPage,
        "own inquiries",
    )
    check(mine.items[0].response == "Thursday 9am works.", "the homeowner reads the reply")

    # Delete, then the property is a typed 404 problem.
    deleted = delete_property.sync_detailed(home.id, client=homeowner)
    check(deleted.status_code == 204, "delete property")
    gone = get_property.sync(home.id, client=homeowner)
    check(isinstance(gone, Problem) and gone.status == 404, "a deleted property is a 404")
    print("python client smoke flow: ok")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: smoke.py BASE_URL")
    main(sys.argv[1])
