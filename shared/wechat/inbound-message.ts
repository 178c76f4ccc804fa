/**
 * One typed model for everything a customer sends us through an OA or MP callback (WECHAT.md §2.3–2.5).
 * `kind` is the discriminant; events are further discriminated by `event`. Anything we do not model
 * (other MsgTypes, other events such as VIEW or debug_demo) becomes `unknown` with every raw field kept as a
 * string, so nothing WeChat sent is lost. Optional fields are absent when WeChat sent them empty or not at all.
 */
export interface InboundBase {
  /** The receiving account's original id (`gh_…`). */
  toUserName: string;
  /** The customer's OpenID (the `FromUserName` field). */
  fromOpenId: string;
  /** Unix seconds. */
  createTime: number;
}

export interface TextMessage extends InboundBase {
  kind: 'text';
  /** Always a string: a 64-bit integer in WeChat's numbering, or an opaque id on cloud pushes. */
  msgId: string;
  content: string;
  /**
   * OA: the id of the menu option (of an agent's menu message) the customer clicked; `content` is then
   * the option's text (`bizmsgmenuid`).
   */
  menuOptionId?: string;
}

export interface ImageMessage extends InboundBase {
  kind: 'image';
  msgId: string;
  picUrl?: string;
  mediaId?: string;
}

export interface VoiceMessage extends InboundBase {
  kind: 'voice';
  msgId: string;
  mediaId: string;
  format?: string;
  recognition?: string;
}

export interface VideoMessage extends InboundBase {
  kind: 'video' | 'shortvideo';
  msgId: string;
  mediaId: string;
  thumbMediaId?: string;
}

export interface LocationMessage extends InboundBase {
  kind: 'location';
  msgId: string;
  latitude: number;
  longitude: number;
  scale?: number;
  label?: string;
}

export interface LinkMessage extends InboundBase {
  kind: 'link';
  msgId: string;
  title: string;
  description?: string;
  url: string;
}

export interface MiniProgramPageMessage extends InboundBase {
  kind: 'miniprogrampage';
  msgId: string;
  title: string;
  appId?: string;
  pagePath: string;
  thumbUrl?: string;
  thumbMediaId?: string;
}

/** OA: a file from the chat (WeChat pushes its description only; there is no API to download it). */
export interface FileMessage extends InboundBase {
  kind: 'file';
  msgId: string;
  title: string;
  description?: string;
  fileKey?: string;
  fileMd5?: string;
  /** Bytes. */
  fileTotalLen?: number;
}

/** MP: the customer opened the customer-service session (`session-from` of the contact button). */
export interface EnterSessionEvent extends InboundBase {
  kind: 'event';
  event: 'user_enter_tempsession';
  sessionFrom?: string;
}

export interface SubscribeEvent extends InboundBase {
  kind: 'event';
  event: 'subscribe';
  /** `qrscene_<scene>` when the customer followed through a parametric QR code. */
  eventKey?: string;
  ticket?: string;
}

/** OA: an already-following customer scanned a parametric QR code; `eventKey` is its scene. */
export interface ScanEvent extends InboundBase {
  kind: 'event';
  event: 'SCAN';
  eventKey?: string;
  ticket?: string;
}

/** OA: a click on a `click` menu button; `eventKey` is the button's key. */
export interface MenuClickEvent extends InboundBase {
  kind: 'event';
  event: 'CLICK';
  eventKey?: string;
}

/** OA: a menu button that opened WeChat's scanner, with what was scanned. */
export interface ScanCodeEvent extends InboundBase {
  kind: 'event';
  event: 'scancode_push' | 'scancode_waitmsg';
  eventKey?: string;
  scanType?: string;
  scanResult?: string;
}

/** OA with location reporting on: where the customer is (on entering the chat, or every 5 seconds in it). */
export interface LocationEvent extends InboundBase {
  kind: 'event';
  event: 'LOCATION';
  latitude: number;
  longitude: number;
  precision?: number;
}

export interface UnsubscribeEvent extends InboundBase {
  kind: 'event';
  event: 'unsubscribe';
}

/** OA multi-customer-service: an agent accepted or closed the session. */
export interface KfSessionEvent extends InboundBase {
  kind: 'event';
  event: 'kf_create_session' | 'kf_close_session';
  kfAccount?: string;
}

export interface KfSwitchSessionEvent extends InboundBase {
  kind: 'event';
  event: 'kf_switch_session';
  fromKfAccount?: string;
  toKfAccount?: string;
}

export interface UnknownInbound extends InboundBase {
  kind: 'unknown';
  msgType: string;
  /** The `Event` field when `msgType` is `event`. */
  event?: string;
  msgId?: string;
  /** Every field WeChat sent, flattened (nested elements or objects as dotted paths) and as strings. */
  fields: Record<string, string>;
}

export type InboundEvent =
  | EnterSessionEvent
  | SubscribeEvent
  | ScanEvent
  | MenuClickEvent
  | ScanCodeEvent
  | LocationEvent
  | UnsubscribeEvent
  | KfSessionEvent
  | KfSwitchSessionEvent;

export type InboundMessage =
  | TextMessage
  | ImageMessage
  | VoiceMessage
  | VideoMessage
  | LocationMessage
  | LinkMessage
  | MiniProgramPageMessage
  | FileMessage
  | InboundEvent
  | UnknownInbound;
