/**
 * Smoke flow of the TypeScript client against a live server:
 *
 *     npm run build && node dist/smoke.js http://127.0.0.1:8000
 *
 * Registers a homeowner and a provider, logs in with the form, refreshes, reads /users/me,
 * runs property CRUD, publishes a service, searches the catalog, sends an inquiry that the
 * provider answers, and reads a 422 and a 404 as typed problems. Exits non-zero at the first
 * surprise.
 */
import { randomUUID } from "node:crypto";

import {
  createHestamiClient,
  isProblem,
  login,
  type HestamiClient,
  type Problem,
  type Schemas,
  type TokenPair,
} from "./src/index.js";

const PASSWORD = "Quiet-Harbor-Lantern-2931";

/** The body of a successful answer, or a thrown error with the problem the server sent. */
function expectData<T>(step: string, result: { data?: T; error?: unknown }): T {
  if (result.data !== undefined) {
    return result.data;
  }
  const error = result.error;
  throw new Error(
    isProblem(error)
      ? `${step}: ${error.status} ${error.title}: ${error.detail}`
      : `${step}: unexpected answer ${JSON.stringify(error)}`,
  );
}

function check(condition: boolean, step: string): void {
  if (!condition) {
    throw new Error(`${step}: check failed`);
  }
}

function bearer(baseUrl: string, tokens: TokenPair): HestamiClient {
  return createHestamiClient({ baseUrl, accessToken: () => tokens.access_token });
}

async function signUp(
  anonymous: HestamiClient,
  role: Schemas["RegistrationRole"],
): Promise<{ username: string; tokens: TokenPair }> {
  const username = `smoke_ts_${role.slice(0, 5)}_${randomUUID().slice(0, 8)}`;
  const user = expectData(
    "register",
    await anonymous.POST("/auth/register", {
      body: { username, email: `${username}@example.com`, password: PASSWORD, role },
    }),
  );
  check(user.username === username, "register returns the account");
  const tokens = expectData("login (form)", await login(anonymous, username, PASSWORD));
  return { username, tokens };
}

async function main(baseUrl: string): Promise<void> {
  const anonymous = createHestamiClient({ baseUrl });

  // A problem read as a typed error: a password that breaks the policy is a 422 with `errors`.
  const weak = await anonymous.POST("/auth/register", {
    body: {
      username: `smoke_ts_${randomUUID().slice(0, 8)}`,
      email: "weak@example.com",
      password: "short",
      role: "homeowner",
    },
  });
  const problem: Problem | undefined = weak.error;
  check(problem?.status === 422, "a weak password is a 422 problem");
  check(
    (problem?.errors ?? []).some((error) => error.loc.includes("password")),
    "the 422 names the password",
  );

  const homeowner = await signUp(anonymous, "homeowner");
  const refreshed = expectData(
    "refresh",
    await anonymous.POST("/auth/refresh", {
      body: { refresh_token: homeowner.tokens.refresh_token },
    }),
  );
  check(refreshed.refresh_token !== homeowner.tokens.refresh_token, "refresh rotates the token");
  const owner = bearer(baseUrl, refreshed);
  const me = expectData("me", await owner.GET("/users/me"));
  check(me.username === homeowner.username, "me is the homeowner");

  // Property CRUD; `country` is left out and defaults to US.
  const draft: Schemas["PropertyInput"] = {
    name: "Smoke house",
    address_line1: "1 Test Way",
    city: "Austin",
    state: "TX",
    postal_code: "78701",
    property_type: "single_family",
  };
  const home = expectData("create property", await owner.POST("/homeowners/properties", { body: draft }));
  check(home.country === "US", "country defaults to US");
  const byId = { params: { path: { property_id: home.id } } };
  const fetched = expectData("get property", await owner.GET("/homeowners/properties/{property_id}", byId));
  check(fetched.id === home.id, "get returns the property");
  const updated = expectData(
    "update property",
    await owner.PUT("/homeowners/properties/{property_id}", { ...byId, body: { ...draft, bedrooms: 3 } }),
  );
  check(updated.bedrooms === 3, "update changes the property");
  const page = expectData(
    "list properties",
    await owner.GET("/homeowners/properties", { params: { query: { sort: "-created_at" } } }),
  );
  check(page.items.length === 1 && page.items[0]?.id === home.id, "list shows the property");

  // A provider publishes a service (`is_active` left out: active) that the catalog finds.
  const provider = bearer(baseUrl, (await signUp(anonymous, "service_provider")).tokens);
  const service = expectData(
    "create service",
    await provider.POST("/service-providers/services", {
      body: { title: "Smoke leak repair", category: "plumbing", city: "Austin", state: "TX" },
    }),
  );
  check(service.is_active, "a new service is active");
  const found = expectData(
    "catalog search",
    await owner.GET("/services", {
      params: { query: { provider_id: service.provider_id, sort: "-created_at" } },
    }),
  );
  check(found.items.length === 1 && found.items[0]?.id === service.id, "the catalog finds the service");

  // An inquiry about the property, answered by the provider.
  const inquiry = expectData(
    "create inquiry",
    await owner.POST("/homeowners/inquiries", {
      body: { service_id: service.id, property_id: home.id, message: "Is Thursday possible?" },
    }),
  );
  const inbox = expectData(
    "provider inbox",
    await provider.GET("/service-providers/inquiries", { params: { query: { status: "open" } } }),
  );
  check(inbox.items.some((item) => item.id === inquiry.id), "the provider sees the inquiry");
  const answered = expectData(
    "provider reply",
    await provider.PATCH("/service-providers/inquiries/{inquiry_id}", {
      params: { path: { inquiry_id: inquiry.id } },
      body: { status: "accepted", response: "Thursday 9am works." },
    }),
  );
  check(answered.status === "accepted", "the reply accepts the inquiry");
  const mine = expectData("own inquiries", await owner.GET("/homeowners/inquiries"));
  check(mine.items[0]?.response === "Thursday 9am works.", "the homeowner reads the reply");

  // Delete, then the property is a typed 404 problem.
  const deleted = await owner.DELETE("/homeowners/properties/{property_id}", byId);
  check(deleted.response.status === 204, "delete property");
  const gone = await owner.GET("/homeowners/properties/{property_id}", byId);
  check(gone.error?.status === 404, "a deleted property is a 404 problem");
  console.log("typescript client smoke flow: ok");
}

const baseUrl = process.argv[2];
if (!baseUrl) {
  console.error("usage: node dist/smoke.js BASE_URL");
  process.exit(2);
}
main(baseUrl).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
