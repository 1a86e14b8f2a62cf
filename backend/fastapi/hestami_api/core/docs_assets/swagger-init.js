// Starts Swagger UI. It lives in a served file, not in the page, so the page's
// Content-Security-Policy needs no 'unsafe-inline' script; the page passes its URLs as
// data- attributes on this script's own tag.
"use strict";
(function () {
  var config = document.currentScript.dataset;

  function bearerSchemeNames(system) {
    var names = [];
    var schemes = system.specSelectors.securityDefinitions();
    if (schemes) {
      schemes.forEach(function (schema, name) {
        var scheme = String(schema.get("scheme") || "").toLowerCase();
        if (schema.get("type") === "http" && scheme === "bearer") {
          names.push(name);
        }
      });
    }
    return names;
  }

  function isOAuth2Scheme(system, name) {
    var schemes = system.specSelectors.securityDefinitions();
    return Boolean(schemes && schemes.getIn([name, "type"]) === "oauth2");
  }

  // Operations require only the spec's http bearer scheme (a client honouring two schemes
  // would authenticate twice), while the Authorize dialog's password login runs through its
  // oauth2 scheme. So the token that login obtains is applied to every bearer scheme too, and
  // logging out of the oauth2 scheme logs out of them as well.
  function OAuth2TokenAsBearerPlugin() {
    return {
      statePlugins: {
        auth: {
          wrapActions: {
            authorizeOauth2: function (original, system) {
              return function (payload) {
                var result = original(payload);
                var token = payload && payload.token && payload.token.access_token;
                if (token) {
                  var bearers = {};
                  bearerSchemeNames(system).forEach(function (name) {
                    bearers[name] = {
                      name: name,
                      schema: system.specSelectors.securityDefinitions().get(name),
                      value: token,
                    };
                  });
                  system.authActions.authorize(bearers);
                }
                return result;
              };
            },
            logout: function (original, system) {
              return function (names) {
                var all = Array.from(names);
                if (all.some(function (name) { return isOAuth2Scheme(system, name); })) {
                  bearerSchemeNames(system).forEach(function (name) {
                    if (all.indexOf(name) === -1) {
                      all.push(name);
                    }
                  });
                }
                return original(all);
              };
            },
          },
        },
      },
    };
  }

  window.ui = SwaggerUIBundle({
    url: config.openapiUrl,
    dom_id: "#swagger-ui",
    layout: "BaseLayout",
    deepLinking: true,
    showExtensions: true,
    showCommonExtensions: true,
    // The token from the Authorize dialog survives a page reload (localStorage).
    persistAuthorization: true,
    oauth2RedirectUrl: new URL(config.oauth2RedirectUrl, window.location.href).href,
    // The default would load a badge image from validator.swagger.io for non-loopback hosts.
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset],
    plugins: [OAuth2TokenAsBearerPlugin],
  });
})();
