import type { TargetedEvent } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { ServedApp } from '../../../shared/domain/served-app.ts';
import type { UploadedMedia } from '../api.ts';
import { pickFile, useImageUpload } from '../hooks/use-image-upload.ts';
import { t } from '../i18n.ts';
import { cardLimits, type OutgoingContent } from '../outgoing-content.ts';
import { CardFormActions, onEscape } from './CardFormActions.tsx';
import { ImageAttachment } from './ImageAttachment.tsx';

type CardField = 'title' | 'pagePath' | 'appId' | 'description' | 'address' | 'thumbnail';

/**
 * The two cards an agent can send: a Mini Program page card (title, page path, cover image, and from an
 * Official Account the linked Mini Program it opens) and a link card (Mini Programs only; WeChat
 * refuses it from Official Accounts). Send stays disabled until the card is complete, and the first
 * thing missing is said next to it.
 */

interface CardFormProps {
  /** Set when nothing can be sent now (the reply window), shown instead of the first problem. */
  blockedReason?: string;
  onSend: (content: OutgoingContent, mediaUrl?: string) => void;
  onCancel: () => void;
}

const imageTypes = 'image/png,image/jpeg,image/gif';

function useFocusFirst() {
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);
  return first;
}

function tooLong(field: CardField, value: string, limit: number): string | undefined {
  return value.length > limit
    ? t('card.tooLong', { label: t(`card.field.${field}`), length: value.length, limit })
    : undefined;
}

function isHttpUrl(value: string): boolean {
  if (!/^https?:\/\//i.test(value)) return false;
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}

/**
 * Which Mini Program the card opens. A Mini Program's card opens itself (no AppID is sent); an
 * Official Account's opens one of the Mini Programs linked to it in WeChat, the only ones WeChat
 * accepts; an app the console does not know yet (`/api/me` not read) may name one.
 */
type AppIdChoice = 'none' | 'linked' | 'free';

function appIdChoiceFor(app: ServedApp | undefined): AppIdChoice {
  if (!app) return 'free';
  return app.type === 'official-account' ? 'linked' : 'none';
}

export function MiniProgramCardForm({
  app,
  blockedReason,
  onSend,
  onCancel,
  uploadImage,
}: CardFormProps & { app: ServedApp | undefined; uploadImage: (file: Blob) => Promise<UploadedMedia> }) {
  const [title, setTitle] = useState('');
  const [pagePath, setPagePath] = useState('');
  const choice = appIdChoiceFor(app);
  const linked = app?.linkedMiniPrograms ?? [];
  const [appId, setAppId] = useState(() =>
    choice === 'linked' && linked.length === 1 ? (linked[0] ?? '') : '',
  );
  const appIdProblem =
    choice !== 'linked'
      ? tooLong('appId', appId.trim(), cardLimits.appId)
      : linked.length === 0
        ? t('card.noLinkedMiniProgram')
        : !appId
          ? t('card.chooseMiniProgram')
          : undefined;
  const cover = useImageUpload(uploadImage);
  const fileInput = useRef<HTMLInputElement>(null);
  const first = useFocusFirst();

  const problem =
    blockedReason ??
    (!title.trim()
      ? t('card.addTitle')
      : (tooLong('title', title.trim(), cardLimits.title) ??
        (!pagePath.trim()
          ? t('card.addPagePath')
          : (tooLong('pagePath', pagePath.trim(), cardLimits.pagePath) ??
            appIdProblem ??
            (!cover.upload
              ? t('card.addCover')
              : cover.upload.status === 'uploading'
                ? t('card.uploadingCover')
                : cover.upload.status === 'failed'
                  ? t('card.otherCover')
                  : undefined)))));

  const submit = (event: TargetedEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (problem || cover.upload?.status !== 'ready') return;
    const { uploaded } = cover.upload;
    onSend(
      {
        type: 'miniprogrampage',
        title: title.trim(),
        pagePath: pagePath.trim(),
        thumbStorageKey: uploaded.storageKey,
        ...(choice !== 'none' && appId.trim() ? { appId: appId.trim() } : {}),
      },
      uploaded.url,
    );
  };

  const onDrop = (event: DragEvent) => {
    const file = pickFile(event.dataTransfer?.files);
    if (!file) return;
    event.preventDefault();
    event.stopPropagation();
    cover.choose(file);
  };

  return (
    <form
      class="card-form"
      aria-labelledby="mp-card-title"
      onSubmit={submit}
      onKeyDown={onEscape(onCancel)}
      noValidate
    >
      <h3 id="mp-card-title" class="card-form__title">
        {t('card.miniProgramTitle')}
      </h3>
      <div class="card-form__grid">
        <label class="field">
          <span class="field__label">{t('card.title')}</span>
          <input ref={first} value={title} onInput={(event) => setTitle(event.currentTarget.value)} />
        </label>
        <label class="field">
          <span class="field__label">{t('card.pagePath')}</span>
          <input
            value={pagePath}
            class="mono"
            placeholder="pages/index/index?id=42"
            spellcheck={false}
            autocapitalize="none"
            onInput={(event) => setPagePath(event.currentTarget.value)}
          />
        </label>
        {choice === 'linked' && (
          <label class="field">
            <span class="field__label">{t('card.linkedMiniProgram')}</span>
            <select
              value={appId}
              class="mono"
              disabled={linked.length === 0}
              aria-describedby="mp-card-appid-hint"
              onChange={(event) => setAppId(event.currentTarget.value)}
            >
              {linked.length !== 1 && <option value="">{t('card.chooseMiniProgram')}</option>}
              {linked.map((linkedAppId) => (
                <option key={linkedAppId} value={linkedAppId}>
                  {linkedAppId}
                </option>
              ))}
            </select>
            <span id="mp-card-appid-hint" class="field__hint">
              {t('card.linkedMiniProgramHint')}
            </span>
          </label>
        )}
        {choice === 'free' && (
          <label class="field">
            <span class="field__label">
              {t('card.appId')} <span class="field__optional">{t('common.optional')}</span>
            </span>
            <input
              value={appId}
              class="mono"
              placeholder="wx…"
              spellcheck={false}
              autocapitalize="none"
              aria-describedby="mp-card-appid-hint"
              onInput={(event) => setAppId(event.currentTarget.value)}
            />
            <span id="mp-card-appid-hint" class="field__hint">
              {t('card.appIdHint')}
            </span>
          </label>
        )}
        {/* biome-ignore lint/a11y/noStaticElementInteractions: a drop target; the button is the accessible way in */}
        <div class="field" onDragOver={(event) => event.preventDefault()} onDrop={onDrop}>
          <span class="field__label" id="mp-card-cover-label">
            {t('card.cover')}
          </span>
          {cover.upload ? (
            <ImageAttachment upload={cover.upload} purpose="cover" onRemove={cover.clear} />
          ) : (
            <button
              type="button"
              class="button card-form__cover"
              aria-describedby="mp-card-cover-label"
              onClick={() => fileInput.current?.click()}
            >
              {t('card.chooseCover')}
            </button>
          )}
          <input
            ref={fileInput}
            type="file"
            accept={imageTypes}
            class="visually-hidden"
            tabIndex={-1}
            aria-label={t('card.coverFile')}
            data-testid="card-cover-input"
            onChange={(event) => {
              const file = pickFile(event.currentTarget.files);
              event.currentTarget.value = '';
              if (file) cover.choose(file);
            }}
          />
        </div>
      </div>
      <CardFormActions
        problem={problem}
        problemId="mp-card-problem"
        sendLabel={t('card.send')}
        onCancel={onCancel}
      />
    </form>
  );
}

export function LinkCardForm({ blockedReason, onSend, onCancel }: CardFormProps) {
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [url, setUrl] = useState('');
  const [thumbUrl, setThumbUrl] = useState('');
  const first = useFocusFirst();

  const problem =
    blockedReason ??
    (!title.trim()
      ? t('card.addTitle')
      : (tooLong('title', title.trim(), cardLimits.title) ??
        tooLong('description', description.trim(), cardLimits.description) ??
        (!url.trim()
          ? t('card.addAddress')
          : !isHttpUrl(url.trim())
            ? t('card.addressScheme')
            : (tooLong('address', url.trim(), cardLimits.url) ??
              // WeChat requires all four fields of a link card (issue 17): none is optional.
              (!description.trim()
                ? t('card.addDescription')
                : !thumbUrl.trim()
                  ? t('card.addThumbnail')
                  : !isHttpUrl(thumbUrl.trim())
                    ? t('card.thumbnailScheme')
                    : tooLong('thumbnail', thumbUrl.trim(), cardLimits.url))))));

  const submit = (event: TargetedEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (problem) return;
    onSend({
      type: 'link',
      title: title.trim(),
      url: url.trim(),
      description: description.trim(),
      thumbUrl: thumbUrl.trim(),
    });
  };

  return (
    <form
      class="card-form"
      aria-labelledby="link-card-title"
      onSubmit={submit}
      onKeyDown={onEscape(onCancel)}
      noValidate
    >
      <h3 id="link-card-title" class="card-form__title">
        {t('card.linkTitle')} <span class="card-form__note">{t('card.linkNote')}</span>
      </h3>
      <div class="card-form__grid">
        <label class="field">
          <span class="field__label">{t('card.title')}</span>
          <input ref={first} value={title} onInput={(event) => setTitle(event.currentTarget.value)} />
        </label>
        <label class="field">
          <span class="field__label">{t('card.address')}</span>
          <input
            type="url"
            value={url}
            placeholder="https://"
            spellcheck={false}
            autocapitalize="none"
            onInput={(event) => setUrl(event.currentTarget.value)}
          />
        </label>
        <label class="field">
          <span class="field__label">{t('card.description')}</span>
          <input value={description} onInput={(event) => setDescription(event.currentTarget.value)} />
        </label>
        <label class="field">
          <span class="field__label">{t('card.thumbnail')}</span>
          <input
            type="url"
            value={thumbUrl}
            placeholder="https://"
            spellcheck={false}
            autocapitalize="none"
            onInput={(event) => setThumbUrl(event.currentTarget.value)}
          />
        </label>
      </div>
      <CardFormActions
        problem={problem}
        problemId="link-card-problem"
        sendLabel={t('card.send')}
        onCancel={onCancel}
      />
    </form>
  );
}
