/**
 * The XML parsing of shared/wechat/xml.ts as it was before the purpose-built extractor
 * (shared/wechat/xml-extractor.ts): fast-xml-parser's validator and parser, then the flattening to
 * fields. Kept verbatim as the oracle of the extractor's fuzz test and as the "before" of the ingest
 * benchmark; production code does not import it.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { MalformedBodyError } from '../../../shared/wechat/errors.ts';

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
 * covers the `Encrypt` element inside it), so DTDs are refused outright before the parser sees anything.
 */

const TEXT_NODE = '#text';
const CDATA_NODE = '#cdata';
const ATTRIBUTES_NODE = ':@';
const XML_WHITESPACE_START = /^[ \t\r\n]+/;
const XML_WHITESPACE_END = /[ \t\r\n]+$/;
const REFERENCE_PATTERN = /&(?:(#x[0-9A-Fa-f]+|#[0-9]+|[A-Za-z_][A-Za-z0-9_.-]*);)?/g;
const PREDEFINED_ENTITIES = new Map([
  ['amp', '&'],
  ['lt', '<'],
  ['gt', '>'],
  ['quot', '"'],
  ['apos', "'"],
]);
// Characters XML 1.0 can carry at all (the `Char` production).
const NON_XML_CHARACTER = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: false,
  processEntities: false,
  cdataPropName: CDATA_NODE,
  ignoreDeclaration: true,
  ignorePiTags: true,
});

export function parseXmlWithFastXmlParser(body: string): Record<string, string> {
  if (body.trim().length === 0) {
    throw new MalformedBodyError('body is empty');
  }
  rejectMarkupDeclarations(body);
  const validation = XMLValidator.validate(body);
  if (validation !== true) {
    const { code, line, col } = validation.err;
    throw new MalformedBodyError(`body is not well-formed XML (${code} at line ${line}, column ${col})`);
  }
  let document: unknown;
  try {
    document = parser.parse(body);
  } catch (error) {
    const reason = error instanceof Error ? error.message.slice(0, 200) : 'unknown error';
    throw new MalformedBodyError(`body could not be parsed as XML: ${reason}`);
  }

  const roots = asNodeList(document).map(readNode);
  const rootElements = roots.filter((node) => node.name !== TEXT_NODE);
  if (rootElements.length !== 1 || rootElements[0]?.name !== 'xml') {
    throw new MalformedBodyError('XML root element must be a single <xml>');
  }
  const fields = new Map<string, string>();
  flattenChildren(asNodeList(rootElements[0].content), '', fields);
  return Object.fromEntries(fields);
}

/**
 * Refuses every markup declaration (`<!DOCTYPE`, `<!ENTITY`, `<!ELEMENT`, … in any letter case) outside
 * comments and CDATA. Scanning rather than a plain substring search, because a customer may legitimately
 * send the text "<!DOCTYPE html>" inside CDATA, and losing their message would be worse than parsing it.
 */
function rejectMarkupDeclarations(body: string): void {
  let index = body.indexOf('<!');
  while (index !== -1) {
    let end: number;
    if (body.startsWith('<![CDATA[', index)) {
      end = body.indexOf(']]>', index + '<![CDATA['.length);
    } else if (body.startsWith('<!--', index)) {
      end = body.indexOf('-->', index + '<!--'.length);
    } else {
      throw new MalformedBodyError('DOCTYPE, ENTITY and other markup declarations are not allowed');
    }
    if (end === -1) {
      throw new MalformedBodyError('unterminated CDATA section or comment');
    }
    index = body.indexOf('<!', end + 3);
  }
}

interface OrderedNode {
  name: string;
  content: unknown;
}

function asNodeList(value: unknown): unknown[] {
  if (!Array.isArray(value)) {
    throw new MalformedBodyError('unexpected XML parser output');
  }
  return value;
}

function readNode(node: unknown): OrderedNode {
  if (typeof node !== 'object' || node === null) {
    throw new MalformedBodyError('unexpected XML parser output');
  }
  const name = Object.keys(node).find((key) => key !== ATTRIBUTES_NODE);
  if (name === undefined) {
    throw new MalformedBodyError('unexpected XML parser output');
  }
  return { name, content: (node as Record<string, unknown>)[name] };
}

interface TextSegment {
  inCdata: boolean;
  text: string;
}

function flattenChildren(children: unknown[], path: string, fields: Map<string, string>): void {
  const segments: TextSegment[] = [];
  const elements: OrderedNode[] = [];
  for (const child of children.map(readNode)) {
    if (child.name === TEXT_NODE) {
      segments.push({ inCdata: false, text: String(child.content) });
    } else if (child.name === CDATA_NODE) {
      segments.push({ inCdata: true, text: readCdata(child.content) });
    } else {
      elements.push(child);
    }
  }

  if (elements.length === 0) {
    if (path === '') {
      if (segments.some((segment) => segment.inCdata || segment.text.trim() !== '')) {
        throw new MalformedBodyError('text directly inside <xml> is not allowed');
      }
      return;
    }
    setField(fields, path, joinSegments(segments));
    return;
  }

  if (segments.some((segment) => segment.inCdata || !isXmlWhitespace(segment.text))) {
    throw new MalformedBodyError(`element ${path || 'xml'} mixes text with child elements`);
  }
  const occurrences = new Map<string, number>();
  for (const element of elements) {
    occurrences.set(element.name, (occurrences.get(element.name) ?? 0) + 1);
  }
  const seen = new Map<string, number>();
  for (const element of elements) {
    const index = seen.get(element.name) ?? 0;
    seen.set(element.name, index + 1);
    const key = (occurrences.get(element.name) ?? 0) > 1 ? `${element.name}[${index}]` : element.name;
    flattenChildren(asNodeList(element.content), path === '' ? key : `${path}.${key}`, fields);
  }
}

function readCdata(content: unknown): string {
  // The parser represents a CDATA section as a list holding one text node (or none when empty).
  return asNodeList(content)
    .map(readNode)
    .map((node) => String(node.content))
    .join('');
}

function setField(fields: Map<string, string>, path: string, value: string): void {
  if (fields.has(path)) {
    throw new MalformedBodyError(`field ${path} appears more than once under different spellings`);
  }
  fields.set(path, value);
}

function joinSegments(segments: TextSegment[]): string {
  const last = segments.length - 1;
  return segments
    .map((segment, index) => {
      if (segment.inCdata) {
        return segment.text;
      }
      // Trim before decoding, so a deliberate `&#10;` survives while indentation does not.
      let raw = segment.text;
      if (index === 0) {
        raw = raw.replace(XML_WHITESPACE_START, '');
      }
      if (index === last) {
        raw = raw.replace(XML_WHITESPACE_END, '');
      }
      return decodeReferences(raw);
    })
    .join('');
}

function isXmlWhitespace(text: string): boolean {
  return text.replace(XML_WHITESPACE_START, '') === '';
}

function decodeReferences(text: string): string {
  return text.replace(REFERENCE_PATTERN, (_match, reference: string | undefined) => {
    if (reference === undefined) {
      throw new MalformedBodyError('bare & in XML text');
    }
    if (reference.startsWith('#')) {
      const codePoint =
        reference[1] === 'x'
          ? Number.parseInt(reference.slice(2), 16)
          : Number.parseInt(reference.slice(1), 10);
      const character = codePoint <= 0x10ffff ? String.fromCodePoint(codePoint) : '';
      if (character === '' || NON_XML_CHARACTER.test(character)) {
        throw new MalformedBodyError(`character reference &${reference}; is not an XML character`);
      }
      return character;
    }
    const character = PREDEFINED_ENTITIES.get(reference);
    if (character === undefined) {
      throw new MalformedBodyError(`entity &${reference}; is not one of the five predefined XML entities`);
    }
    return character;
  });
}
