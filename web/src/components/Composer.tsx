import type { TargetedEvent } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Conversation } from '../../../shared/domain/conversation.ts';
import type { ConsoleController } from '../console/console-controller.ts';
import { useFollowUpOutlook } from '../hooks/use-follow-up-outlook.ts';
import { pickFile, useImageUpload } from '../hooks/use-image-upload.ts';
import { useQuickReplyPalette } from '../hooks/use-quick-reply-palette.ts';
import { useStore } from '../hooks/use-store.ts';
import { useVoiceVideoUpload } from '../hooks/use-voice-video-upload.ts';
import { t } from '../i18n.ts';
import type { OutgoingContent } from '../outgoing-content.ts';
import type { ReplyWindowView } from '../reply-window.ts';
import { checkText } from '../text-limit.ts';
import { acceptedFiles, type MediaKind } from '../voice-video-limits.ts';
import { ArticlePicker } from './ArticlePicker.tsx';
import { LinkCardForm, MiniProgramCardForm } from './CardForms.tsx';
import { EmojiPicker } from './EmojiPicker.tsx';
import { Icon } from './Icon.tsx';
import { ImageAttachment } from './ImageAttachment.tsx';
import { type MenuDraft, MenuForm } from './MenuForm.tsx';
import { QuickReplyDialog } from './QuickReplyDialog.tsx';
import { QuickReplyPalette } from './QuickReplyPalette.tsx';
import { VoiceVideoAttachment } from './VoiceVideoAttachment.tsx';

/** The voice and video buttons: what each picks, its icon and its words. */
const voiceVideoTools = [
  { kind: 'voice', icon: 'mic', label: 'composer.voice', pick: 'composer.voiceFile' },
  { kind: 'video', icon: 'play', label: 'composer.video', pick: 'composer.videoFile' },
] as const;

type Panel = 'none' | 'miniprogram' | 'link' | 'emoji' | 'menu' | 'article';

interface ComposerProps {
  conversation: Conversation;
  controller: ConsoleController;
  /** What WeChat allows now (counting the sends still on their way). */
  window: ReplyWindowView;
  /** Why this agent cannot answer here at all (closed, not theirs), over the window's reason. */
  unavailable?: string;
}

const composerTextId = 'composer-text';

/** Puts the cursor back in the composer, after a send or after a bubble's action. */
export function focusComposer(): void {
  document.getElementById(composerTextId)?.focus();
}

/**
 * Where the agent writes. Enter sends and Shift+Enter starts a new line, but never while an input
 * method is composing (Chinese pinyin confirms its candidates with Enter). A picture comes from the
 * button, a paste or a drop, is previewed and uploaded at once, and goes with the next Send (before
 * the text, if there is text too). Whatever stops a send is said next to the Send button. A `/` opens
 * the palette of quick replies (hooks/use-quick-reply-palette.ts), as does its button in the toolbar;
 * the button beside it opens the dialog that keeps them.
 */
export function Composer({ conversation, controller, window, unavailable }: ComposerProps) {
  const { conversationId } = conversation;
  const [draft, setDraft] = useState(() => controller.composer.drafts.get(conversationId) ?? '');
  const [panel, setPanel] = useState<Panel>('none');
  const [dragging, setDragging] = useState(false);
  const image = useImageUpload((file) => controller.composer.uploadImage(file));
  const voiceVideo = useVoiceVideoUpload((kind, file) => controller.composer.uploadVoiceOrVideo(kind, file));
  const voiceVideoInputs = { voice: useRef<HTMLInputElement>(null), video: useRef<HTMLInputElement>(null) };
  const textarea = useRef<HTMLTextAreaElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  /** Some browsers report the Enter that confirms a candidate after compositionend. */
  const composing = useRef(false);
  const dragDepth = useRef(0);
  const [managingReplies, setManagingReplies] = useState(false);
  /** A saved menu the agent inserted from the quick replies, to edit before sending. */
  const [menuDraft, setMenuDraft] = useState<MenuDraft | undefined>(undefined);

  // A card form that closes (sent or cancelled) hands the cursor back to the text.
  const openPanel = useRef(panel);
  useEffect(() => {
    if (panel === 'none' && openPanel.current !== 'none') textarea.current?.focus();
    openPanel.current = panel;
  }, [panel]);

  // Past WeChat's window a text answer may still reach the customer as a subscribe message (follow-up.ts).
  const windowClosed = !window.canSend && window.closesAt !== undefined && window.closesAt <= Date.now();
  const followUp = useFollowUpOutlook(controller, conversation, unavailable === undefined && windowClosed);
  const followUpPossible = followUp?.chance === 'possible';
  const closedReason = window.canSend || followUpPossible ? undefined : window.reason;
  const blocked =
    unavailable ?? (closedReason && followUp?.chance === 'no-grant' ? t('followUp.noGrant') : closedReason);
  const app = useStore(controller.store).apps?.find((served) => served.appId === conversation.appId);
  const palette = useQuickReplyPalette({
    controller,
    conversation,
    draft,
    setText: (value) => setText(value),
    insertMenu: (menu) => {
      setMenuDraft(menu);
      setPanel('menu');
    },
    textarea,
    blocked: blocked !== undefined,
  });
  const checked = checkText(draft);
  const messagesToSend = (checked.empty ? 0 : 1) + (image.upload ? 1 : 0) + (voiceVideo.upload ? 1 : 0);
  const remaining = window.canSend ? window.remaining : (followUp?.grantsLeft ?? 0);

  const sendProblem = (() => {
    if (blocked) return blocked;
    if (image.upload?.status === 'uploading') return t('composer.uploading');
    if (image.upload?.status === 'failed') return t('composer.removePicture');
    if (voiceVideo.upload?.status === 'uploading') return t('composer.uploading');
    if (voiceVideo.upload?.status === 'failed') return t('composer.removeVoiceVideo');
    if (checked.problem) return checked.problem;
    if (messagesToSend === 0) return undefined;
    if (messagesToSend > remaining) return t('composer.oneLeft');
    return undefined;
  })();
  const canSend = messagesToSend > 0 && sendProblem === undefined;

  const setText = (value: string) => {
    setDraft(value);
    if (value) controller.composer.drafts.set(conversationId, value);
    else controller.composer.drafts.delete(conversationId);
  };

  /** Puts an emoji where the cursor was (over any selection), the cursor after it. */
  const insertAtCursor = (inserted: string) => {
    const box = textarea.current;
    const start = box?.selectionStart ?? draft.length;
    const end = box?.selectionEnd ?? draft.length;
    setText(draft.slice(0, start) + inserted + draft.slice(end));
    const caret = start + inserted.length;
    requestAnimationFrame(() => textarea.current?.setSelectionRange(caret, caret));
  };

  const send = () => {
    if (!canSend) return;
    if (image.upload?.status === 'ready') {
      const { uploaded } = image.upload;
      controller.sender.send(
        conversationId,
        { type: 'image', storageKey: uploaded.storageKey },
        uploaded.url,
      );
      image.clear();
    }
    if (voiceVideo.upload?.status === 'ready') {
      const { kind, uploaded } = voiceVideo.upload;
      controller.sender.send(conversationId, { type: kind, storageKey: uploaded.storageKey }, uploaded.url);
      voiceVideo.clear();
    }
    if (!checked.empty) {
      controller.sender.send(conversationId, { type: 'text', text: checked.text });
      setText('');
    }
    textarea.current?.focus();
  };

  const sendCard = (content: OutgoingContent, mediaUrl?: string) => {
    controller.sender.send(conversationId, content, mediaUrl);
    setPanel('none');
  };

  const closePanel = () => {
    setPanel('none');
    setMenuDraft(undefined);
  };
  // Menu messages are WeChat's for Official Accounts only (msgmenu, sendCustomMessage).
  const offersMenus = app?.type === 'official-account';
  // Voice and video are an Official Account's (sendCustomMessage); a Mini Program's messages have neither.
  const offersVoiceVideo = app?.type === 'official-account';
  // Published articles (mpnewsarticle) are an Official Account's; a Mini Program has none to send.
  const offersArticles = app?.type === 'official-account';

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.isComposing || composing.current || event.keyCode === 229) return;
    if (palette.handleKey(event)) {
      event.preventDefault();
      event.stopPropagation();
      return;
    }
    if (event.key !== 'Enter' || event.shiftKey) return;
    event.preventDefault();
    send();
  };

  const onPaste = (event: ClipboardEvent) => {
    const data = event.clipboardData;
    const file = pickFile(data?.files);
    // Text copied from a document may come with a picture of itself: the text is what was meant.
    if (!file || data?.getData('text/plain')) return;
    event.preventDefault();
    if (!blocked) image.choose(file);
  };

  const hasFiles = (event: DragEvent) => event.dataTransfer?.types.includes('Files') ?? false;

  const onDragEnter = (event: DragEvent) => {
    if (!hasFiles(event) || blocked) return;
    event.preventDefault();
    dragDepth.current++;
    setDragging(true);
  };
  const onDragOver = (event: DragEvent) => {
    if (!hasFiles(event) || blocked) return;
    event.preventDefault();
    if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
  };
  const onDragLeave = () => {
    dragDepth.current = Math.max(0, dragDepth.current - 1);
    if (dragDepth.current === 0) setDragging(false);
  };
  const onDrop = (event: DragEvent) => {
    dragDepth.current = 0;
    setDragging(false);
    const file = pickFile(event.dataTransfer?.files);
    if (!file || blocked) return;
    event.preventDefault();
    image.choose(file);
    textarea.current?.focus();
  };

  const submit = (event: TargetedEvent<HTMLFormElement>) => {
    event.preventDefault();
    send();
  };

  const hintId = 'composer-hint';
  const problemShown = sendProblem && sendProblem !== blocked;

  return (
    <section
      class={`composer${dragging ? ' composer--dragging' : ''}${blocked ? ' composer--blocked' : ''}`}
      aria-label={t('composer.label')}
      onDragEnter={onDragEnter}
      onDragOver={onDragOver}
      onDragLeave={onDragLeave}
      onDrop={onDrop}
    >
      {followUpPossible && (
        <p class="composer__blocked composer__follow-up" data-testid="follow-up-hint" role="status">
          <Icon name="hourglass" size={16} />
          <span>{t('followUp.possible', { count: followUp.grantsLeft })}</span>
        </p>
      )}
      {blocked && (
        <p class="composer__blocked" id="composer-blocked" role="status">
          <Icon name="hourglass" size={16} />
          <span>{blocked}</span>
        </p>
      )}
      {panel === 'miniprogram' && (
        <MiniProgramCardForm
          app={app}
          blockedReason={blocked}
          uploadImage={(file) => controller.composer.uploadImage(file)}
          onSend={sendCard}
          onCancel={closePanel}
        />
      )}
      {panel === 'menu' && offersMenus && (
        <MenuForm
          // A newly inserted saved menu starts the form again.
          key={menuDraft ? JSON.stringify(menuDraft) : 'new'}
          initial={menuDraft}
          blockedReason={blocked}
          onSend={(menu) => {
            sendCard(menu);
            setMenuDraft(undefined);
          }}
          onCancel={closePanel}
        />
      )}
      {panel === 'link' && <LinkCardForm blockedReason={blocked} onSend={sendCard} onCancel={closePanel} />}
      {panel === 'article' && offersArticles && (
        <ArticlePicker
          load={(offset) => controller.composer.publishedArticles(conversation.appId, offset)}
          blockedReason={blocked}
          onSend={sendCard}
          onCancel={closePanel}
        />
      )}
      {panel === 'emoji' && <EmojiPicker onPick={insertAtCursor} onClose={closePanel} />}
      {palette.open && (
        <QuickReplyPalette
          {...palette.palette}
          queueName={palette.queueName}
          onManage={() => setManagingReplies(true)}
        />
      )}
      {managingReplies && (
        <QuickReplyDialog
          quickReplies={controller.quickReplies}
          queueName={palette.queueName}
          onClose={() => setManagingReplies(false)}
        />
      )}
      <form class="composer__form" onSubmit={submit}>
        {image.upload && <ImageAttachment upload={image.upload} purpose="picture" onRemove={image.clear} />}
        {voiceVideo.upload && <VoiceVideoAttachment upload={voiceVideo.upload} onRemove={voiceVideo.clear} />}
        <label class="visually-hidden" for={composerTextId}>
          {t('composer.textLabel')}
        </label>
        <textarea
          id={composerTextId}
          ref={textarea}
          class="composer__text"
          rows={2}
          value={draft}
          disabled={blocked !== undefined}
          placeholder={blocked ? '' : t('composer.placeholder')}
          aria-describedby={blocked ? 'composer-blocked' : hintId}
          aria-invalid={checked.tooLong}
          {...palette.textareaProps}
          onInput={(event) => {
            const value = event.currentTarget.value;
            setText(value);
            palette.draftChanged(value, event.currentTarget.selectionStart);
            if (value.trim()) controller.composer.agentTyping(conversationId);
          }}
          onKeyDown={onKeyDown}
          onCompositionStart={() => {
            composing.current = true;
          }}
          onCompositionEnd={() => {
            composing.current = false;
          }}
          onPaste={onPaste}
        />
        <div class="composer__toolbar">
          <button
            type="button"
            title={t('composer.image')}
            class="button button--quiet"
            disabled={blocked !== undefined}
            onClick={() => fileInput.current?.click()}
          >
            <Icon name="attach" />
            <span class="composer__tool-label">{t('composer.image')}</span>
          </button>
          <input
            ref={fileInput}
            type="file"
            accept="image/png,image/jpeg,image/gif"
            class="visually-hidden"
            tabIndex={-1}
            aria-label={t('composer.imageFile')}
            data-testid="composer-image-input"
            onChange={(event) => {
              const file = pickFile(event.currentTarget.files);
              event.currentTarget.value = '';
              if (file) {
                image.choose(file);
                textarea.current?.focus();
              }
            }}
          />
          <button
            type="button"
            title={t('composer.emoji')}
            class={`button button--quiet${panel === 'emoji' ? ' button--pressed' : ''}`}
            disabled={blocked !== undefined}
            aria-expanded={panel === 'emoji'}
            onClick={() => setPanel(panel === 'emoji' ? 'none' : 'emoji')}
          >
            <Icon name="emoji" />
            <span class="composer__tool-label">{t('composer.emoji')}</span>
          </button>
          <button
            type="button"
            title={t('composer.miniProgramCard')}
            class={`button button--quiet${panel === 'miniprogram' ? ' button--pressed' : ''}`}
            disabled={blocked !== undefined}
            aria-expanded={panel === 'miniprogram'}
            onClick={() => setPanel(panel === 'miniprogram' ? 'none' : 'miniprogram')}
          >
            <Icon name="miniprogram" />
            <span class="composer__tool-label">{t('composer.miniProgramCard')}</span>
          </button>
          <button
            type="button"
            title={t('composer.linkCard')}
            class={`button button--quiet${panel === 'link' ? ' button--pressed' : ''}`}
            disabled={blocked !== undefined}
            aria-expanded={panel === 'link'}
            data-testid="composer-link-card"
            onClick={() => setPanel(panel === 'link' ? 'none' : 'link')}
          >
            <Icon name="link" />
            <span class="composer__tool-label">{t('composer.linkCard')}</span>
          </button>
          <button
            type="button"
            class={`button button--quiet${panel === 'menu' ? ' button--pressed' : ''}`}
            disabled={blocked !== undefined}
            // Not `disabled` for a Mini Program, so the tooltip saying why still shows.
            aria-disabled={offersMenus ? undefined : 'true'}
            aria-expanded={offersMenus ? panel === 'menu' : undefined}
            title={offersMenus ? t('composer.menu') : t('composer.menuMiniProgram')}
            data-testid="composer-menu"
            onClick={() => {
              if (offersMenus) setPanel(panel === 'menu' ? 'none' : 'menu');
            }}
          >
            <Icon name="menu" />
            <span class="composer__tool-label">{t('composer.menu')}</span>
          </button>
          <button
            type="button"
            class={`button button--quiet${panel === 'article' ? ' button--pressed' : ''}`}
            disabled={blocked !== undefined}
            // Not `disabled` for a Mini Program, so the tooltip saying why still shows.
            aria-disabled={offersArticles ? undefined : 'true'}
            aria-expanded={offersArticles ? panel === 'article' : undefined}
            title={offersArticles ? t('article.title') : t('composer.articleMiniProgram')}
            data-testid="composer-article"
            onClick={() => {
              if (offersArticles) setPanel(panel === 'article' ? 'none' : 'article');
            }}
          >
            <Icon name="article" />
            <span class="composer__tool-label">{t('composer.article')}</span>
          </button>
          {voiceVideoTools.map(({ kind, icon, label, pick }) => (
            <button
              key={kind}
              type="button"
              class="button button--quiet"
              disabled={blocked !== undefined}
              aria-disabled={offersVoiceVideo ? undefined : 'true'}
              title={offersVoiceVideo ? t(pick) : t('composer.voiceVideoMiniProgram')}
              data-testid={`composer-${kind}`}
              onClick={() => {
                if (offersVoiceVideo) voiceVideoInputs[kind].current?.click();
              }}
            >
              <Icon name={icon} />
              <span class="composer__tool-label">{t(label)}</span>
            </button>
          ))}
          {(['voice', 'video'] as const).map((kind: MediaKind) => (
            <input
              key={kind}
              ref={voiceVideoInputs[kind]}
              type="file"
              accept={acceptedFiles[kind]}
              class="visually-hidden"
              tabIndex={-1}
              aria-label={t(kind === 'voice' ? 'composer.voiceFile' : 'composer.videoFile')}
              data-testid={`composer-${kind}-input`}
              onChange={(event) => {
                const file = event.currentTarget.files?.[0];
                event.currentTarget.value = '';
                if (file) void voiceVideo.choose(kind, file);
              }}
            />
          ))}
          <button
            type="button"
            title={t('quickReplies.title')}
            class={`button button--quiet${palette.open ? ' button--pressed' : ''}`}
            disabled={blocked !== undefined}
            aria-pressed={palette.open}
            onClick={palette.toggle}
          >
            <Icon name="bolt" />
            <span class="composer__tool-label">{t('quickReplies.title')}</span>
          </button>
          <button
            type="button"
            class="button button--quiet button--icon"
            aria-haspopup="dialog"
            aria-label={t('quickReplies.manageTitle')}
            title={t('quickReplies.manageTitle')}
            onClick={() => setManagingReplies(true)}
          >
            <Icon name="tune" />
          </button>
          <span class="composer__spacer" />
          <span
            id={hintId}
            class={`composer__hint${problemShown ? ' composer__hint--problem' : ''}`}
            aria-live="polite"
          >
            {problemShown ? sendProblem : blocked ? '' : t('composer.hint')}
          </span>
          {checked.counter && (
            <span class={`composer__counter${checked.tooLong ? ' composer__counter--over' : ''}`}>
              {checked.counter}
            </span>
          )}
          <button
            type="submit"
            class="button button--primary composer__send"
            disabled={!canSend}
            aria-describedby={blocked ? 'composer-blocked' : hintId}
          >
            <Icon name="send" /> {t('composer.send')}
          </button>
        </div>
      </form>
      {dragging && (
        <div class="composer__drop" aria-hidden="true">
          {t('composer.drop')}
        </div>
      )}
    </section>
  );
}
