import { formatNumericField, type MessageFields, type MessageFieldValue } from './message-fields.ts';
import { extractXmlFields } from './xml-extractor.ts';

/**
 * The XML codec for WeChat's `<xml>…</xml>` messages.
 *
 * Parsing produces a flat record of strings:
 * - each child of `<xml>` becomes a field named after the element; nested elements are flattened with a
 *   dotted path (`<Video><MediaId>m</MediaId></Video>` → `Video.MediaId`);
 * - an element name repeated among its siblings is indexed on every occurrence (`item[0]`, `item[1]`), so a
 *   duplicated top-level field (two `<Content>`) never silently picks a winner: it simply has no `Content`;
 * - values are never converted: `<MsgId>6054768590064713728</MsgId>` stays that exact text;
 * - CDATA is taken verbatim; outside CDATA, whitespace at the edges of an element is formatting and is
 *   trimmed, and only the five predefined entities and numeric character references are decoded; any
 *   other entity reference is an error, so nothing can expand;
 * - attributes, comments and processing instructions are ignored;
 * - an element holding both child elements and non-blank text has no faithful flat form and is rejected.
 *
 * The body is attacker-controlled and must be parsed before `msg_signature` can be checked (the signature
 * covers the `Encrypt` element inside it). The reader (xml-extractor.ts) is purpose-built for this small
 * part of XML: it has no DTD support to switch off, refuses every markup declaration, and one parse
 * costs less than the SHA-1 and AES around it (docs/benchmarks.md).
 */
export function parseXmlMessage(body: string): Record<string, string> {
  return extractXmlFields(body);
}

/**
 * Builds a `<xml>` message: strings in CDATA, numbers bare, dotted names nested (`Video.MediaId`), in the
 * order given. Used to produce callbacks, so the output must survive WeChat-style parsing unchanged.
 */
export function buildXmlMessage(fields: MessageFields): string {
  const root: XmlTree = new Map();
  for (const [path, value] of Object.entries(fields)) {
    insertField(root, path, value);
  }
  return `<xml>${serializeTree(root)}</xml>`;
}

const ELEMENT_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_-]*$/;
// Characters XML 1.0 can carry at all (the `Char` production).
const NON_XML_CHARACTER = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

type XmlTree = Map<string, string | XmlTree>;

function insertField(root: XmlTree, path: string, value: MessageFieldValue): void {
  const names = path.split('.');
  for (const name of names) {
    if (!ELEMENT_NAME_PATTERN.test(name)) {
      throw new TypeError(`field name ${JSON.stringify(path)} is not a valid element name or dotted path`);
    }
  }
  const leafName = names.pop() as string;
  let node = root;
  for (const name of names) {
    const child = node.get(name);
    if (typeof child === 'string') {
      throw new TypeError(`field ${path} would nest inside field ${name}, which already has a value`);
    }
    if (child === undefined) {
      const created: XmlTree = new Map();
      node.set(name, created);
      node = created;
    } else {
      node = child;
    }
  }
  if (node.has(leafName)) {
    throw new TypeError(`field ${path} conflicts with another field of the same path`);
  }
  node.set(leafName, encodeValue(path, value));
}

function serializeTree(tree: XmlTree): string {
  let xml = '';
  for (const [name, content] of tree) {
    xml += `<${name}>${typeof content === 'string' ? content : serializeTree(content)}</${name}>`;
  }
  return xml;
}

function encodeValue(path: string, value: MessageFieldValue): string {
  if (typeof value !== 'string') {
    return formatNumericField(path, value);
  }
  if (NON_XML_CHARACTER.test(value)) {
    throw new TypeError(`field ${path} contains a character XML cannot carry`);
  }
  // `]]>` would end the section early, so it is split across two sections. A CR would be normalised to LF
  // by any XML parser, so it leaves CDATA as a character reference to come back as the CR it was.
  const escaped = value.replaceAll(']]>', ']]]]><![CDATA[>').replaceAll('\r', ']]>&#13;<![CDATA[');
  return `<![CDATA[${escaped}]]>`;
}
