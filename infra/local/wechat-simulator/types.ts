/**
 * The public shape of the local WeChat simulator: a stand-in for WeChat's servers that pushes signed
 * callbacks to the platform and serves the WeChat API endpoints the platform calls (WECHAT.md §1–§8).
 * The platform reaches it only through configuration (`WECHAT_API_BASE` = `baseUrl`), never by special case.
 */
import type { CallbackFormat, CallbackMode } from '../../../shared/wechat/callback.ts';
import type { MessageFields } from '../../../shared/wechat/message-fields.ts';
import type { PublishedArticle, SimulatedArticle } from './published-articles.ts';

export interface SimulatedApp {
  appId: string;
  secret: string;
  token: string;
  /** Required for the compatible and secure modes: 43 characters of [A-Za-z0-9]. */
  encodingAesKey?: string;
  type: 'miniprogram' | 'official-account';
  /** Official Accounts only push XML. */
  format: CallbackFormat;
  mode: CallbackMode;
  /** Where WeChat POSTs this app's customer messages. */
  callbackUrl: string;
  /** The account's original id (`gh_…`), sent as ToUserName; derived from appId when absent. */
  originalId?: string;
  /**
   * Official Accounts: the Mini Programs linked to the account (关联小程序), the only ones its
   * miniprogrampage custom messages may name (`appid`).
   */
  linkedMiniPrograms?: string[];
  /**
   * Official Accounts: the customer-service accounts (客服账号, `prefix@wechat-id`) added to the account,
   * the only ones custom/send's `customservice.kf_account` may name (65401 otherwise).
   */
  kfAccounts?: string[];
  /**
   * Official Accounts: the articles the account had published (发布能力) before the simulator knew it,
   * newest first; `publishArticle` adds more.
   */
  publishedArticles?: SimulatedArticle[];
  /** WeChat's API IP whitelist: when set, token requests from other addresses answer 40164. */
  ipWhitelist?: string[];
  /** The AppSecret is frozen in WeChat's console: token requests answer 40243. */
  secretFrozen?: boolean;
  /**
   * The subscribe-message templates the app added in WeChat's console (我的模板), with their keywords
   * (`thing1`, `time2` …): the only ones the popup may offer and subscribe/send (bizsend) may name.
   */
  subscribeTemplates?: SubscribeTemplate[];
}

export interface SubscribeTemplate {
  templateId: string;
  /** As the service notice shows it, e.g. 留言回复通知. */
  title: string;
  keywords: string[];
}

export interface WeChatSimulatorOptions {
  /** 0 or absent: a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Resolves app ids not added with addApp (npm start reads the platform's app table through this). */
  apps?: (appId: string) => Promise<SimulatedApp | undefined>;
  /**
   * Milliseconds since the epoch; lets tests move time (token expiry, the 48 h window, typing 15 s/30 s,
   * media 3 days) without sleeping. Callback CreateTime and timestamp come from it too: it is WeChat's time.
   */
  clock?: () => number;
  log?: (line: string) => void;
  /** How long a callback attempt may take before WeChat gives up on it. Default 5000 (WeChat's deadline). */
  callbackTimeoutMs?: number;
  /** Deliveries of one callback in total. Default 4: the first one and three retries. */
  maxCallbackAttempts?: number;
}

/** The WeChat endpoints the simulator counts and can make fail. */
export type ApiName =
  | 'token'
  | 'stable_token'
  | 'custom_send'
  | 'typing'
  | 'media_upload'
  | 'media_get'
  | 'freepublish_batchget'
  | 'subscribe_send'
  | 'subscribe_bizsend';

/**
 * What `failNext` makes an endpoint answer: a WeChat error body (HTTP 200, as WeChat does), a bare HTTP
 * status, nothing at all until the client gives up ('timeout'), or no answer because the connection
 * is cut as soon as the request has arrived ('drop').
 */
export type InjectedFailure =
  | { errcode: number; errmsg?: string }
  | { httpStatus: number }
  | 'timeout'
  | 'drop';

export interface WeChatSimulator {
  /** Use as WECHAT_API_BASE. */
  readonly baseUrl: string;
  /** The web page where a person plays customers. */
  readonly customerPageUrl: string;
  addApp(app: SimulatedApp): void;
  /**
   * WeChat no longer knows the app (as if the AppID were mistyped or the account deregistered): its
   * token requests answer 40013, even when the platform's app table still has it.
   */
  forgetApp(appId: string): void;
  /** The same customer object for the same (appId, openId); a WeChat-like random openid when absent. */
  customer(appId: string, openId?: string): SimulatedCustomer;
  calls(api: ApiName): number;
  failNext(api: ApiName, failure: InjectedFailure, times?: number): void;
  /** WeChat no longer has the media (its three days are over): media/get answers 40007 for it. */
  forgetMedia(mediaId: string): void;
  /**
   * The Official Account publishes an article (as in WeChat's console): freepublish/batchget lists it,
   * newest first, and custom/send's `mpnewsarticle` may name it. Returns its `article_id`.
   */
  publishArticle(appId: string, article: SimulatedArticle): string;
  /** Every token of the app issued so far answers 40001 from now on, like a token refreshed elsewhere. */
  invalidateTokens(appId: string): void;
  stop(): Promise<void>;
}

export interface SimulatedCustomer {
  readonly appId: string;
  readonly openId: string;
  /** The latest push, from the moment it is handed to the sender; undefined before the first. */
  readonly lastDelivery: CallbackDelivery | undefined;
  say(text: string): Promise<CallbackDelivery>;
  /** The image becomes temporary media of the simulator: the push carries its MediaId and a PicUrl. */
  sendImage(bytes: Buffer, contentType?: string): Promise<CallbackDelivery>;
  sendMiniProgramCard(card: { title: string; pagePath: string; thumb?: Buffer }): Promise<CallbackDelivery>;
  /**
   * Official Account: a voice message (AMR) that becomes temporary media (MediaId, Format amr), with
   * WeChat's speech recognition (`Recognition`) when given.
   */
  sendVoice(amr: Buffer, options?: { recognition?: string }): Promise<CallbackDelivery>;
  /**
   * Official Account: a video (MP4), or a short video (`shortvideo`) when `short`; the video and its
   * thumbnail (a JPEG; a small one when absent) become temporary media (MediaId, ThumbMediaId).
   */
  sendVideo(mp4: Buffer, options?: { thumb?: Buffer; short?: boolean }): Promise<CallbackDelivery>;
  /** Mini Program: `user_enter_tempsession`. */
  enterSession(sessionFrom?: string): Promise<CallbackDelivery>;
  /** Official Account follow / unfollow events. */
  subscribe(): Promise<CallbackDelivery>;
  unsubscribe(): Promise<CallbackDelivery>;
  /** Official Account menu: a `click` button (CLICK with its key) and a `view` button (VIEW with its URL). */
  clickMenu(key: string): Promise<CallbackDelivery>;
  /** Taps an option of a received menu message: text with the option's text and `bizmsgmenuid`. */
  clickMenuOption(optionId: string): Promise<CallbackDelivery>;
  openMenuLink(url: string): Promise<CallbackDelivery>;
  /** A parametric QR code: `subscribe` with `qrscene_<scene>` for a customer not following yet, else `SCAN`. */
  scanQrCode(scene: string): Promise<CallbackDelivery>;
  /** Official Account location reporting (the LOCATION event). */
  reportLocation(location: {
    latitude: number;
    longitude: number;
    precision?: number;
  }): Promise<CallbackDelivery>;
  /** Official Account: a file from the chat (WeChat pushes its description, never its bytes). */
  sendFile(file: { title: string; size: number; description?: string }): Promise<CallbackDelivery>;
  /** Any event by name, with its fields. */
  sendEvent(event: string, fields?: MessageFields): Promise<CallbackDelivery>;
  /**
   * Any other push. ToUserName, FromUserName, CreateTime (and MsgId for non-events) are filled in unless
   * given; window rules follow MsgType/Event exactly as for the dedicated methods.
   */
  send(fields: MessageFields): Promise<CallbackDelivery>;
  /** The same signed request again, like WeChat's retry; it changes no window or quota. */
  resend(delivery: CallbackDelivery): Promise<CallbackDelivery>;
  /**
   * The customer answers the subscription popup (the Mini Program's wx.requestSubscribeMessage, or an
   * Official Account's page): each accepted template allows one more subscribe message, and WeChat
   * pushes `subscribe_msg_popup_event`. Only templates the app has can be offered.
   */
  answerSubscriptionPopup(templateId: string, accept: boolean): Promise<CallbackDelivery>;
  /** Turns the template off in the settings of service notices (`subscribe_msg_change_event`, reject). */
  turnOffSubscription(templateId: string): Promise<CallbackDelivery>;
  /** Subscribe messages of the template the customer still allows. */
  subscriptionsLeft(templateId: string): number;
  /** What the platform sent this customer through custom/send, in order. */
  readonly inbox: readonly ReceivedMessage[];
  /**
   * The earliest message of the inbox not yet returned by nextReceived that matches, waiting for one to
   * arrive if needed (default 5000 ms, then rejects). So it works whether the reply came before or after.
   */
  nextReceived(
    predicate?: (message: ReceivedMessage) => boolean,
    timeoutMs?: number,
  ): Promise<ReceivedMessage>;
  /** Successful custom/typing commands, in order. */
  readonly typing: readonly TypingCommand[];
}

export interface TypingCommand {
  command: 'Typing' | 'CancelTyping';
  /** Simulator clock, ms. */
  at: number;
}

export interface ReceivedMessage {
  /** Position in the simulator's global event order (ties of a frozen clock still sort). */
  seq: number;
  msgtype: string;
  /** The custom/send JSON body as the platform sent it. */
  body: Record<string, unknown>;
  /** The text of a text message, for convenience. */
  text?: string;
  /** The published article an `mpnewsarticle` message names, as the customer's WeChat shows it. */
  article?: PublishedArticle;
  /** A subscribe message (`msgtype` subscribe): the service notice (服务通知) the customer sees. */
  notice?: { templateId: string; title: string; values: Record<string, string>; page?: string };
  /** The temporary media an image, voice or video message carries, as the customer's WeChat plays it. */
  media?: { mediaId: string; type: string; contentType: string; bytes: Buffer };
  /** Simulator clock, ms. */
  at: number;
}

export interface CallbackAttempt {
  /** HTTP status, absent when no answer arrived. */
  status?: number;
  body?: string;
  /** Why there was no answer: connection refused, timeout, … */
  error?: string;
  /** Wall-clock duration of the attempt. */
  ms: number;
}

export interface CallbackDelivery {
  request: { url: string; query: Record<string, string>; body: string };
  /** Grows while the delivery is in progress (the customer page shows it live). */
  attempts: CallbackAttempt[];
  acknowledged: boolean;
}
