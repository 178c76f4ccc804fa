/** A message as the system keeps it: one shape for every kind of customer, agent and bot message. */
import type { FollowUpSend } from './follow-up.ts';

/** `internal`: a change of the conversation itself (closed, …), kept in its log for agents, never sent. */
export type MessageDirection = 'inbound' | 'outbound' | 'internal';

/** `system`: the platform itself (routing), for internal entries of a conversation's log. */
export type MessageAuthor = 'customer' | 'agent' | 'bot' | 'system';

/** Where an outbound message is on its way to WeChat. */
export type DeliveryStatus = 'pending' | 'sending' | 'sent' | 'failed';

export interface DeliveryFailure {
  /** WeChat's errcode, when WeChat answered. */
  errcode?: number;
  /** A sentence an agent understands. */
  reason: string;
}

/**
 * Why an agent cannot hear or see a customer's voice or video: WeChat said its media id had expired
 * (40007, after its three days), WeChat refused otherwise (quota 45009, …), the file was larger than
 * the project stores, it was not of the kind announced, or WeChat could not be reached (no copy is
 * held for any of these); or the voice's frames are cut short or broken (the copy is kept, to
 * download, but no player is offered).
 */
export interface MediaUnavailable {
  reason: 'expired' | 'refused' | 'too-large' | 'wrong-type' | 'unreachable' | 'corrupt';
  /** WeChat's errcode, when WeChat answered one. */
  errcode?: number;
}

/** What collecting a customer's media leaves on the message: our copies, or why there is none. */
export interface MediaCopyRecord {
  storageKey?: string;
  thumbStorageKey?: string;
  /** A voice's length, read from its frames. */
  durationMs?: number;
  mediaUnavailable?: MediaUnavailable;
}

/** One option of a menu message: WeChat hands its `id` back when the customer clicks it. */
export interface MenuOption {
  id: string;
  text: string;
}

export type MessageContent =
  | {
      type: 'text';
      text: string;
      /** The id of the menu option the customer clicked to send this text (WeChat's `bizmsgmenuid`). */
      menuOptionId?: string;
    }
  | {
      /** An Official Account's question with clickable options (WeChat's `msgmenu`). */
      type: 'menu';
      head: string;
      options: MenuOption[];
      tail: string;
    }
  | {
      type: 'image';
      /** WeChat's temporary media id (expires after 3 days). */
      mediaId?: string;
      /** WeChat's own URL of a customer's image (PicUrl). */
      url?: string;
      /** Our copy in the media bucket. */
      storageKey?: string;
    }
  | {
      type: 'voice';
      /** WeChat's temporary media id of a customer's voice. */
      mediaId?: string;
      format?: string;
      /** WeChat's own transcript (an Official Account with speech recognition on). */
      recognition?: string;
      /** Amazon Transcribe's transcript of a customer's voice that came without WeChat's. */
      machineTranscript?: string;
      /** Our copy in the media bucket (an agent's voice, or a customer's once copied). */
      storageKey?: string;
      /** The voice's length, read from its frames when an agent sent it or when a customer's was copied. */
      durationMs?: number;
      /** A customer's voice we could not copy. */
      mediaUnavailable?: MediaUnavailable;
    }
  | {
      type: 'video';
      /** WeChat's temporary media id of a customer's video. */
      mediaId?: string;
      thumbMediaId?: string;
      /** A customer's short video (WeChat's `shortvideo`). */
      short?: boolean;
      /** Our copy in the media bucket (an agent's video, or a customer's once copied). */
      storageKey?: string;
      /** Our copy of a customer's video thumbnail. */
      thumbStorageKey?: string;
      /** A customer's video we could not copy. */
      mediaUnavailable?: MediaUnavailable;
      title?: string;
      description?: string;
    }
  | {
      /**
       * One of an Official Account's published articles (WeChat's `mpnewsarticle`), as the agent picked
       * it: its title, digest and cover are kept so the thread shows the card after WeChat forgets.
       */
      type: 'article';
      articleId: string;
      title: string;
      digest?: string;
      coverUrl?: string;
      url?: string;
    }
  | { type: 'location'; latitude: number; longitude: number; scale?: number; label?: string }
  | { type: 'link'; title: string; description?: string; url: string; thumbUrl?: string }
  | {
      type: 'miniprogrampage';
      title: string;
      appId?: string;
      pagePath: string;
      thumbUrl?: string;
      thumbMediaId?: string;
      /** Our copy of the cover in the media bucket. */
      thumbStorageKey?: string;
    }
  | {
      /**
       * A file an Official Account's customer sent. WeChat pushes only its description: there is no API
       * to fetch an Official Account's file push, so agents see what it is, never its bytes.
       */
      type: 'file';
      /** The file's name. */
      title: string;
      description?: string;
      fileKey?: string;
      fileMd5?: string;
      /** Bytes (FileTotalLen). */
      size?: number;
    }
  | { type: 'event'; event: string; detail: Record<string, string> }
  /**
   * An agent's note for colleagues (direction `internal`): never sent to WeChat, takes nothing of the
   * reply window; the author's name as it was when written, so the thread and the history show it.
   */
  | { type: 'note'; text: string; authorName: string }
  | { type: 'unknown'; msgType: string; fields: Record<string, string> };

export interface Message {
  conversationId: string;
  messageId: string;
  workspaceId: string;
  appId: string;
  openId: string;
  direction: MessageDirection;
  author: MessageAuthor;
  /** The agent who wrote an outbound message. */
  authorId?: string;
  content: MessageContent;
  /** When the system received or created it (ms since epoch). */
  createdAt: number;
  /** WeChat's MsgId, kept as a string: it is a 64-bit integer. */
  wechatMsgId?: string;
  /** WeChat's CreateTime (seconds since epoch). */
  wechatCreateTime?: number;
  /** Official Accounts: the customer-service account the message is sent as. */
  kfAccount?: string;
  /**
   * Outbound only: sent as this subscribe message (follow-up.ts), because WeChat's 48-hour window had
   * closed; it took one of the customer's grants. Filled when written, so the send is what was decided.
   */
  followUp?: FollowUpSend;
  /** Inbound only: this message opened its conversation (what a welcome answers). */
  opened?: true;
  /** The console's id for an agent's send, so a retried send is recognised. */
  clientMessageId?: string;
  /**
   * An agent's outbound only: the conversation's `unansweredSince` that recording this answer
   * removed, so that the wait counts again should WeChat refuse the answer for good.
   */
  clearedUnansweredSince?: number;
  /** Outbound only. */
  status?: DeliveryStatus;
  failure?: DeliveryFailure;
  sentAt?: number;
  /** A short-lived link to our copy of the picture, card cover, voice or video; made when read, never stored. */
  mediaUrl?: string;
  /** A short-lived link to our copy of a video's thumbnail; made when read, never stored. */
  thumbMediaUrl?: string;
}

/** The key of our copy of the message's picture, voice or video, if we hold one. */
export function storedMediaKey(content: MessageContent): string | undefined {
  if (content.type === 'image' || content.type === 'voice' || content.type === 'video')
    return content.storageKey;
  if (content.type === 'miniprogrampage') return content.thumbStorageKey;
  return undefined;
}

/** The key of our copy of a video's thumbnail, if we hold one. */
export function storedThumbKey(content: MessageContent): string | undefined {
  return content.type === 'video' ? content.thumbStorageKey : undefined;
}

const previewLength = 80;

const eventPreviews: Record<string, (detail: Record<string, string>) => string> = {
  user_enter_tempsession: (detail) =>
    detail.sessionFrom ? `[entered the chat from ${detail.sessionFrom}]` : '[entered the chat]',
  subscribe: () => '[followed the account]',
  conversation_closed: () => '[conversation closed]',
  conversation_assigned: () => '[conversation assigned]',
  conversation_accepted: () => '[conversation accepted]',
  conversation_transferred: (detail) =>
    detail.toQueue ? `[moved to queue ${detail.toQueue}]` : '[conversation transferred]',
  conversation_reopened: () => '[conversation reopened]',
  unsubscribe: () => '[unfollowed the account]',
  CLICK: (detail) => `[menu ${detail.eventKey ?? ''}]`,
  scancode_push: (detail) => `[scanned ${detail.scanResult ?? detail.eventKey ?? ''}]`,
  scancode_waitmsg: (detail) => `[scanned ${detail.scanResult ?? detail.eventKey ?? ''}]`,
  SCAN: (detail) => `[scanned QR code ${detail.eventKey ?? ''}]`,
};

/** One line an agent can scan in a conversation list. */
/**
 * An agent's answer WeChat refused for good that had ended the customer's wait: the wait is back on
 * the conversation (shared/outbound/deliver-outbound.ts puts it back after recording the failure).
 */
export function failedWithWaitBack(message: Message): boolean {
  return message.status === 'failed' && message.clearedUnansweredSince !== undefined;
}

export function previewOf(content: MessageContent): string {
  switch (content.type) {
    case 'text':
      return content.text.length > previewLength ? `${content.text.slice(0, previewLength)}…` : content.text;
    case 'image':
      return '[image]';
    case 'voice':
      return content.recognition || content.machineTranscript
        ? `[voice] ${content.recognition || content.machineTranscript}`
        : '[voice]';
    case 'video':
      return '[video]';
    case 'location':
      return `[location] ${content.label ?? `${content.latitude},${content.longitude}`}`;
    case 'link':
      return `[link] ${content.title}`;
    case 'article':
      return `[article] ${content.title}`.slice(0, previewLength);
    case 'menu':
      return `[menu] ${content.head || content.options.map((option) => option.text).join(' / ')}`.slice(
        0,
        previewLength,
      );
    case 'miniprogrampage':
      return `[mini program] ${content.title}`;
    case 'file':
      return `[file] ${content.title}`;
    case 'note':
      return `[note] ${content.text.length > previewLength ? `${content.text.slice(0, previewLength)}…` : content.text}`;
    case 'event':
      return eventPreviews[content.event]?.(content.detail) ?? `[${content.event}]`;
    case 'unknown':
      // A customer's message of a type newer than this code; events are never recorded as messages.
      return content.msgType === 'event' ? `[${content.msgType}]` : '[unsupported message]';
  }
}
