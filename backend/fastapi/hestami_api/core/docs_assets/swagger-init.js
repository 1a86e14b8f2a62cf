// Starts Swagger UI. It lives in a served file, not in the page, so the page's
// Content-Security-Policy needs no 'unsafe-inline' script; the page passes its URLs as
// data- attributes on this script's own tag.
"use strict";
(function () {
  var config = document.currentScript.dataset;
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
  });
})();
