import * as z from 'zod/mini';
import {
  type OutboundProblemCode,
  problemWithOutbound,
  type SendableContent,
} from '../domain/outbound-content.ts';
import { type Actor, decide, isHidden } from '../domain/permissions.ts';
import { articleLimits } from '../domain/published-article.ts';
import { allowance } from '../domain/reply-window.ts';
import { keepUploads } from '../media/keep-upload.ts';
import { uploadKeyWorkspace } from '../media/upload-key.ts';
import { storedVoiceOrVideo } from '../media/upload-voice-video.ts';
import { getAgent } from '../store/agents-repository.ts';
import { getApp } from '../store/apps-repository.ts';
import { getConversation } from '../store/conversations-repository.ts';
import { mediaExists } from '../store/media-store.ts';
import { recordFollowUp } from './follow-up-recorder.ts';
import { type OutboundOutcome, recordOutboundMessage } from './outbound-recorder.ts';

const storageKey = z.string().check(z.minLength(1), z.maxLength(200));

/** A text of at most this many characters. */
const upTo = (characters: number) => z.string().check(z.maxLength(characters));

export const sendRequestSchema = z.object({
  clientMessageId: z
    .string()
    .check(
      z.regex(/^[A-Za-z0-9_-]{8,64}$/, '8 to 64 letters, digits, - or _ (e.g. a UUID), unique per message'),
    ),
  content: z.discriminatedUnion('type', [
    z.object({ type: z.literal('text'), text: upTo(20_000) }),
    z.object({ type: z.literal('image'), storageKey }),
    z.object({
      type: z.literal('miniprogrampage'),
      title: upTo(64),
      pagePath: upTo(512),
      thumbStorageKey: storageKey,
      appId: z.optional(upTo(32)),
    }),
    z.object({
      type: z.literal('link'),
      title: upTo(64),
      description: z.optional(upTo(256)),
      url: upTo(1024),
      thumbUrl: z.optional(upTo(1024)),
    }),
    // Limits and the app type are menuLimits' and problemWithOutbound's, so a refusal says which rule.
    z.object({
      type: z.literal('menu'),
      head: upTo(2048),
      options: z.array(z.object({ id: upTo(128), text: upTo(512) })).check(z.maxLength(50)),
      tail: z._default(upTo(2048), ''),
    }),
    z.object({ type: z.literal('voice'), storageKey }),
    z.object({
      type: z.literal('video'),
      storageKey,
      title: z.optional(upTo(64)),
      description: z.optional(upTo(256)),
    }),
    // As the articles route listed it: the card the thread keeps once WeChat has forgotten the send.
    z.object({
      type: z.literal('article'),
      articleId: upTo(128),
      title: upTo(articleLimits.title),
      digest: z.optional(upTo(articleLimits.digest)),
      coverUrl: z.optional(upTo(articleLimits.url)),
      url: z.optional(upTo(articleLimits.url)),
    }),
  ]),
});

export type SendRequest = z.infer<typeof sendRequestSchema>;

/** `code` is set for refusals the console words itself (outbound-content.ts). */
export type SendResult =
  | OutboundOutcome
  | { outcome: 'invalid'; sentence: string; code?: OutboundProblemCode };

function storageKeysOf(content: SendableContent): string[] {
  if (content.type === 'image') return [content.storageKey ?? ''];
  if (content.type === 'miniprogrampage') return [content.thumbStorageKey ?? ''];
  return [];
}

/** A voice or video is checked again by its stored bytes, which also tell a voice's format and duration. */
async function withStoredVoiceOrVideo(
  actor: Actor,
  content: SendableContent,
): Promise<SendableContent | { sentence: string }> {
  if ((content.type !== 'voice' && content.type !== 'video') || !content.storageKey) return content;
  const stored = await storedVoiceOrVideo(actor.workspaceId, content.type, content.storageKey);
  if ('sentence' in stored) return stored;
  return content.type === 'voice' ? { ...content, ...stored } : content;
}

/** An agent's send, from the console's request to a pending message (or the reason it cannot be sent). */
export async function sendAgentMessage(
  actor: Actor,
  conversationId: string,
  request: SendRequest,
): Promise<SendResult> {
  const conversation = await getConversation(conversationId);
  if (!conversation || isHidden(decide(actor, 'send', conversation))) {
    return { outcome: 'refused', reason: 'not_found', sentence: 'The conversation does not exist.' };
  }
  // Read as it is now (not from the warm cache): an app an owner disabled a moment ago takes no sends.
  const app = await getApp(conversation.appId);
  if (!app) return { outcome: 'refused', reason: 'not_found', sentence: 'The WeChat app no longer exists.' };
  if (app.disabled) {
    return {
      outcome: 'refused',
      reason: 'app_disabled',
      sentence:
        'The WeChat app is disabled by an owner of the workspace: nothing can be sent to its customers.',
    };
  }
  const problem = problemWithOutbound(request.content, app);
  if (problem) return { outcome: 'invalid', ...problem };
  const checked = await withStoredVoiceOrVideo(actor, request.content);
  if ('sentence' in checked) return { outcome: 'invalid', sentence: checked.sentence };
  // Only pictures uploaded in the agent's own workspace, and still stored, may be sent.
  const keys = storageKeysOf(checked);
  if (keys.some((key) => uploadKeyWorkspace(key) !== actor.workspaceId)) {
    return { outcome: 'invalid', sentence: 'The picture was not uploaded here; upload it again.' };
  }
  if (!(await Promise.all(keys.map(mediaExists))).every(Boolean)) {
    return { outcome: 'invalid', sentence: 'The picture is no longer stored; upload it again.' };
  }
  const content = await keepUploads(checked);
  // After the 48-hour window the text answer goes out as a subscribe message, when the app has a template.
  const windowLeft = allowance(conversation.replyWindow, Date.now());
  if (
    content.type === 'text' &&
    app.followUp &&
    !windowLeft.allowed &&
    windowLeft.reason === 'window_closed'
  ) {
    return recordFollowUp({
      actor,
      conversationId,
      clientMessageId: request.clientMessageId,
      text: content.text,
      template: app.followUp,
      appName: app.name,
    });
  }
  // Official Accounts show which customer-service account answered, when the agent has one.
  const kfAccount = app.type === 'official-account' ? (await getAgent(actor.agentId))?.kfAccount : undefined;
  return recordOutboundMessage({
    conversationId,
    author: 'agent',
    actor,
    clientMessageId: request.clientMessageId,
    content,
    kfAccount,
  });
}
