import { AbortedError, describeError, type PublishedArticlePage, type UploadedMedia } from '../api.ts';
import { t } from '../i18n.ts';
import { problemWithImage } from '../image-limits.ts';
import { shouldSignalTyping } from '../typing.ts';
import type { MediaKind } from '../voice-video-limits.ts';
import type { ConsoleContext } from './console-context.ts';

/** What the composer needs besides sending: drafts, the typing signal, and picture, voice and video uploads. */
export class ComposerSupport {
  /** Unsent text per conversation, kept while the agent looks at another one (not persisted). */
  readonly drafts = new Map<string, string>();
  private readonly lastTypingAt = new Map<string, number>();

  constructor(private readonly context: ConsoleContext) {}

  /** The agent typed in a conversation's composer: show it to the customer if WeChat allows. */
  agentTyping(conversationId: string): void {
    const { store, api } = this.context;
    const conversation = store.state.conversations.find((item) => item.conversationId === conversationId);
    const now = this.context.now();
    if (
      conversation?.state !== 'active' ||
      !shouldSignalTyping({
        lastSignalAt: this.lastTypingAt.get(conversationId),
        lastCustomerMessageAt: conversation.lastCustomerMessageAt,
        now,
      })
    ) {
      return;
    }
    this.lastTypingAt.set(conversationId, now);
    // A hint, nothing more: a refusal (the server's 30 s and 15 s rules) or a failure changes nothing.
    void api.typing(conversationId).catch(() => {});
  }

  /** Uploads a voice or video the agent chose, already checked; throws an Error with a sentence. */
  async uploadVoiceOrVideo(kind: MediaKind, file: Blob): Promise<UploadedMedia> {
    try {
      return kind === 'video'
        ? await this.context.api.uploadVideo(file)
        : await this.context.api.uploadMedia(file, file.type || 'application/octet-stream', kind);
    } catch (error) {
      if (error instanceof AbortedError) throw error;
      throw new Error(t('voiceVideo.uploadFailed', { problem: describeError(error) }));
    }
  }

  /** A page of the account's published articles for the article picker; throws an Error with a sentence. */
  async publishedArticles(appId: string, offset: number): Promise<PublishedArticlePage> {
    try {
      return await this.context.api.publishedArticles(appId, offset);
    } catch (error) {
      if (error instanceof AbortedError) throw error;
      throw new Error(t('article.listFailed', { problem: describeError(error) }));
    }
  }

  /** Uploads a picture for an image message or a card cover; throws an Error with a sentence. */
  async uploadImage(file: Blob): Promise<UploadedMedia> {
    const problem = problemWithImage(file);
    if (problem) throw new Error(problem);
    try {
      return await this.context.api.uploadMedia(file, file.type || 'application/octet-stream');
    } catch (error) {
      if (error instanceof AbortedError) throw error;
      throw new Error(t('upload.failed', { problem: describeError(error) }));
    }
  }
}
