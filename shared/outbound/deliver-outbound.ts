import type { WeChatApp } from '../domain/app.ts';
import { type FollowUpSend, followUpSendOf } from '../domain/follow-up.ts';
import type { DeliveryFailure, DeliveryStatus, Message } from '../domain/message.ts';
import { messageSent, sendFailed } from '../observability/events.ts';
import type { CustomMessage, TempMediaType, WeChatApi } from '../wechat/api-client.ts';
import { WeChatApiError, WeChatUnavailableError } from '../wechat/api-client.ts';
import { sentenceFor } from '../wechat/api-errors.ts';
import { type CallContext, callWeChat } from '../wechat/wechat-call.ts';

export interface DeliveryPorts extends CallContext {
  wechat: WeChatApi;
  getApp(appId: string): Promise<WeChatApp | undefined>;
  getMedia(key: string): Promise<{ bytes: Buffer; contentType: string }>;
  transition(
    message: Message,
    from: DeliveryStatus,
    to: DeliveryStatus,
    changes?: Partial<Pick<Message, 'failure' | 'sentAt' | 'content' | 'followUp'>>,
  ): Promise<boolean>;
  clock(): number;
  /**
   * An agent's answer refused for good answered nothing: the customer's wait it cleared counts again
   * (outbound-recorder.ts).
   */
  reopenWait(
    answer: Pick<Message, 'conversationId' | 'createdAt'>,
    since: number,
    failedAt: number,
  ): Promise<void>;
  /** Takes one of the customer's grants of the template (follow-up.ts); false when none is left. */
  takeGrant?(appId: string, openId: string, templateId: string): Promise<boolean>;
}

class DeliveryRefused extends Error {
  constructor(readonly failure: DeliveryFailure) {
    super(failure.reason);
  }
}

function describe(error: unknown): DeliveryFailure {
  if (error instanceof DeliveryRefused) return error.failure;
  if (error instanceof WeChatApiError) return { errcode: error.errcode, reason: sentenceFor(error.errcode) };
  if (error instanceof WeChatUnavailableError) {
    return { reason: 'WeChat did not answer after several tries; the message was not sent.' };
  }
  // Anything else (a picture gone from the media store, a bug) must still end the send: a message
  // left `sending` is never tried again, and the agent would wait for it for ever.
  return { reason: 'The message could not be prepared for WeChat and was not sent; please send it again.' };
}

/** Builds WeChat's message body, uploading our copy of an image, voice or video as temporary media first. */
async function toCustomMessage(
  message: Message,
  app: WeChatApp,
  ports: DeliveryPorts,
): Promise<CustomMessage> {
  const upload = async (key: string, type: TempMediaType = 'image') => {
    const media = await ports.getMedia(key);
    return callWeChat(app, ports, (token) =>
      ports.wechat.uploadMedia(token, type, media.bytes, media.contentType),
    );
  };
  const { content } = message;
  switch (content.type) {
    case 'text':
      return { msgtype: 'text', text: { content: content.text } };
    case 'image':
      if (!content.storageKey) throw new DeliveryRefused({ reason: 'The image was not uploaded.' });
      return { msgtype: 'image', image: { media_id: await upload(content.storageKey) } };
    case 'voice':
      if (!content.storageKey) throw new DeliveryRefused({ reason: 'The voice message was not uploaded.' });
      return { msgtype: 'voice', voice: { media_id: await upload(content.storageKey, 'voice') } };
    case 'video':
      if (!content.storageKey) throw new DeliveryRefused({ reason: 'The video was not uploaded.' });
      return {
        msgtype: 'video',
        video: {
          media_id: await upload(content.storageKey, 'video'),
          // Optional in WeChat's video message; left out rather than sent as "". No thumb_media_id:
          // it is optional too, and sends carrying one are reported to fail.
          ...(content.title ? { title: content.title } : {}),
          ...(content.description ? { description: content.description } : {}),
        },
      };
    case 'miniprogrampage':
      if (!content.thumbStorageKey) throw new DeliveryRefused({ reason: 'The card has no cover image.' });
      return {
        msgtype: 'miniprogrampage',
        miniprogrampage: {
          title: content.title,
          pagepath: content.pagePath,
          thumb_media_id: await upload(content.thumbStorageKey),
          // Only an Official Account names the Mini Program (one linked to it); a Mini Program's card is its own.
          ...(app.type === 'official-account' && content.appId ? { appid: content.appId } : {}),
        },
      };
    case 'link': {
      // WeChat requires all four fields (outbound-content.ts); an empty one is never sent.
      const { title, description, url, thumbUrl } = content;
      if (!title || !description || !url || !thumbUrl) {
        throw new DeliveryRefused({
          reason: 'The link card has no description or thumbnail, which WeChat requires; it was not sent.',
        });
      }
      // An Official Account's link card is its one-article news message (outbound-content.ts).
      return app.type === 'official-account'
        ? { msgtype: 'news', news: { articles: [{ title, description, url, picurl: thumbUrl }] } }
        : { msgtype: 'link', link: { title, description, url, thumb_url: thumbUrl } };
    }
    case 'menu':
      return {
        msgtype: 'msgmenu',
        msgmenu: {
          head_content: content.head,
          list: content.options.map((option) => ({ id: option.id, content: option.text })),
          // Optional in WeChat's menu message; an empty one is left out rather than sent as "".
          ...(content.tail ? { tail_content: content.tail } : {}),
        },
      };
    case 'article':
      // By its article_id only: WeChat shows the published article as it is now (outbound-content.ts).
      return { msgtype: 'mpnewsarticle', mpnewsarticle: { article_id: content.articleId } };
    default:
      throw new DeliveryRefused({ reason: `A ${content.type} message cannot be sent to WeChat.` });
  }
}

/** The answer as the subscribe message decided when it was written (follow-up.ts). */
async function sendFollowUp(followUp: FollowUpSend, message: Message, app: WeChatApp, ports: DeliveryPorts) {
  await callWeChat(app, ports, (token) =>
    ports.wechat.sendSubscribeMessage(token, app.type, message.openId, {
      template_id: followUp.templateId,
      data: followUp.data,
      ...(followUp.page ? { page: followUp.page } : {}),
    }),
  );
}

/**
 * Sends one pending outbound message to WeChat, at most once: the `pending → sending` transition is
 * conditional, so of two deliveries of the same stream record only one gets to call WeChat. The
 * outcome is recorded as `sent` or `failed` with WeChat's errcode and a sentence for the agent; a
 * failure is also logged and counted (`SendFailed`), and a failed agent's answer leaves the customer
 * waiting as they were before it.
 */
export async function deliverOutbound(
  message: Message,
  ports: DeliveryPorts,
): Promise<DeliveryStatus | undefined> {
  if (message.direction !== 'outbound' || message.status !== 'pending') return undefined;
  if (!(await ports.transition(message, 'pending', 'sending'))) return undefined;
  const app = await ports.getApp(message.appId);
  try {
    if (!app)
      throw new DeliveryRefused({ reason: 'The WeChat app of this conversation is no longer registered.' });
    if (message.followUp) await sendFollowUp(message.followUp, message, app, ports);
    else {
      const body = await toCustomMessage(message, app, ports);
      await callWeChat(app, ports, (token) =>
        ports.wechat.sendCustomMessage(token, message.openId, body, message.kfAccount),
      );
    }
    const sentAt = ports.clock();
    await ports.transition(message, 'sending', 'sent', { sentAt });
    messageSent(message, sentAt);
    return 'sent';
  } catch (error) {
    // A failure to take the grant must still end the send (below), never leave it `sending`.
    const followUp =
      app && (await followUpAfterClosedWindow(error, message, app, ports).catch(() => undefined));
    if (followUp) return deliverFollowUp(message, followUp, app, ports);
    const failure = describe(error);
    sendFailed(message, failure, error);
    await ports.transition(message, 'sending', 'failed', { failure });
    await reopenWaitOf(message, ports);
    return 'failed';
  }
}

/**
 * WeChat said its window had closed (45015) though ours looked open (clocks, a window WeChat counts
 * differently): an agent's text still reaches the customer as the app's subscribe message when a
 * grant is left, taken here; the `sending` claim already makes this at most once per message.
 */
async function followUpAfterClosedWindow(
  error: unknown,
  message: Message,
  app: WeChatApp,
  ports: DeliveryPorts,
): Promise<FollowUpSend | undefined> {
  if (!(error instanceof WeChatApiError) || error.errcode !== 45015) return undefined;
  if (message.author !== 'agent' || message.content.type !== 'text' || !app.followUp || !ports.takeGrant) {
    return undefined;
  }
  const followUp = followUpSendOf(app.followUp, {
    answer: message.content.text,
    appName: app.name,
    answeredAt: message.createdAt,
  });
  return (await ports.takeGrant(message.appId, message.openId, followUp.templateId)) ? followUp : undefined;
}

async function deliverFollowUp(
  message: Message,
  followUp: FollowUpSend,
  app: WeChatApp,
  ports: DeliveryPorts,
): Promise<DeliveryStatus> {
  try {
    await sendFollowUp(followUp, message, app, ports);
    const sentAt = ports.clock();
    await ports.transition(message, 'sending', 'sent', { sentAt, followUp });
    messageSent(message, sentAt);
    return 'sent';
  } catch (error) {
    const failure = describe(error);
    sendFailed(message, failure, error);
    await ports.transition(message, 'sending', 'failed', { failure, followUp });
    await reopenWaitOf(message, ports);
    return 'failed';
  }
}

/** After the move to `failed`, so that the agent is told of the failure whatever happens here. */
async function reopenWaitOf(message: Message, ports: DeliveryPorts): Promise<void> {
  const since = message.clearedUnansweredSince;
  if (since !== undefined) await ports.reopenWait(message, since, ports.clock());
}
