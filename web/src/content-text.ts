import type { MessageContent } from '../../shared/domain/message.ts';
import { intlLocale, t } from './i18n.ts';

/**
 * The words the thread shows for messages that are not plain text. Kept apart from the components so
 * they can be tested without a browser and reused for notifications later.
 */

type EventContent = Extract<MessageContent, { type: 'event' }>;
type TextContent = Extract<MessageContent, { type: 'text' }>;
type LocationContent = Extract<MessageContent, { type: 'location' }>;
type VoiceContent = Extract<MessageContent, { type: 'voice' }>;
type VideoContent = Extract<MessageContent, { type: 'video' }>;
type UnknownContent = Extract<MessageContent, { type: 'unknown' }>;
type FileContent = Extract<MessageContent, { type: 'file' }>;

const qrScenePrefix = 'qrscene_';

/** A system line for an event, e.g. "Customer entered from shop:12". */
export function eventText(content: EventContent): string {
  const detail = content.detail ?? {};
  switch (content.event) {
    case 'user_enter_tempsession':
      return detail.sessionFrom
        ? t('content.enteredFrom', { sessionFrom: detail.sessionFrom })
        : t('content.openedChat');
    case 'subscribe':
      if (detail.eventKey?.startsWith(qrScenePrefix)) {
        return t('content.followedByScan', { scene: detail.eventKey.slice(qrScenePrefix.length) });
      }
      return detail.eventKey ? t('content.followedWith', { key: detail.eventKey }) : t('content.followed');
    case 'SCAN':
      return t('content.scanned', { scene: detail.eventKey ?? '' });
    case 'CLICK':
      return t('content.menuClick', { key: detail.eventKey ?? '' });
    case 'scancode_push':
    case 'scancode_waitmsg':
      return t('content.scannedCode', { result: detail.scanResult ?? detail.eventKey ?? '' });
    case 'unsubscribe':
      return t('content.unfollowed');
    case 'kf_create_session':
      return detail.kfAccount
        ? t('content.sessionTakenBy', { account: detail.kfAccount })
        : t('content.sessionStarted');
    case 'kf_close_session':
      return detail.kfAccount
        ? t('content.sessionClosedBy', { account: detail.kfAccount })
        : t('content.sessionClosed');
    case 'kf_switch_session':
      return detail.fromKfAccount && detail.toKfAccount
        ? t('content.sessionPassed', { from: detail.fromKfAccount, to: detail.toKfAccount })
        : t('content.sessionPassedOther');
    default:
      return t('content.event', { event: content.event });
  }
}

/**
 * A customer's message of a kind WeChat added after this build: a neutral line sending the agent to
 * WeChat. (An event is never a customer's message; one stored before events were told apart is named.)
 */
export function unsupportedText(content: UnknownContent): string {
  return content.msgType === 'event'
    ? t('content.unsupported', { type: content.msgType })
    : t('content.unsupportedMessage');
}

const fileUnits = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;

/** "2.4 MB" / "2.4 MB" in the agent's language. */
export function fileSizeText(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < fileUnits.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return new Intl.NumberFormat(intlLocale(), {
    style: 'unit',
    unit: fileUnits[unit],
    unitDisplay: 'short',
    maximumFractionDigits: unit === 0 ? 0 : 1,
  }).format(value);
}

/** The file's type as its extension says, for the card's badge ("PDF"); undefined when it has none. */
export function fileTypeOf(content: FileContent): string | undefined {
  const dot = content.title.lastIndexOf('.');
  if (dot <= 0 || dot === content.title.length - 1) return undefined;
  const extension = content.title.slice(dot + 1);
  return /^[A-Za-z0-9]{1,5}$/.test(extension) ? extension.toUpperCase() : undefined;
}

/** Coordinates to five decimals (about a metre), latitude first as WeChat gives them. */
export function coordinatesText(content: LocationContent): string {
  return `${content.latitude.toFixed(5)}, ${content.longitude.toFixed(5)}`;
}

export function locationTitle(content: LocationContent): string {
  return content.label?.trim() || t('content.sharedLocation');
}

/** A voice's length once the server has read its frames; until then its format, as WeChat named it. */
export function voiceTitle(content: VoiceContent): string {
  if (content.durationMs !== undefined) {
    return t('content.voiceLength', { seconds: (content.durationMs / 1000).toFixed(1) });
  }
  return content.format ? t('content.voiceFormat', { format: content.format }) : t('content.voice');
}

export function videoTitle(content: VideoContent): string {
  return content.short ? t('content.shortVideo') : t('content.video');
}

/** Why a customer's voice or video cannot be heard or seen here, as the agent reads it in the thread. */
export function mediaUnavailableText(content: VoiceContent | VideoContent): string {
  const unavailable = content.mediaUnavailable;
  if (!unavailable) return '';
  switch (unavailable.reason) {
    case 'expired':
      return content.type === 'voice' ? t('content.voiceExpired') : t('content.videoExpired');
    case 'refused':
      return t('content.mediaRefused', { errcode: unavailable.errcode ?? '?' });
    case 'too-large':
      return t('content.mediaTooLarge');
    case 'wrong-type':
      return t('content.mediaWrongType');
    case 'unreachable':
      return t('content.mediaUnreachable');
    case 'corrupt':
      return t('content.voiceCorrupt');
  }
}

/**
 * Whether a message is drawn as a centred system line rather than a bubble: events are things that
 * happened, not something a person wrote; a message the console cannot show is a neutral note.
 */
export function isSystemLine(content: MessageContent): boolean {
  return content.type === 'event' || content.type === 'unknown';
}

/** Longest preview, in characters: a notification shows two or three lines. */
const previewLength = 100;

/** Runs of whitespace (line breaks too) as one space, cut at `previewLength` with an ellipsis. */
function oneLine(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > previewLength ? `${line.slice(0, previewLength - 1)}…` : line;
}

function textPreview(content: TextContent): string {
  if (content.menuOptionId !== undefined) return oneLine(t('content.menuChosen', { option: content.text }));
  return oneLine(content.text) || t('content.emptyMessage');
}

/**
 * One line saying what a message is, for a desktop notification: the customer's words, or what they
 * sent ("Picture", "Voice message: …"). Plain text only; the notification shows it as it is.
 */
export function contentPreview(content: MessageContent): string {
  switch (content.type) {
    case 'text':
      return textPreview(content);
    case 'image':
      return t('preview.picture');
    case 'voice': {
      const heard = content.recognition || content.machineTranscript;
      return oneLine(
        heard ? t('preview.voiceText', { title: voiceTitle(content), text: heard }) : voiceTitle(content),
      );
    }
    case 'video':
      return videoTitle(content);
    case 'location':
      return oneLine(t('preview.location', { title: locationTitle(content) }));
    case 'link':
      return oneLine(t('preview.link', { title: content.title }));
    case 'menu':
      return oneLine(t('preview.menu', { title: content.head }));
    case 'article':
      return oneLine(t('preview.article', { title: content.title }));
    case 'miniprogrampage':
      return oneLine(t('preview.miniProgram', { title: content.title }));
    case 'file':
      return oneLine(t('preview.file', { title: content.title }));
    case 'note':
      return oneLine(t('preview.note', { text: content.text }));
    case 'event':
      return eventText(content);
    case 'unknown':
      return unsupportedText(content);
  }
}
