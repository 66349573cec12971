// Small, namespace-aware XML helpers for the SAML adapter (metadata parsing, reading a verified
// assertion). Only direct children are ever looked up, by namespace and local name, so an element
// smuggled deeper into a document (the classic signature-wrapping trick) is never picked up.
import { DOMParser, XMLSerializer, type Document, type Element, type Node } from '@xmldom/xmldom';

export const NS = {
  protocol: 'urn:oasis:names:tc:SAML:2.0:protocol',
  assertion: 'urn:oasis:names:tc:SAML:2.0:assertion',
  metadata: 'urn:oasis:names:tc:SAML:2.0:metadata',
  dsig: 'http://www.w3.org/2000/09/xmldsig#',
} as const;

export const BINDING = {
  redirect: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect',
  post: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST',
} as const;

export const STATUS_SUCCESS = 'urn:oasis:names:tc:SAML:2.0:status:Success';

/** Parses well-formed XML or throws an Error carrying the parser's message. A DOCTYPE is refused. */
export function parseXml(text: string): Document {
  const parser = new DOMParser({
    locator: false,
    onError: (level, message) => {
      if (level !== 'warning') throw new Error(message);
    },
  });
  const doc = parser.parseFromString(text, 'text/xml');
  // SAML messages and metadata never need a DTD; refusing one rules out entity tricks early.
  for (let c = doc.firstChild; c; c = c.nextSibling) if (c.nodeType === 10) throw new Error('a DOCTYPE is not allowed');
  if (!doc.documentElement) throw new Error('no root element');
  return doc;
}

export function serializeXml(node: Node): string {
  return new XMLSerializer().serializeToString(node);
}

export function children(parent: Element, ns: string, localName: string): Element[] {
  const found: Element[] = [];
  for (let c = parent.firstChild; c; c = c.nextSibling) {
    if (c.nodeType === 1 && (c as Element).namespaceURI === ns && (c as Element).localName === localName) found.push(c as Element);
  }
  return found;
}

export function child(parent: Element, ns: string, localName: string): Element | undefined {
  return children(parent, ns, localName)[0];
}

/** An element's text, trimmed; '' when there is none. */
export function text(el: Element | undefined): string {
  return (el?.textContent ?? '').trim();
}

/** An attribute's value, or undefined when it is absent (xmldom returns '' or null for a missing one). */
export function attr(el: Element | undefined, name: string): string | undefined {
  return el?.hasAttribute(name) ? (el.getAttribute(name) ?? undefined) : undefined;
}

export function is(el: Element, ns: string, localName: string): boolean {
  return el.namespaceURI === ns && el.localName === localName;
}
