// dbcost's boot script (served as /pkg/dbcost-boot.js). A module script, so it runs once the
// whole document is parsed, streamed results included: only then are the islands (the parts
// of the page the browser makes interactive, see ARCHITECTURE.md) all in the document. It
// loads the WASM, sets up Leptos's reactive runtime (`hydrate`), then hydrates each island
// with the function the WASM exports under the island's name.
import init, * as app from "./dbcost.js";

await init({ module_or_path: "/pkg/dbcost.wasm" });
app.hydrate();
for (const island of document.querySelectorAll("leptos-island")) {
  const hydrateIsland = app[island.dataset.component];
  if (hydrateIsland) {
    hydrateIsland(island);
  } else {
    console.error(`dbcost: no WASM function for the island ${island.dataset.component}`);
  }
}
