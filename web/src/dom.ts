/** Small DOM builders: text always goes in as text, never as HTML. */

type Attributes = Record<string, string | number | boolean | undefined>;
type Child = Node | string | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K, attributes: Attributes = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) {
      continue;
    }
    element.setAttribute(name, value === true ? '' : String(value));
  }
  append(element, ...children);
  return element;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) {
      continue;
    }
    parent.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
  }
}

export function clear(element: Element): void {
  element.replaceChildren();
}

/** A labelled form field: the label names the control for assistive technology and for tests. */
export function field(label: string, control: HTMLElement, hint?: string): HTMLElement {
  if (!control.id) {
    control.id = uniqueId('field');
  }
  const hintElement = hint ? h('p', { class: 'hint', id: `${control.id}-hint` }, hint) : null;
  if (hintElement) {
    control.setAttribute('aria-describedby', hintElement.id);
  }
  return h('div', { class: 'field' }, h('label', { for: control.id }, label), control, hintElement);
}

let counter = 0;
export function uniqueId(prefix: string): string {
  counter += 1;
  return `${prefix}-${counter}`;
}

export function formatDate(epochSeconds: number): string {
  return new Date(epochSeconds * 1000).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

export function formatDay(epochSeconds: number): string {
  return new Date(epochSeconds * 1000).toLocaleDateString(undefined, { dateStyle: 'medium' });
}

/** A live region for a page's outcome: errors are assertive, other news polite. */
export function statusLine(): { element: HTMLElement; info(text: string): void; error(text: string): void; clear(): void } {
  const element = h('p', { class: 'status', role: 'status', 'aria-live': 'polite' });
  return {
    element,
    info(text: string) {
      element.className = 'status';
      element.setAttribute('role', 'status');
      element.textContent = text;
    },
    error(text: string) {
      element.className = 'status error';
      element.setAttribute('role', 'alert');
      element.textContent = text;
    },
    clear() {
      element.textContent = '';
    },
  };
}
