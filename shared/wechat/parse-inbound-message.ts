import { idShapes, maxSessionFromBytes } from '../domain/ids.ts';
import { MalformedBodyError } from './errors.ts';
import type {
  EnterSessionEvent,
  FileMessage,
  ImageMessage,
  InboundBase,
  InboundMessage,
  KfSessionEvent,
  KfSwitchSessionEvent,
  LinkMessage,
  LocationEvent,
  LocationMessage,
  MenuClickEvent,
  MiniProgramPageMessage,
  ScanCodeEvent,
  ScanEvent,
  SubscribeEvent,
  TextMessage,
  UnknownInbound,
  VideoMessage,
  VoiceMessage,
} from './inbound-message.ts';
import { wholeNumber } from './whole-number.ts';

/**
 * Turns the fields of a verified (and decrypted) message into the typed model. Accepts the output of both
 * parseXmlMessage (all strings) and parseJsonMessage (numbers for CreateTime and the like; MsgId already a
 * string). Nested objects are flattened with dotted paths and arrays with `[i]`, matching the XML codec.
 *
 * Mandatory fields must be present and non-empty, except free text (Content, Title), which only has to be
 * present. Optional fields that are empty are left out of the model. Fields that become ids and keys
 * have their shape checked first (fieldShapes).
 */
export function parseInboundMessage(fields: Record<string, unknown>): InboundMessage {
  return parseFlatInboundMessage(flattenToStrings(fields));
}

/**
 * parseInboundMessage for fields that are already one flat record of strings, as parseXmlMessage returns
 * them (paths dotted and indexed, values never converted): there is nothing to flatten or convert, so the
 * record is read as it is.
 */
export function parseFlatInboundMessage(flat: Record<string, string>): InboundMessage {
  checkShapes(flat);
  const read = new FieldReader();
  const base: InboundBase = {
    toUserName: read.required('ToUserName', flat.ToUserName),
    fromOpenId: read.required('FromUserName', flat.FromUserName),
    createTime: read.unixSeconds('CreateTime', flat.CreateTime),
  };
  const msgType = read.required('MsgType', flat.MsgType);
  read.context = `MsgType ${msgType}`;

  switch (msgType) {
    case 'text':
      return withOptional<TextMessage>(
        {
          kind: 'text',
          ...base,
          msgId: read.required('MsgId', flat.MsgId),
          content: read.present('Content', flat.Content),
        },
        { menuOptionId: read.optional(flat.bizmsgmenuid) },
      );
    case 'image':
      return withOptional<ImageMessage>(
        { kind: 'image', ...base, msgId: read.required('MsgId', flat.MsgId) },
        { picUrl: read.optional(flat.PicUrl), mediaId: read.optional(flat.MediaId) },
      );
    case 'voice':
      return withOptional<VoiceMessage>(
        {
          kind: 'voice',
          ...base,
          msgId: read.required('MsgId', flat.MsgId),
          mediaId: read.required('MediaId', flat.MediaId),
        },
        { format: read.optional(flat.Format), recognition: read.optional(flat.Recognition) },
      );
    case 'video':
    case 'shortvideo':
      return withOptional<VideoMessage>(
        {
          kind: msgType,
          ...base,
          msgId: read.required('MsgId', flat.MsgId),
          mediaId: read.required('MediaId', flat.MediaId),
        },
        { thumbMediaId: read.optional(flat.ThumbMediaId) },
      );
    case 'location':
      return withOptional<LocationMessage>(
        {
          kind: 'location',
          ...base,
          msgId: read.required('MsgId', flat.MsgId),
          latitude: read.decimal('Location_X', flat.Location_X),
          longitude: read.decimal('Location_Y', flat.Location_Y),
        },
        { scale: read.optionalDecimal('Scale', flat.Scale), label: read.optional(flat.Label) },
      );
    case 'link':
      return withOptional<LinkMessage>(
        {
          kind: 'link',
          ...base,
          msgId: read.required('MsgId', flat.MsgId),
          title: read.present('Title', flat.Title),
          url: read.required('Url', flat.Url),
        },
        { description: read.optional(flat.Description) },
      );
    case 'miniprogrampage':
      return withOptional<MiniProgramPageMessage>(
        {
          kind: 'miniprogrampage',
          ...base,
          msgId: read.required('MsgId', flat.MsgId),
          title: read.present('Title', flat.Title),
          pagePath: read.required('PagePath', flat.PagePath),
        },
        {
          appId: read.optional(flat.AppId),
          thumbUrl: read.optional(flat.ThumbUrl),
          thumbMediaId: read.optional(flat.ThumbMediaId),
        },
      );
    case 'file':
      return withOptional<FileMessage>(
        {
          kind: 'file',
          ...base,
          msgId: read.required('MsgId', flat.MsgId),
          title: read.present('Title', flat.Title),
        },
        {
          description: read.optional(flat.Description),
          fileKey: read.optional(flat.FileKey),
          fileMd5: read.optional(flat.FileMd5),
          fileTotalLen: read.optionalByteCount('FileTotalLen', flat.FileTotalLen),
        },
      );
    case 'event':
      return parseEvent(base, read, flat);
    default:
      return unknownInbound(base, msgType, flat);
  }
}

/**
 * The idempotency key for WeChat's retries (up to 4 deliveries of the same push, WECHAT.md §4):
 * `msg:<MsgId>` for messages; events carry no MsgId, so `evt:<FromUserName>|<CreateTime>|<Event>|<detail>`
 * where detail is EventKey or SessionFrom (two different events may share a second). A message type we do
 * not know and that has no MsgId is keyed like an event, with its MsgType in the Event slot.
 */
export function dedupeKey(message: InboundMessage): string {
  if ('msgId' in message && message.msgId) {
    return `msg:${message.msgId}`;
  }
  let event: string;
  let detail: string;
  if (message.kind === 'unknown') {
    event = message.event ?? message.msgType;
    detail = message.fields.EventKey || message.fields.SessionFrom || '';
  } else if (message.kind === 'event') {
    event = message.event;
    detail =
      'eventKey' in message
        ? (message.eventKey ?? '')
        : message.event === 'user_enter_tempsession'
          ? (message.sessionFrom ?? '')
          : '';
  } else {
    // Unreachable: every other kind has a mandatory msgId.
    event = message.kind;
    detail = '';
  }
  return `evt:${message.fromOpenId}|${message.createTime}|${event}|${detail}`;
}

function parseEvent(base: InboundBase, read: FieldReader, flat: Record<string, string>): InboundMessage {
  const event = read.required('Event', flat.Event);
  read.context = `event ${event}`;
  switch (event) {
    case 'user_enter_tempsession':
      return withOptional<EnterSessionEvent>(
        { kind: 'event', event, ...base },
        { sessionFrom: read.optional(flat.SessionFrom) },
      );
    case 'subscribe':
      return withOptional<SubscribeEvent>(
        { kind: 'event', event, ...base },
        { eventKey: read.optional(flat.EventKey), ticket: read.optional(flat.Ticket) },
      );
    case 'SCAN':
      return withOptional<ScanEvent>(
        { kind: 'event', event, ...base },
        { eventKey: read.optional(flat.EventKey), ticket: read.optional(flat.Ticket) },
      );
    case 'CLICK':
      return withOptional<MenuClickEvent>(
        { kind: 'event', event, ...base },
        { eventKey: read.optional(flat.EventKey) },
      );
    case 'scancode_push':
    case 'scancode_waitmsg':
      return withOptional<ScanCodeEvent>(
        { kind: 'event', event, ...base },
        {
          eventKey: read.optional(flat.EventKey),
          scanType: read.optional(flat['ScanCodeInfo.ScanType']),
          scanResult: read.optional(flat['ScanCodeInfo.ScanResult']),
        },
      );
    case 'LOCATION':
      return withOptional<LocationEvent>(
        {
          kind: 'event',
          event,
          ...base,
          latitude: read.decimal('Latitude', flat.Latitude),
          longitude: read.decimal('Longitude', flat.Longitude),
        },
        { precision: read.optionalDecimal('Precision', flat.Precision) },
      );
    case 'unsubscribe':
      return { kind: 'event', event, ...base };
    case 'kf_create_session':
    case 'kf_close_session':
      return withOptional<KfSessionEvent>(
        { kind: 'event', event, ...base },
        { kfAccount: read.optional(flat.KfAccount) },
      );
    case 'kf_switch_session':
      return withOptional<KfSwitchSessionEvent>(
        { kind: 'event', event, ...base },
        { fromKfAccount: read.optional(flat.FromKfAccount), toKfAccount: read.optional(flat.ToKfAccount) },
      );
    default:
      return unknownInbound(base, 'event', flat);
  }
}

function unknownInbound(base: InboundBase, msgType: string, fields: Record<string, string>): UnknownInbound {
  return withOptional<UnknownInbound>(
    { kind: 'unknown', ...base, msgType, fields },
    { event: fields.Event || undefined, msgId: fields.MsgId || undefined },
  );
}

interface FieldShape {
  fits(value: string): boolean;
  /** Completes "field X …" in the error. */
  rule: string;
}

const utf8 = new TextEncoder();
const atMostChars = (limit: number): FieldShape => ({
  fits: (value) => value.length <= limit,
  rule: `has at most ${limit} characters`,
});
const atMostBytes = (limit: number): FieldShape => ({
  fits: (value) => utf8.encode(value).length <= limit,
  rule: `has at most ${limit} bytes (UTF-8)`,
});

/**
 * The fields that become ids, dedupe keys and routing input, with their shapes (shared/domain/ids.ts);
 * free text (Content, Title, …) is bounded by the size of the body alone.
 */
const fieldShapes = {
  ToUserName: atMostChars(64),
  FromUserName: {
    fits: (value) => idShapes.openId.test(value),
    rule: 'must be an openid: 1 to 64 letters, digits, - or _',
  },
  MsgType: atMostChars(64),
  MsgId: {
    fits: (value) => idShapes.msgId.test(value),
    rule: 'must be a decimal number of at most 20 digits',
  },
  Event: atMostChars(64),
  EventKey: atMostBytes(maxSessionFromBytes),
  SessionFrom: atMostBytes(maxSessionFromBytes),
  // The id an agent gave a menu option (menuLimits in shared/domain/menu-limits.ts).
  bizmsgmenuid: atMostBytes(64),
} satisfies Record<string, FieldShape>;

/**
 * Each field is read by its name written out: a name held in a variable would make every read one the
 * engine resolves generically, through a cache that the rest of the process competes for.
 */
function checkShapes(flat: Record<string, string>): void {
  checkShape('ToUserName', flat.ToUserName, fieldShapes.ToUserName);
  checkShape('FromUserName', flat.FromUserName, fieldShapes.FromUserName);
  checkShape('MsgType', flat.MsgType, fieldShapes.MsgType);
  checkShape('MsgId', flat.MsgId, fieldShapes.MsgId);
  checkShape('Event', flat.Event, fieldShapes.Event);
  checkShape('EventKey', flat.EventKey, fieldShapes.EventKey);
  checkShape('SessionFrom', flat.SessionFrom, fieldShapes.SessionFrom);
  checkShape('bizmsgmenuid', flat.bizmsgmenuid, fieldShapes.bizmsgmenuid);
}

function checkShape(name: string, value: string | undefined, shape: FieldShape): void {
  // Absence and emptiness are for the readers below to judge.
  if (value && !shape.fits(value)) throw new MalformedBodyError(`field ${name} ${shape.rule}`);
}

const DECIMAL_PATTERN = /^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;

/**
 * Judges the fields a message type needs. Each method takes the field's value, read by the caller where
 * the field's name is written out (see checkShapes), and its name for the error.
 */
class FieldReader {
  /** Named in error messages, so a rejected push says which message type needed the field. */
  context = '';

  /** Present and non-empty. */
  required(name: string, value: string | undefined): string {
    if (value === undefined || value === '') {
      throw new MalformedBodyError(
        `missing field ${name}${this.context ? ` (required for ${this.context})` : ''}`,
      );
    }
    return value;
  }

  /** Present, possibly empty: free text a customer wrote. */
  present(name: string, value: string | undefined): string {
    if (value === undefined) {
      throw new MalformedBodyError(
        `missing field ${name}${this.context ? ` (required for ${this.context})` : ''}`,
      );
    }
    return value;
  }

  optional(value: string | undefined): string | undefined {
    return value === '' ? undefined : value;
  }

  unixSeconds(name: string, text: string | undefined): number {
    const value = wholeNumber(this.required(name, text));
    if (value === undefined) {
      throw new MalformedBodyError(`field ${name} must be a non-negative integer number of seconds`);
    }
    return value;
  }

  /** A size in bytes: a non-negative integer. */
  optionalByteCount(name: string, field: string | undefined): number | undefined {
    const text = this.optional(field);
    if (text === undefined) return undefined;
    const value = wholeNumber(text);
    if (value === undefined) {
      throw new MalformedBodyError(`field ${name} must be a non-negative whole number of bytes`);
    }
    return value;
  }

  decimal(name: string, field: string | undefined): number {
    return this.toDecimal(name, this.required(name, field));
  }

  optionalDecimal(name: string, field: string | undefined): number | undefined {
    const text = this.optional(field);
    return text === undefined ? undefined : this.toDecimal(name, text);
  }

  private toDecimal(name: string, text: string): number {
    const value = Number(text);
    if (!DECIMAL_PATTERN.test(text) || !Number.isFinite(value)) {
      throw new MalformedBodyError(`field ${name} must be a decimal number`);
    }
    return value;
  }
}

function flattenToStrings(fields: Record<string, unknown>): Record<string, string> {
  const scalars = flatScalars(fields);
  if (scalars !== undefined) return scalars;
  const flat = new Map<string, string>();
  for (const [name, value] of Object.entries(fields)) {
    flattenValue(value, name, flat);
  }
  return Object.fromEntries(flat);
}

/**
 * What both codecs return for a customer-service push, a flat record of scalars, as strings (the record
 * itself when all are strings already): nothing nested, so no path can collide. Undefined for anything
 * else, which the general flattening handles.
 */
function flatScalars(fields: Record<string, unknown>): Record<string, string> | undefined {
  const names = Object.keys(fields);
  let allStrings = true;
  for (const name of names) {
    const value = fields[name];
    if (typeof value === 'string') continue;
    if (value === null || value === undefined || typeof value === 'object' || name === '__proto__') {
      return undefined;
    }
    allStrings = false;
  }
  if (allStrings) return fields as Record<string, string>;
  const flat: Record<string, string> = {};
  for (const name of names) flat[name] = scalarToString(name, fields[name]);
  return flat;
}

function flattenValue(value: unknown, path: string, flat: Map<string, string>): void {
  if (value === null || value === undefined) {
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, index) => {
      flattenValue(item, `${path}[${index}]`, flat);
    });
    return;
  }
  if (typeof value === 'object') {
    for (const [name, item] of Object.entries(value)) {
      flattenValue(item, `${path}.${name}`, flat);
    }
    return;
  }
  if (flat.has(path)) {
    throw new MalformedBodyError(`field ${path} appears more than once under different spellings`);
  }
  flat.set(path, scalarToString(path, value));
}

function scalarToString(path: string, value: unknown): string {
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
      if (!Number.isFinite(value)) {
        throw new MalformedBodyError(`field ${path} is not a finite number`);
      }
      if (Number.isInteger(value) && !Number.isSafeInteger(value)) {
        // Whoever parsed this let JSON.parse round it; the true value is gone. parseJsonMessage keeps it.
        throw new MalformedBodyError(`field ${path} is an integer beyond 2^53 whose exact value was lost`);
      }
      return String(value);
    case 'bigint':
    case 'boolean':
      return String(value);
    default:
      throw new MalformedBodyError(`field ${path} has an unsupported ${typeof value} value`);
  }
}

/**
 * `message` with those of its optional fields that are present: an absent one is left out rather than
 * set to undefined. Setting them on the message costs less than building it with every field and
 * copying it without the absent ones.
 */
function withOptional<M extends InboundMessage>(
  message: M,
  optional: { [K in keyof M]?: M[K] | undefined },
): M {
  for (const key of Object.keys(optional) as (keyof M)[]) {
    const value = optional[key];
    if (value !== undefined) message[key] = value;
  }
  return message;
}
