// The console walked in headless Chromium against the real server (console_test.sh).
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";

// playwright-core is installed next to the build, not in the repository (NODE_PATH).
const { chromium } = createRequire(import.meta.url)("playwright-core");

const base = process.env.INLET_URL;
const adminToken = process.env.ADMIN_TOKEN;
const shots = process.env.SHOTS_DIR;
// A value that would run script if the console ever read data as markup.
const markup = "<img src=x onerror=window.__pwned=1>";

async function call(method, path, body, token = adminToken) {
  const response = await fetch(base + path, {
    method,
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  assert.ok(response.ok, `${method} ${path}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

let browser;
before(async () => {
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM, args: ["--no-sandbox"] });
});
after(async () => { await browser.close(); });

// A fresh page (its own sessionStorage) that fails the test on any script error or
// Content-Security-Policy violation.
async function open(width = 1280, height = 800) {
  const context = await browser.newContext({ viewport: { width, height } });
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console error: ${message.text()}`);
  });
  await page.goto(`${base}/console/`);
  return { page, problems };
}

async function signIn(page, token) {
  await page.getByLabel("Token").fill(token);
  await page.getByRole("button", { name: "Sign in" }).click();
}

// The seed's whole flow, one page after the other, with a screenshot of each.
test("an admin walks the whole flow: endpoint, records, logs, mapping, process, golden records, tokens", async () => {
  const { page, problems } = await open();
  const shot = (name) => page.screenshot({ path: `${shots}/${name}.png`, fullPage: true });
  const tab = async (name) => {
    await page.locator("nav.tabs").getByRole("link", { name, exact: true }).click();
    await page.locator(`#tab[aria-label="${name}"]`).waitFor();
  };
  await page.getByRole("heading", { name: "Sign in" }).waitFor();
  await shot("sign-in");
  await signIn(page, adminToken);
  await page.getByRole("heading", { name: "Integrations" }).waitFor();

  // Add endpoint, and its instructions.
  await page.getByLabel("Name").fill("customers");
  await page.getByLabel("Source (new or existing)").fill("CRM");
  await page.getByLabel("Group (new or existing)").fill("Sales");
  await page.getByRole("button", { name: "Add endpoint" }).click();
  await page.getByRole("heading", { name: "Send records to customers" }).waitFor();
  const url = (await page.locator("#detail code").first().textContent()).replace(/^POST /, "");
  assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/upload\/api\/endpoint\/[0-9a-f-]{36}$/);
  assert.ok(await page.getByRole("button", { name: "Copy curl line" }).isVisible());
  await shot("integrations");

  // Records through the API, as a client sends them: one property name with a space (a
  // warning) and one value that is markup.
  const posted = await fetch(url, {
    method: "POST",
    headers: { Authorization: `Bearer ${adminToken}`, "Content-Type": "application/json" },
    body: JSON.stringify([
      { customerId: 1, name: "Ann Smith", "e mail": "ann@example.com", city: "Oslo" },
      { customerId: 2, name: "Bob Berg", "e mail": "bob@example.com", city: "Bergen" },
      { customerId: 3, name: markup, "e mail": "eve@example.com", city: "Tromsø" },
    ]),
  }).then((response) => response.json());
  assert.equal(posted.accepted, 3);

  // Preview, and a search (the index follows ingestion: search until it has caught up).
  await page.goto(`${base}/console/#/integrations`);
  await page.getByRole("link", { name: "customers" }).click();
  await page.getByRole("cell", { name: "Ann Smith" }).waitFor();
  await page.getByRole("cell", { name: markup }).waitFor();
  for (let attempt = 0; ; ++attempt) {
    await page.getByLabel("Search records").fill("bergen");
    await page.getByRole("button", { name: "Search" }).click();
    await page.locator("#index-lag").waitFor();
    if (await page.getByRole("cell", { name: "Bob Berg" }).count() === 1 &&
        await page.getByRole("cell", { name: "Ann Smith" }).count() === 0) break;
    assert.ok(attempt < 50, "the search never found Bob alone");
    await page.waitForTimeout(100);
  }
  await shot("endpoint-preview");

  await tab("Logs");
  await page.getByRole("cell", { name: "space-in-property" }).waitFor();
  await shot("endpoint-logs");

  await tab("Fields");
  await page.getByRole("cell", { name: "customerId" }).waitFor();
  await shot("endpoint-fields");

  await tab("Mapping");
  await page.getByRole("button", { name: "Auto-map" }).click();
  await page.getByRole("heading", { name: "Why each part was proposed" }).waitFor();
  assert.match(await page.locator("#reasons").textContent(), /primaryIdentifier.*customerId/s);
  await page.getByRole("button", { name: "Save mapping" }).click();
  await page.getByText("Saved.").waitFor();
  assert.equal(await page.getByLabel("Primary identifier fields").inputValue(), "customerId");
  await page.getByRole("button", { name: "Sample clues" }).click();
  await page.getByRole("cell", { name: "/Customer#CRM:1", exact: true }).waitFor();
  await shot("endpoint-mapping");

  await tab("Process");
  await page.getByRole("button", { name: "Start processing" }).click();
  await page.getByText("3 created, 0 merged, 0 unchanged, 0 failed, 0 removed").first().waitFor();
  const bar = page.locator("#job-progress");
  assert.equal(await bar.getAttribute("value"), await bar.getAttribute("max"));
  await page.getByRole("cell", { name: "done" }).waitFor();
  await shot("endpoint-process");

  await tab("Receipts");
  await page.getByRole("cell", { name: "3 created, 0 merged, 0 unchanged, 0 failed" }).waitFor();
  await page.getByRole("button", { name: "Outcomes" }).click();
  await page.locator("#outcomes").getByRole("cell", { name: "created" }).first().waitFor();
  await shot("endpoint-receipts");

  await tab("Settings");
  await page.getByLabel("Processing mode").waitFor();
  await shot("endpoint-settings");

  // A second source that meets Ann on her email, processed through the API.
  const erp = await call("POST", "/api/v1/endpoints", {
    name: "accounts", source: "ERP", group: "Sales", mapping: { entityType: "/Customer" },
  });
  await call("PUT", `/api/v1/endpoints/${erp.id}/mapping`, {
    entityType: "/Customer", vocabularyPrefix: "erp.customer", origin: "ERP",
    primaryIdentifier: { fields: ["accountNo"] },
    identifiers: [{ field: "mail", origin: "email" }], nameField: "name",
    edges: [{ field: "owner", edgeType: "/ManagedBy", entityType: "/Employee", origin: "hr" }],
  });
  await call("POST", `/upload/api/endpoint/${erp.id}`,
    [{ accountNo: "A-1", name: "Ann S.", mail: "ann@example.com", credit: "5000", owner: "7" }]);
  const job = await call("POST", `/api/v1/endpoints/${erp.id}/process`);
  for (let state = job.state; state !== "done"; ) {
    assert.notEqual(state, "failed");
    await new Promise((resolve) => setTimeout(resolve, 100));
    state = (await call("GET", `/api/v1/jobs/${job.id}`)).state;
  }

  // Golden records: search, then Ann with the source of each value.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Golden records" }).click();
  await page.getByRole("heading", { name: "Golden records" }).waitFor();
  await page.getByLabel("Text").fill("ann@");
  await page.getByRole("button", { name: "Search" }).click();
  await page.getByRole("link", { name: "Ann S." }).waitFor();
  await page.getByLabel("Text").fill("");
  await page.getByRole("button", { name: "Search" }).click();
  await page.getByRole("link", { name: markup }).waitFor();
  await shot("golden-records");
  await page.getByLabel("Text").fill("ann@");
  await page.getByRole("button", { name: "Search" }).click();
  await page.getByRole("link", { name: "Ann S." }).click();
  await page.getByRole("heading", { name: "Properties" }).waitFor();
  const properties = page.locator("section.card").filter({ has: page.getByRole("heading", { name: "Properties" }) });
  assert.match(await properties.getByRole("row", { name: /erp\.customer\.credit/ }).textContent(), /5000.*accounts/);
  assert.match(await properties.getByRole("row", { name: /crm\.customer\.city/ }).textContent(), /Oslo.*customers/);
  await page.getByRole("cell", { name: "part-added" }).waitFor();
  // The edge is a link to the (shadow) golden record it names.
  assert.match(await page.getByRole("link", { name: "/Employee#hr:7" }).getAttribute("href"),
               /^#\/entity\/[0-9a-f-]{36}$/);
  await shot("golden-record");

  // Unmerge the ERP part: it becomes a golden record of its own, kept apart.
  await page.getByRole("row", { name: /accounts/ }).getByRole("button", { name: "Unmerge" }).click();
  await page.getByRole("button", { name: "Yes, unmerge" }).click();
  await page.getByText("Unmerged into").waitFor();
  assert.equal(await page.getByRole("button", { name: "Unmerge" }).count(), 0);
  await page.getByRole("link", { name: "a golden record of its own" }).click();
  await page.getByRole("cell", { name: "unmerged" }).waitFor();
  await shot("golden-record-unmerged");

  // The keep-apart rule the unmerge wrote, deleted (the next job may merge them again).
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Golden records" }).click();
  const rule = page.getByRole("row", { name: /\/Customer#ERP:A-1.*\/Customer#CRM:1/ });
  await rule.getByRole("button", { name: "Delete rule" }).click();
  await rule.getByRole("button", { name: "Yes, delete rule" }).click();
  await page.getByText("No rule: no golden record was unmerged.").waitFor();
  assert.deepEqual((await call("GET", "/api/v1/rules/keep-apart")).items, []);

  // Tokens: the secret once, it works, then revoked it is refused.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Tokens" }).click();
  await page.getByRole("heading", { name: "Create a token" }).waitFor();
  await page.getByLabel("Name").fill("nifi-orders");
  await page.getByRole("button", { name: "Create token" }).click();
  const secret = await page.locator("#new-secret").textContent();
  assert.ok(secret.length >= 32, secret);
  await shot("tokens");
  const send = () => fetch(url, {
    method: "POST", headers: { Authorization: `Bearer ${secret}`, "Content-Type": "application/json" },
    body: "[]",
  });
  assert.equal((await send()).status, 200);
  const row = page.getByRole("row", { name: /nifi-orders/ });
  await row.getByRole("button", { name: "Revoke" }).click();
  await row.getByRole("button", { name: "Yes, revoke" }).click();
  await page.getByRole("row", { name: /nifi-orders.*revoked/ }).waitFor();
  assert.equal((await send()).status, 401);
  await shot("tokens-revoked");

  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  assert.deepEqual(problems, []);
});

test("Preview pages and filters by receipt; Logs purge; Settings renames, switches the mode, clears and deletes", async () => {
  const scratch = await call("POST", "/api/v1/endpoints", {
    name: "scratch", source: "Tmp", group: "Trials", mapping: { entityType: "/Thing" },
  });
  await call("POST", `/upload/api/endpoint/${scratch.id}`, [{ "a b": 1 }, { "a b": 2 }]);
  // 30 more in a second request: Preview pages by 25, and filters by receipt.
  const second = await call("POST", `/upload/api/endpoint/${scratch.id}`,
    Array.from({ length: 30 }, (_, n) => ({ n: n + 100 })));
  const { page, problems } = await open();
  await signIn(page, adminToken);
  await page.getByRole("heading", { name: "Integrations" }).waitFor();
  await page.goto(`${base}/console/#/endpoint/${scratch.id}/preview`);
  await page.getByText("25 record(s) on this page").waitFor();
  await page.getByRole("button", { name: "Next page" }).click();
  await page.getByText("7 record(s) on this page").waitFor();
  assert.ok(await page.getByRole("button", { name: "Next page" }).isDisabled());
  await page.getByRole("button", { name: "Previous page" }).click();
  await page.getByText("25 record(s) on this page").waitFor();
  const firstReceipt = (await call("GET", `/api/v1/endpoints/${scratch.id}/receipts`)).items
    .find((receipt) => receipt.id !== second.receiptId);
  await page.getByLabel("Receipt").selectOption(firstReceipt.id);
  await page.getByText("2 record(s) on this page").waitFor();
  await page.goto(`${base}/console/#/endpoint/${scratch.id}/logs`);
  await page.getByRole("cell", { name: "space-in-property" }).waitFor();
  await page.getByRole("button", { name: "Purge logs" }).click();
  await page.getByRole("button", { name: "Yes, purge logs" }).click();
  await page.getByText("Nothing logged.").waitFor();

  await page.locator("nav.tabs").getByRole("link", { name: "Settings" }).click();
  await page.getByLabel("Name", { exact: true }).fill("scratch-2");
  await page.getByLabel("Processing mode").selectOption("automatic");
  await page.getByRole("button", { name: "Save settings" }).click();
  await page.getByRole("heading", { name: "scratch-2" }).waitFor();
  const renamed = await call("GET", `/api/v1/endpoints/${scratch.id}`);
  assert.equal(renamed.name, "scratch-2");
  assert.equal(renamed.mode, "automatic");

  await page.getByRole("button", { name: "Clear preview" }).click();
  await page.getByRole("button", { name: "Yes, clear preview" }).click();
  await page.getByText("Records: 0").waitFor();

  // The API's refusal is shown as the server words it, with its message id.
  await page.locator("nav.tabs").getByRole("link", { name: "Process" }).click();
  await page.getByRole("button", { name: "Start processing" }).click();
  await page.locator("#notice").waitFor();
  assert.match(await page.locator("#notice").textContent(), /^409 mapping-incomplete: /);
  await page.getByRole("button", { name: "Dismiss" }).click();
  await page.locator("nav.tabs").getByRole("link", { name: "Settings" }).click();

  await page.getByRole("button", { name: "Delete endpoint" }).click();
  await page.getByRole("button", { name: "Yes, delete endpoint" }).click();
  await page.getByRole("heading", { name: "Integrations" }).waitFor();
  const gone = await fetch(`${base}/api/v1/endpoints/${scratch.id}`,
    { headers: { Authorization: `Bearer ${adminToken}` } });
  assert.equal(gone.status, 404);
  // The browser reports the refused call itself; nothing else went wrong.
  assert.deepEqual(problems.filter((problem) => !/status of 409 \(Conflict\)/.test(problem)), []);
});

test("keyboard alone: sign in, move between pages, start a job, create and revoke a token", async () => {
  const { page, problems } = await open();
  // Presses Tab until the focused control's name (label, aria-label or text) is `name`,
  // inside a table row holding `row` when given.
  const tabTo = async (name, row = "") => {
    for (let presses = 0; presses < 80; ++presses) {
      await page.keyboard.press("Tab");
      const focused = await page.evaluate(() => {
        const element = document.activeElement;
        const label = element.labels && element.labels.length ? element.labels[0].textContent
          : element.getAttribute("aria-label") || element.textContent;
        return { name: label.trim(), row: element.closest("tr") ? element.closest("tr").textContent : "" };
      });
      if (focused.name === name && focused.row.includes(row)) return;
    }
    assert.fail(`Tab never reached ${name} ${row}`);
  };
  await page.getByRole("heading", { name: "Sign in" }).waitFor();
  await page.keyboard.type(adminToken);  // the token field has the focus on arrival
  await page.keyboard.press("Enter");
  await page.getByRole("heading", { name: "Integrations" }).waitFor();
  await tabTo("customers");
  await page.keyboard.press("Enter");
  await page.locator('#tab[aria-label="Preview"]').waitFor();
  await tabTo("Process");
  await page.keyboard.press("Enter");
  await page.locator('#tab[aria-label="Process"]').waitFor();
  await tabTo("Start processing");
  await page.keyboard.press("Enter");
  await page.locator("#job-outcome").getByText(/unchanged/).waitFor();

  await tabTo("Tokens");
  await page.keyboard.press("Enter");
  await page.getByRole("heading", { name: "Create a token" }).waitFor();
  await tabTo("Name");
  await page.keyboard.type("keyboard-made");
  await page.keyboard.press("Enter");
  await page.locator("#new-secret").waitFor();
  await tabTo("Revoke", "keyboard-made");
  await page.keyboard.press("Enter");
  await page.keyboard.press("Enter");  // the confirmation takes the focus
  await page.getByRole("row", { name: /keyboard-made.*revoked/ }).waitFor();
  assert.deepEqual(problems, []);
});

test("values from the server are text, never markup", async () => {
  await call("POST", "/api/v1/endpoints", {
    name: markup, source: "Web", group: "Marketing", mapping: { entityType: "/Lead" },
  });
  const { page, problems } = await open();
  await signIn(page, adminToken);
  await page.getByRole("cell", { name: markup }).waitFor();
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  assert.equal(await page.locator("main img").count(), 0);
  assert.deepEqual(problems, []);
});

test("a read-only token is offered nothing that writes; an ingest token nothing at all", async () => {
  const reader = await call("POST", "/api/v1/tokens", { name: "steward", scopes: ["read"] });
  const { page, problems } = await open();
  await signIn(page, reader.token);
  await page.getByRole("heading", { name: "Integrations" }).waitFor();
  assert.equal(await page.getByRole("button", { name: "Add endpoint" }).count(), 0);
  assert.match(await page.locator("#who").textContent(), /steward \(read\)/);
  assert.equal(await page.getByRole("link", { name: "Tokens" }).count(), 0);
  // Every page of an endpoint and a golden record: readable, with no control that writes.
  const [customers] = (await call("GET", "/api/v1/endpoints")).items.filter((e) => e.name === "customers");
  const [entity] = (await call("GET", "/api/v1/entities?q=ann%40")).items;
  const writes = /^(Start processing|Save mapping|Auto-map|Reset mapping|Purge logs|Unmerge|Add endpoint|Save settings|Revoke)$/;
  for (const address of [...["preview", "logs", "fields", "receipts", "mapping", "process"].map(
    (tab) => `endpoint/${customers.id}/${tab}`), `entity/${entity.id}`]) {
    await page.goto(`${base}/console/#/${address}`);
    await page.locator('main[aria-busy="false"]').waitFor();
    assert.equal(await page.getByRole("button", { name: writes }).count(), 0, address);
    assert.equal(await page.getByRole("link", { name: "Settings" }).count(), 0, address);
  }
  await page.goto(`${base}/console/#/endpoint/${customers.id}/mapping`);
  await page.locator('main[aria-busy="false"]').waitFor();
  assert.ok(await page.getByLabel("Entity type").isDisabled());
  await page.getByRole("button", { name: "Sample clues" }).click();
  await page.getByRole("cell", { name: "/Customer#CRM:1", exact: true }).waitFor();

  const sender = await call("POST", "/api/v1/tokens", { name: "nifi", scopes: ["ingest"] });
  const second = await open();
  await signIn(second.page, sender.token);
  await second.page.getByRole("heading", { name: "Nothing to show" }).waitFor();
  assert.deepEqual([...problems, ...second.problems], []);
});

test("a wrong token is refused with the server's message id", async () => {
  const { page } = await open();
  await signIn(page, "not-a-token");
  await page.locator("#notice").waitFor();
  assert.match(await page.locator("#notice").textContent(), /^401 unauthenticated: /);
  await page.getByRole("heading", { name: "Sign in" }).waitFor();
});

// The elements that reach past the window's right edge, deepest first ("" when none).
function overflowing(page) {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    return [...document.querySelectorAll("body *")]
      .filter((element) => element.getBoundingClientRect().right > width + 0.5 &&
        ![...element.children].some((child) => child.getBoundingClientRect().right > width + 0.5))
      .map((element) => `<${element.tagName.toLowerCase()} class="${element.className}">` +
        ` ${element.textContent.slice(0, 40)} (${Math.round(element.getBoundingClientRect().right)} px)`)
      .join("\n");
  });
}

test("at 390 px wide no page scrolls sideways", async () => {
  const { page, problems } = await open(390, 844);
  await signIn(page, adminToken);
  await page.getByRole("heading", { name: "Integrations" }).waitFor();
  const [customers] = (await call("GET", "/api/v1/endpoints")).items.filter((e) => e.name === "customers");
  const [entity] = (await call("GET", "/api/v1/entities?q=ann%40")).items;
  const addresses = [
    ["integrations", "integrations-390"],
    ...["preview", "logs", "fields", "receipts", "mapping", "process", "settings"].map((tab) =>
      [`endpoint/${customers.id}/${tab}`, tab === "preview" ? "endpoint-preview-390" : null]),
    ["golden", "golden-records-390"],
    [`entity/${entity.id}`, "golden-record-390"],
    ["tokens", "tokens-390"],
  ];
  for (const [address, name] of addresses) {
    await page.goto(`${base}/console/#/${address}`);
    await page.locator('main[aria-busy="false"]').waitFor();
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `#/${address}: ${overflow} px of horizontal scroll:\n${await overflowing(page)}`);
    const unlabelled = await page.evaluate(() => [...document.querySelectorAll("input, select, textarea, button")]
      .filter((control) => !(control.labels && control.labels.length) &&
        !control.getAttribute("aria-label") && !control.textContent.trim())
      .map((control) => control.outerHTML.slice(0, 100)));
    assert.deepEqual(unlabelled, [], `#/${address}: controls without a label`);
    if (name) await page.screenshot({ path: `${shots}/${name}.png` });
  }
  assert.deepEqual(problems, []);
});
