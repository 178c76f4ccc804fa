/**
 * One WeChat user of one app, as seen from WeChat's side: their actions become signed pushes to the
 * app's callback URL and open reply windows (service-window.ts); what the platform sends them through
 * custom/send lands in their inbox; custom/typing sets their typing indicator.
 */
import { createHash } from 'node:crypto';
import { buildCallback } from '../../../shared/wechat/callback.ts';
import type { MessageFields } from '../../../shared/wechat/message-fields.ts';
import type { CallbackDeliverer } from './callback-delivery.ts';
import type { CustomMessage } from './custom-message.ts';
import { originalIdOf } from './ids.ts';
import type { PublishedArticles } from './published-articles.ts';
import { ServiceWindow } from './service-window.ts';
import { SubscriptionGrants, templateOf } from './subscribe-message.ts';
import { sniffImage, sniffVideo, sniffVoice, type TempMediaStore } from './temp-media.ts';
import type {
  CallbackDelivery,
  ReceivedMessage,
  SimulatedApp,
  SimulatedCustomer,
  TypingCommand,
} from './types.ts';
import { TypingIndicator } from './typing-indicator.ts';

export interface CustomerContext {
  clock: () => number;
  /** The simulator-wide order of events (pushes and received messages). */
  nextSeq: () => number;
  nextMsgId: () => bigint;
  /** Throws when the app is unknown. */
  resolveApp: (appId: string) => Promise<SimulatedApp>;
  media: TempMediaStore;
  articles: PublishedArticles;
  /** The URL a PicUrl / ThumbUrl points to. */
  mediaUrl: (mediaId: string) => string;
  deliverer: CallbackDeliverer;
}

/** A customer's push as the customer page shows it. */
export interface SentPush {
  seq: number;
  at: number;
  /** The plaintext fields of the push, as text. */
  fields: Record<string, string>;
  delivery: CallbackDelivery;
}

const DEFAULT_WAIT_MS = 5000;

/** An action WeChat would not let this customer take, e.g. following a Mini Program. */
export class CustomerActionError extends Error {
  override readonly name = 'CustomerActionError';
}

// A 1×1 PNG: the cover of a card sent without one (WeChat always gives a card a cover image).
const DEFAULT_THUMB = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

// A 1×1 baseline JPEG: the thumbnail of a video sent without one (WeChat always makes one).
const DEFAULT_VIDEO_THUMB = Buffer.from(
  '/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=',
  'base64',
);

interface Waiter {
  predicate: (message: ReceivedMessage) => boolean;
  resolve: (message: ReceivedMessage) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

export class Customer implements SimulatedCustomer {
  readonly window = new ServiceWindow();
  readonly typingIndicator = new TypingIndicator();
  readonly subscriptions = new SubscriptionGrants();
  /** Simulator clock, ms; what custom/typing's 30 s rule looks at. */
  lastInteractionAt: number | undefined;
  readonly sent: SentPush[] = [];
  lastDelivery: CallbackDelivery | undefined;

  readonly #context: CustomerContext;
  readonly #inbox: ReceivedMessage[] = [];
  /** Inbox messages already handed out by nextReceived. */
  readonly #returned = new Set<ReceivedMessage>();
  readonly #waiters = new Set<Waiter>();
  readonly #typing: TypingCommand[] = [];
  /** Whether the customer follows the account (what a QR scan pushes depends on it). */
  #following = false;
  #disposed = false;

  constructor(
    readonly appId: string,
    readonly openId: string,
    context: CustomerContext,
  ) {
    this.#context = context;
  }

  get inbox(): readonly ReceivedMessage[] {
    return this.#inbox;
  }

  get typing(): readonly TypingCommand[] {
    return this.#typing;
  }

  say(text: string): Promise<CallbackDelivery> {
    return this.send({ MsgType: 'text', Content: text });
  }

  sendImage(bytes: Buffer, contentType?: string): Promise<CallbackDelivery> {
    const type = contentType ?? sniffImage(bytes) ?? 'image/jpeg';
    const media = this.#context.media.store(this.appId, 'image', bytes, type);
    return this.send({
      MsgType: 'image',
      PicUrl: this.#context.mediaUrl(media.mediaId),
      MediaId: media.mediaId,
    });
  }

  sendMiniProgramCard(card: { title: string; pagePath: string; thumb?: Buffer }): Promise<CallbackDelivery> {
    const thumb = card.thumb ?? DEFAULT_THUMB;
    const media = this.#context.media.store(this.appId, 'image', thumb, sniffImage(thumb) ?? 'image/jpeg');
    return this.send({
      MsgType: 'miniprogrampage',
      Title: card.title,
      AppId: this.appId,
      PagePath: card.pagePath,
      ThumbUrl: this.#context.mediaUrl(media.mediaId),
      ThumbMediaId: media.mediaId,
    });
  }

  async sendVoice(amr: Buffer, options: { recognition?: string } = {}): Promise<CallbackDelivery> {
    await this.#requireType('official-account', 'sendVoice');
    const contentType = sniffVoice(amr);
    if (!contentType) throw new CustomerActionError('a voice message must be AMR (it starts with #!AMR)');
    const media = this.#context.media.store(this.appId, 'voice', amr, contentType);
    return this.send({
      MsgType: 'voice',
      MediaId: media.mediaId,
      Format: 'amr',
      ...(options.recognition === undefined ? {} : { Recognition: options.recognition }),
    });
  }

  async sendVideo(mp4: Buffer, options: { thumb?: Buffer; short?: boolean } = {}): Promise<CallbackDelivery> {
    await this.#requireType('official-account', 'sendVideo');
    const contentType = sniffVideo(mp4);
    if (!contentType) throw new CustomerActionError('a video must be an MP4 (an ftyp box first)');
    const thumbBytes = options.thumb ?? DEFAULT_VIDEO_THUMB;
    const video = this.#context.media.store(this.appId, 'video', mp4, contentType);
    const thumb = this.#context.media.store(
      this.appId,
      'thumb',
      thumbBytes,
      sniffImage(thumbBytes) ?? 'image/jpeg',
    );
    return this.send({
      MsgType: options.short ? 'shortvideo' : 'video',
      MediaId: video.mediaId,
      ThumbMediaId: thumb.mediaId,
    });
  }

  async enterSession(sessionFrom = ''): Promise<CallbackDelivery> {
    await this.#requireType('miniprogram', 'enterSession');
    return this.send({ MsgType: 'event', Event: 'user_enter_tempsession', SessionFrom: sessionFrom });
  }

  async subscribe(): Promise<CallbackDelivery> {
    await this.#requireType('official-account', 'subscribe');
    this.#following = true;
    return this.send({ MsgType: 'event', Event: 'subscribe', EventKey: '' });
  }

  async unsubscribe(): Promise<CallbackDelivery> {
    await this.#requireType('official-account', 'unsubscribe');
    this.#following = false;
    return this.send({ MsgType: 'event', Event: 'unsubscribe', EventKey: '' });
  }

  async clickMenu(key: string): Promise<CallbackDelivery> {
    await this.#requireType('official-account', 'clickMenu');
    return this.send({ MsgType: 'event', Event: 'CLICK', EventKey: key });
  }

  /**
   * Taps an option of a menu message (msgmenu) the customer received: WeChat pushes a text message
   * carrying the option's text as `Content` and its id as `bizmsgmenuid` (sendCustomMessage, "发送菜单
   * 消息", developers.weixin.qq.com/doc/service/api/customer/message/api_sendcustommessage). Only an
   * option that is on the customer's screen can be tapped.
   */
  async clickMenuOption(optionId: string): Promise<CallbackDelivery> {
    await this.#requireType('official-account', 'clickMenuOption');
    const option = this.#receivedMenuOption(optionId);
    if (!option) {
      throw new CustomerActionError(`${this.openId} has received no menu message with an option ${optionId}`);
    }
    return this.send({ MsgType: 'text', Content: option.content, bizmsgmenuid: option.id });
  }

  /** The option of that id on the latest menu message that has one. */
  #receivedMenuOption(optionId: string): { id: string; content: string } | undefined {
    for (const message of [...this.#inbox].reverse()) {
      if (message.msgtype !== 'msgmenu') continue;
      const list = (message.body.msgmenu as { list?: unknown } | undefined)?.list;
      if (!Array.isArray(list)) continue;
      const option = list.find(
        (item): item is { id: string; content: string } =>
          typeof item === 'object' &&
          item !== null &&
          (item as { id?: unknown }).id === optionId &&
          typeof (item as { content?: unknown }).content === 'string',
      );
      if (option) return option;
    }
    return undefined;
  }

  async openMenuLink(url: string): Promise<CallbackDelivery> {
    await this.#requireType('official-account', 'openMenuLink');
    return this.send({ MsgType: 'event', Event: 'VIEW', EventKey: url });
  }

  /**
   * Scans a parametric QR code: a customer who does not follow the account follows it through the code
   * (`subscribe` with `qrscene_<scene>`), a follower's scan is `SCAN` with the bare scene.
   */
  async scanQrCode(scene: string): Promise<CallbackDelivery> {
    await this.#requireType('official-account', 'scanQrCode');
    const ticket = `gQ${Buffer.from(scene).toString('base64url')}`;
    if (this.#following)
      return this.send({ MsgType: 'event', Event: 'SCAN', EventKey: scene, Ticket: ticket });
    this.#following = true;
    return this.send({ MsgType: 'event', Event: 'subscribe', EventKey: `qrscene_${scene}`, Ticket: ticket });
  }

  async reportLocation(location: {
    latitude: number;
    longitude: number;
    precision?: number;
  }): Promise<CallbackDelivery> {
    await this.#requireType('official-account', 'reportLocation');
    return this.send({
      MsgType: 'event',
      Event: 'LOCATION',
      Latitude: location.latitude,
      Longitude: location.longitude,
      Precision: location.precision ?? 65,
    });
  }

  async sendFile(file: { title: string; size: number; description?: string }): Promise<CallbackDelivery> {
    await this.#requireType('official-account', 'sendFile');
    const digest = createHash('md5').update(`${this.openId}/${file.title}/${file.size}`).digest('hex');
    return this.send({
      MsgType: 'file',
      Title: file.title,
      Description: file.description ?? '',
      FileKey: digest.slice(0, 16),
      FileMd5: digest,
      FileTotalLen: file.size,
    });
  }

  /**
   * The popup pushes one `List` per template under `SubscribeMsgPopupEvent` (XML) or as `List` (a Mini
   * Program's JSON push), with `PopupScene` (developers.weixin.qq.com/doc/service/guide/product/subscription_messages/push.html).
   */
  async answerSubscriptionPopup(templateId: string, accept: boolean): Promise<CallbackDelivery> {
    const app = await this.#context.resolveApp(this.appId);
    try {
      templateOf(app, templateId);
    } catch {
      throw new CustomerActionError(`app ${app.appId} has no subscribe-message template ${templateId}`);
    }
    if (accept) this.subscriptions.grant(templateId);
    const list = app.format === 'json' ? 'List' : 'SubscribeMsgPopupEvent.List';
    return this.sendEvent('subscribe_msg_popup_event', {
      [`${list}.TemplateId`]: templateId,
      [`${list}.SubscribeStatusString`]: accept ? 'accept' : 'reject',
      // 0 from a Mini Program (as reported), 1 from an Official Account's H5 page.
      [`${list}.PopupScene`]: app.type === 'miniprogram' ? 0 : 1,
    });
  }

  async turnOffSubscription(templateId: string): Promise<CallbackDelivery> {
    const app = await this.#context.resolveApp(this.appId);
    this.subscriptions.revoke(templateId);
    // An Official Account's push keeps the popup's element name (as WeChat's own example shows).
    const list =
      app.format === 'json'
        ? 'List'
        : app.type === 'miniprogram'
          ? 'SubscribeMsgChangeEvent.List'
          : 'SubscribeMsgPopupEvent.List';
    return this.sendEvent('subscribe_msg_change_event', {
      [`${list}.TemplateId`]: templateId,
      [`${list}.SubscribeStatusString`]: 'reject',
    });
  }

  subscriptionsLeft(templateId: string): number {
    return this.subscriptions.left(templateId);
  }

  sendEvent(event: string, fields: MessageFields = {}): Promise<CallbackDelivery> {
    return this.send({ MsgType: 'event', Event: event, ...fields });
  }

  async send(extra: MessageFields): Promise<CallbackDelivery> {
    this.#assertLive();
    const app = await this.#context.resolveApp(this.appId);
    const now = this.#context.clock();
    const createTime = Math.floor(now / 1000);
    const fields: MessageFields = {
      ToUserName: app.originalId ?? originalIdOf(app.appId),
      FromUserName: this.openId,
      CreateTime: createTime,
      ...extra,
    };
    if (fields.MsgType !== 'event' && fields.MsgId === undefined) {
      fields.MsgId = this.#context.nextMsgId();
    }
    this.#applyWindowRules(fields, now);
    const built = buildCallback(app, {
      fields,
      format: app.format,
      mode: app.mode,
      timestamp: String(createTime),
    });
    const { delivery, done } = this.#context.deliverer.start(
      { url: app.callbackUrl, query: built.query, body: built.body },
      app.format,
    );
    const text = Object.fromEntries(Object.entries(fields).map(([name, value]) => [name, String(value)]));
    this.sent.push({ seq: this.#context.nextSeq(), at: now, fields: text, delivery });
    this.lastDelivery = delivery;
    return done;
  }

  async resend(previous: CallbackDelivery): Promise<CallbackDelivery> {
    this.#assertLive();
    const app = await this.#context.resolveApp(this.appId);
    const { delivery, done } = this.#context.deliverer.start(previous.request, app.format);
    this.lastDelivery = delivery;
    return done;
  }

  nextReceived(
    predicate: (message: ReceivedMessage) => boolean = () => true,
    timeoutMs = DEFAULT_WAIT_MS,
  ): Promise<ReceivedMessage> {
    const ready = this.#inbox.find((message) => !this.#returned.has(message) && predicate(message));
    if (ready) {
      this.#returned.add(ready);
      return Promise.resolve(ready);
    }
    if (this.#disposed) {
      return Promise.reject(new Error('the WeChat simulator has stopped'));
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        predicate,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.#waiters.delete(waiter);
          const seen = this.#inbox.map((message) => message.text ?? message.msgtype).join(' | ');
          reject(
            new Error(`${this.openId} received no matching message within ${timeoutMs} ms (inbox: ${seen})`),
          );
        }, timeoutMs),
      };
      this.#waiters.add(waiter);
    });
  }

  /** A custom/send that passed every check. */
  receive(message: CustomMessage, now: number): ReceivedMessage {
    const content = message.body[message.msgtype] as Record<string, unknown>;
    const received: ReceivedMessage = {
      seq: this.#context.nextSeq(),
      msgtype: message.msgtype,
      body: message.body,
      at: now,
      ...(message.msgtype === 'text' ? { text: content.content as string } : {}),
      ...this.#carriedMedia(message.msgtype, content),
      ...this.#carriedArticle(message.msgtype, content),
    };
    this.typingIndicator.stop();
    this.#deliver(received);
    return received;
  }

  /** A subscribe message that passed every check: the service notice the customer sees. */
  receiveNotice(
    notice: NonNullable<ReceivedMessage['notice']>,
    body: Record<string, unknown>,
    now: number,
  ): ReceivedMessage {
    const received: ReceivedMessage = {
      seq: this.#context.nextSeq(),
      msgtype: 'subscribe',
      body,
      at: now,
      text: Object.values(notice.values).join(' | '),
      notice,
    };
    this.#deliver(received);
    return received;
  }

  #deliver(received: ReceivedMessage): void {
    this.#inbox.push(received);
    for (const waiter of this.#waiters) {
      if (waiter.predicate(received)) {
        this.#returned.add(received);
        this.#settle(waiter);
        waiter.resolve(received);
        break;
      }
    }
  }

  /** The article of a received mpnewsarticle; custom/send has checked that the account published it. */
  #carriedArticle(msgtype: string, content: Record<string, unknown>): Pick<ReceivedMessage, 'article'> {
    if (msgtype !== 'mpnewsarticle') return {};
    const article = this.#context.articles.find({ appId: this.appId }, String(content.article_id));
    return article ? { article } : {};
  }

  /** Media of a received image, voice or video; custom/send has checked that it is live media of this app. */
  #carriedMedia(msgtype: string, content: Record<string, unknown>): Pick<ReceivedMessage, 'media'> {
    if (msgtype !== 'image' && msgtype !== 'voice' && msgtype !== 'video') return {};
    const media = this.#context.media.get(this.appId, String(content.media_id));
    if (!media) return {};
    const { mediaId, type, contentType, bytes } = media;
    return { media: { mediaId, type, contentType, bytes } };
  }

  /** A custom/typing command that passed every check. */
  recordTyping(command: TypingCommand['command'], now: number): void {
    this.#typing.push({ command, at: now });
  }

  /** The simulator stopped: pending waits fail instead of hanging until their timeout. */
  dispose(): void {
    this.#disposed = true;
    for (const waiter of this.#waiters) {
      this.#settle(waiter);
      waiter.reject(new Error('the WeChat simulator has stopped'));
    }
  }

  #settle(waiter: Waiter): void {
    clearTimeout(waiter.timer);
    this.#waiters.delete(waiter);
  }

  #applyWindowRules(fields: MessageFields, now: number): void {
    if (fields.MsgType !== 'event') {
      this.lastInteractionAt = now;
      this.window.open('message', now);
      return;
    }
    switch (fields.Event) {
      case 'user_enter_tempsession':
        this.lastInteractionAt = now;
        this.window.open('enter_session', now);
        return;
      case 'subscribe':
        this.lastInteractionAt = now;
        this.window.open('subscribe', now);
        return;
      case 'SCAN':
        this.lastInteractionAt = now;
        this.window.open('scan', now);
        return;
      // Only these three menu buttons open a window (click, scancode_push, scancode_waitmsg).
      case 'CLICK':
      case 'scancode_push':
      case 'scancode_waitmsg':
        this.lastInteractionAt = now;
        this.window.open('menu_click', now);
        return;
      case 'unsubscribe':
        this.window.withdraw();
        this.typingIndicator.stop();
        return;
      default:
        // Other events (menu clicks, scans…) are interactions that grant nothing here.
        this.lastInteractionAt = now;
    }
  }

  async #requireType(type: SimulatedApp['type'], action: string): Promise<void> {
    const app = await this.#context.resolveApp(this.appId);
    if (app.type !== type) {
      const what = type === 'miniprogram' ? 'Mini Program' : 'Official Account';
      throw new CustomerActionError(`${action} is a ${what} action, but app ${app.appId} is a ${app.type}`);
    }
  }

  #assertLive(): void {
    if (this.#disposed) {
      throw new Error('the WeChat simulator has stopped');
    }
  }
}
