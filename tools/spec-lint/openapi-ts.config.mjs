// @hey-api/openapi-ts settings for the generator check in scripts/generate-clients --check:
// a fetch client with an SDK and JavaScript enums (the enums are where positional names such
// as VALUE_1 would appear). HEY_API_OUTPUT names the scratch folder.
export default {
  input: "../../openapi/openapi.yaml",
  output: process.env.HEY_API_OUTPUT ?? "../../.local/hey-api-client",
  plugins: [
    "@hey-api/client-fetch",
    { name: "@hey-api/typescript", enums: "javascript" },
    "@hey-api/sdk",
  ],
};
