// Tokens (admin): create one (its secret shown once, with a copy button), list them,
// revoke one at once.
import { all, api, currentToken } from "/console/api.js";
import { confirmButton, copyButton, field, h, onSubmit, show, table, time } from "/console/dom.js";

const SCOPES = [
  ["ingest", "ingest: send records"],
  ["read", "read: see endpoints, records and golden records"],
  ["admin", "admin: manage everything within its endpoints"],
];

function secretCard(created) {
  return h("section", { class: "card secret", "aria-label": "New token" },
    h("h2", {}, `Token ${created.name} created`),
    h("p", {}, "Copy it now: the server keeps only its hash and will never show it again."),
    h("p", {}, h("code", { id: "new-secret" }, created.token), " ", copyButton(created.token, "Copy token")));
}

function tokensTable(tokens, endpointNames, reload) {
  return table(["Name", "Scopes", "Endpoints", "Created", "Expires", "State", ""],
    tokens.map((token) => [
      token.id === currentToken().id ? `${token.name} (signed in with it)` : token.name,
      token.scopes.join(", "),
      token.endpoints.length ? token.endpoints.map((id) => endpointNames.get(id) || id).join(", ")
                             : "every endpoint",
      time(token.createdAt), token.expiresAt ? time(token.expiresAt) : "never",
      token.revokedAt ? `revoked ${time(token.revokedAt)}` : token.active ? "active" : "expired",
      token.active ? confirmButton("Revoke", `Revoke ${token.name}? Clients using it are refused at once.`,
        async () => {
          await api("DELETE", `/api/v1/tokens/${encodeURIComponent(token.id)}`);
          await reload();
        }) : ""]), "Tokens (secrets are never shown again)");
}

export async function tokensPage(main) {
  const endpoints = await all("/api/v1/endpoints");
  const endpointNames = new Map(endpoints.map((endpoint) => [endpoint.id, endpoint.name]));
  const list = h("div", {});
  const created = h("div", {});
  const reload = async () => show(list, tokensTable(await all("/api/v1/tokens"), endpointNames, reload));

  const name = h("input", { required: true });
  const scopes = SCOPES.map(([scope, label]) => h("label", { class: "check" },
    h("input", { type: "checkbox", value: scope, checked: scope === "ingest" }), " ", label));
  const only = h("select", { multiple: true, size: Math.min(Math.max(endpoints.length, 2), 6) },
    endpoints.map((endpoint) => h("option", { value: endpoint.id },
      `${endpoint.name} (${endpoint.source}, ${endpoint.group})`)));
  const hours = h("input", { type: "number", min: 1, step: 1, placeholder: "never expires" });
  const form = onSubmit(h("form", { class: "card add" }, h("h2", {}, "Create a token"),
    field("token-name", "Name", name),
    h("fieldset", {}, h("legend", {}, "Scopes"), scopes),
    field("token-endpoints", "Only these endpoints (none selected: every endpoint)", only),
    field("token-hours", "Expires in hours", hours),
    h("button", { type: "submit", class: "primary" }, "Create token")), async () => {
    const request = {
      name: name.value,
      scopes: scopes.map((label) => label.querySelector("input")).filter((box) => box.checked)
        .map((box) => box.value),
    };
    const chosen = [...only.selectedOptions].map((option) => option.value);
    if (chosen.length) request.endpoints = chosen;
    if (hours.value) request.expiresInHours = Number(hours.value);
    show(created, secretCard(await api("POST", "/api/v1/tokens", request)));
    form.reset();
    await reload();
    created.scrollIntoView();
  });
  show(main, h("h1", {}, "Tokens"), created, h("section", { class: "card" }, list), form);
  await reload();
}
