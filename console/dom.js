// Builds elements from data without ever reading data as markup: every value becomes a
// text node, so a record holding "<img onerror=…>" shows those characters and runs nothing.

// h("button", {class: "primary", onclick: f}, "Save", child…): an element with attributes
// (functions become listeners) and children (strings become text nodes, null is skipped).
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (typeof value === "function") {
      element.addEventListener(name.replace(/^on/, ""), value);
    } else if (value === true) {
      element.setAttribute(name, "");
    } else {
      element.setAttribute(name, String(value));
    }
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false || child === "") continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

// Replaces what `element` holds.
export function show(element, ...children) {
  element.replaceChildren();
  append(element, children);
}

// Shows an error as the server worded it, with its messageId ("404 endpoint-not-found: …").
export function notify(error) {
  const notice = document.getElementById("notice");
  const dismiss = h("button", { type: "button", class: "small" }, "Dismiss");
  dismiss.addEventListener("click", () => { notice.hidden = true; });
  show(notice, h("span", {}, String(error)), " ", dismiss);
  notice.hidden = false;
}

// A value from the server as text: strings as they are, others as JSON.
export function text(value) {
  if (value === null || value === undefined) return "";
  return typeof value === "string" ? value : JSON.stringify(value);
}

// A button that copies `value` to the clipboard and says so.
export function copyButton(value, label = "Copy") {
  const button = h("button", { type: "button", class: "small" }, label);
  button.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(value);
      button.textContent = "Copied";
    } catch {
      button.textContent = "Select and copy";
    }
    setTimeout(() => { button.textContent = label; }, 1500);
  });
  return button;
}

// A labelled control: the label names the input for screen readers and for tests.
export function field(id, label, input) {
  input.id = id;
  return h("div", { class: "field" }, h("label", { for: id }, label), input);
}

// A table of `rows` (arrays of cells: strings, nodes or null) under `columns`; each cell
// carries its column's name, which a narrow screen shows in front of it (console.css).
export function table(columns, rows, caption = null) {
  return h("div", { class: "table" }, h("table", {},
    caption ? h("caption", {}, caption) : null,
    h("thead", {}, h("tr", {}, columns.map((title) => h("th", { scope: "col" }, title)))),
    h("tbody", {}, rows.map((cells) => h("tr", {}, cells.map((cell, i) =>
      h("td", { "data-label": columns[i] || null }, cell)))))));
}

// "2026-12-07T14:08:16.030Z" → "2026-12-07 14:08:16" (UTC, as the server keeps it).
export function time(value) {
  return value ? value.replace("T", " ").replace(/\.\d+Z$/, "").replace(/Z$/, "") : "";
}

// A link to a console page: link("Ann", "entity", id) → "#/entity/<id>".
export function link(label, ...segments) {
  return h("a", { href: "#/" + segments.map(encodeURIComponent).join("/") }, label);
}

// A button that runs `action` once per click, disabled while it runs, with its error
// shown as the server worded it.
export function actionButton(label, action, attributes = {}) {
  const button = h("button", { type: "button", ...attributes }, label);
  button.addEventListener("click", async () => {
    button.disabled = true;
    try {
      await action();
    } catch (error) {
      notify(error);
    } finally {
      button.disabled = false;
    }
  });
  return button;
}

// Pages through a list answer ({items, next}): `load(after)` fetches a page and `render`
// shows it; Previous and Next keep the cursors walked so far.
export function pager(container, load, render) {
  const cursors = [null];
  const go = async (index) => {
    const page = await load(cursors[index]);
    cursors[index + 1] = page.next;
    if (index === 0 && !page.next) return show(container, render(page));
    const previous = actionButton("Previous page", () => go(index - 1), { class: "small" });
    const next = actionButton("Next page", () => go(index + 1), { class: "small" });
    previous.disabled = index === 0;
    next.disabled = !page.next;
    show(container, render(page), h("p", { class: "pages" }, previous, ` page ${index + 1} `, next));
  };
  return go(0);
}

// Runs `action` when `form` is submitted, instead of the browser's own submission, with
// its error shown as the server worded it.
export function onSubmit(form, action) {
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      await action();
    } catch (error) {
      notify(error);
    }
  });
  return form;
}

// A button for what cannot be undone: its first click asks `question` in place, with a
// button that runs `action` and one that cancels.
export function confirmButton(label, question, action) {
  const holder = h("span", { class: "confirm" });
  const ask = () => {
    const yes = actionButton(`Yes, ${label.toLowerCase()}`, async () => {
      await action();
      reset();
    }, { class: "danger" });
    const no = h("button", { type: "button" }, "Cancel");
    no.addEventListener("click", reset);
    show(holder, h("span", { role: "status" }, question), " ", yes, " ", no);
    yes.focus();
  };
  const reset = () => {
    const button = h("button", { type: "button", class: "danger" }, label);
    button.addEventListener("click", ask);
    show(holder, button);
  };
  reset();
  return holder;
}
