// YASGUI on /yasgui: one tab on this server's /sparql, NewsKG's prefixes in the first query,
// completion of prefixes and variables only: the class and property completers would ask
// Linked Open Vocabularies on every keystroke, and nothing on this page talks to another host.
(function () {
  "use strict";
  const el = document.getElementById("yasgui");
  const prefixes = JSON.parse(el.dataset.prefixes);
  const endpoint = new URL(el.dataset.endpoint, window.location.href).href;
  Yasgui.Yasqe.defaults.autocompleters = ["prefixes", "variables"];
  const yasgui = new Yasgui(el, {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: false,
    endpointCatalogueOptions: { getData: () => [{ endpoint: endpoint }] },
    persistenceId: null,
    yasqe: { value: el.dataset.query },
    yasr: { prefixes: prefixes },
  });
  window.newskgYasgui = yasgui;
})();
