// The console's shell: sign-in, the navigation, and a router over the address's hash
// ("#/integrations"), so that every page has an address without the server knowing pages.
import { currentToken, loadCurrentToken, may, signIn, signOut, token } from "/console/api.js";
import { h, notify, show } from "/console/dom.js";
import { integrationsPage } from "/console/pages/integrations.js";

const main = () => document.getElementById("main");

const pages = {
  integrations: integrationsPage,
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
      location.hash = "#/integrations";
      route();
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
    location.hash = "";
    route();
  });
  show(nav, h("a", { href: "#/integrations" }, "Integrations"), signOutButton);
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
  const [name, ...rest] = location.hash.replace(/^#\/?/, "").split("/");
  const page = pages[name] || pages.integrations;
  try {
    await page(main(), rest.map(decodeURIComponent));
  } catch (error) {
    notify(error);
  }
  main().focus();
}

window.addEventListener("hashchange", route);
route();
