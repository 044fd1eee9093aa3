// The console's shell: sign-in, the navigation, and a router over the address's hash
// ("#/endpoint/<id>/preview?receipt=<id>"), so that every page has an address without the
// server knowing pages. A page is called as page(main, segments, parameters).
import { currentToken, loadCurrentToken, may, signIn, signOut, token } from "/console/api.js";
import { h, notify, show } from "/console/dom.js";
import { endpointPage } from "/console/pages/endpoint.js";
import { entityPage } from "/console/pages/entity.js";
import { goldenRecordsPage } from "/console/pages/golden_records.js";
import { integrationsPage } from "/console/pages/integrations.js";
import { tokensPage } from "/console/pages/tokens.js";

const main = () => document.getElementById("main");

const pages = {
  integrations: integrationsPage,
  endpoint: endpointPage,
  golden: goldenRecordsPage,
  entity: entityPage,
  tokens: tokensPage,
};

function signInPage() {
  const field = h("input", { id: "token", type: "password", autocomplete: "off", required: true });
  const form = h("form", { class: "card signin" },
    h("h1", {}, "Sign in"),
    h("p", {}, "Paste a token (the server writes its first admin token to data/admin.token). " +
               "It stays in this browser tab only."),
    h("label", { for: "token" }, "Token"), field,
    h("button", { type: "submit", class: "primary" }, "Sign in"));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    signIn(field.value);
    try {
      await loadCurrentToken();
      go("#/integrations");
    } catch (error) {
      signOut();
      notify(error);
    }
  });
  show(main(), form);
  field.focus();
}

function navigation() {
  const nav = document.getElementById("nav");
  const signOutButton = h("button", { type: "button", class: "link" }, "Sign out");
  signOutButton.addEventListener("click", () => {
    signOut();
    go("");
  });
  show(nav, h("a", { href: "#/integrations" }, "Integrations"),
    h("a", { href: "#/golden" }, "Golden records"),
    may("admin") ? h("a", { href: "#/tokens" }, "Tokens") : null, signOutButton);
}

// Shows the page at `hash`. Setting a new hash fires hashchange, which routes; routing
// here as well would render the page twice, the second render replacing the first while
// the user is already typing into it.
function go(hash) {
  if (location.hash === hash || (hash === "" && location.hash === "#")) {
    route();
  } else {
    location.hash = hash;
  }
}

async function route() {
  document.getElementById("notice").hidden = true;
  if (token() && currentToken() === null) {
    try {
      await loadCurrentToken();
    } catch (error) {
      signOut();
      notify(error);
    }
  }
  if (!token()) {
    show(document.getElementById("nav"));
    show(document.getElementById("who"));
    return signInPage();
  }
  navigation();
  const signedIn = currentToken();
  show(document.getElementById("who"), `${signedIn.name} (${signedIn.scopes.join(", ")})`);
  if (!may("read")) {
    return show(main(), h("section", { class: "card" }, h("h1", {}, "Nothing to show"),
      h("p", {}, "This token may only send records. Sign in with a token that has the read " +
                 "or admin scope to use the console.")));
  }
  const [path, query = ""] = location.hash.replace(/^#\/?/, "").split("?");
  const [name, ...rest] = path.split("/");
  const page = pages[name] || pages.integrations;
  // Each page renders into a container of its own: when the user moves on before a slow
  // page has loaded, the newer page replaces it and the older one finishes out of sight.
  const container = h("div", {});
  show(main(), container);
  const render = ++renders;
  // aria-busy tells assistive technology (and the browser test) when a page has loaded.
  main().setAttribute("aria-busy", "true");
  try {
    await page(container, rest.map(decodeURIComponent), new URLSearchParams(query));
  } catch (error) {
    notify(error);
  }
  if (render !== renders) return;
  main().setAttribute("aria-busy", "false");
  main().focus();
}

let renders = 0;

window.addEventListener("hashchange", route);
route();
