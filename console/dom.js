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
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
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
  notice.textContent = String(error);
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
