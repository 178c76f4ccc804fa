import { useState } from 'preact/hooks';
import type { MessageContent } from '../../../shared/domain/message.ts';
import {
  coordinatesText,
  eventText,
  fileSizeText,
  fileTypeOf,
  locationTitle,
  mediaUnavailableText,
  unsupportedText,
  videoTitle,
  voiceTitle,
} from '../content-text.ts';
import { t } from '../i18n.ts';
import { safeHttpUrl } from '../safe-url.ts';
import { ArticleCard } from './ArticleCard.tsx';
import { EmojiText } from './EmojiText.tsx';
import { Icon } from './Icon.tsx';
import { VoicePlayer } from './VoicePlayer.tsx';

interface MessageContentViewProps {
  content: MessageContent;
  /** The backend's own short-lived link to its copy of the picture, voice or video; preferred to WeChat's URL. */
  mediaUrl?: string;
  /** The backend's short-lived link to its copy of a video's thumbnail. */
  thumbMediaUrl?: string;
  /** The agent's own message: pictures are described as sent to the customer. */
  fromAgent?: boolean;
  onMediaLoad: () => void;
}

/**
 * Every kind of message content. Customer text is only ever rendered as text (Preact escapes it),
 * never as HTML; URLs pass safeHttpUrl before they become a link or an image.
 */
export function MessageContentView({
  content,
  mediaUrl,
  thumbMediaUrl,
  fromAgent,
  onMediaLoad,
}: MessageContentViewProps) {
  switch (content.type) {
    case 'text':
      // A tap on an option of an agent's menu message arrives as the option's text.
      if (content.menuOptionId !== undefined) {
        return (
          <p class="content-text content-menu-choice" title={content.menuOptionId}>
            {t('content.menuChosen', { option: content.text })}
          </p>
        );
      }
      return (
        <p class="content-text">
          <EmojiText text={content.text} />
        </p>
      );
    case 'menu':
      return <MenuCard content={content} />;
    case 'image':
      return (
        <ImageContent
          sources={[mediaUrl, content.url]}
          alt={fromAgent ? t('content.sentToCustomer') : t('content.sentByCustomer')}
          onLoad={onMediaLoad}
        />
      );
    case 'voice':
      return <VoiceContent content={content} mediaUrl={mediaUrl} fromAgent={fromAgent} />;
    case 'video': {
      const url = content.storageKey ? safeHttpUrl(mediaUrl) : undefined;
      if (url) {
        return (
          <div class="content-video">
            {content.title && <p class="content-media__title">{content.title}</p>}
            {/* biome-ignore lint/a11y/useMediaCaption: WeChat's video messages carry no captions. */}
            <video
              class="content-video__player"
              controls
              playsInline
              preload="metadata"
              poster={safeHttpUrl(thumbMediaUrl)}
              src={url}
              onLoadedMetadata={onMediaLoad}
            />
            <p class="content-media__hint">
              <a href={url} download>
                {t('content.downloadVideo')}
              </a>
            </p>
          </div>
        );
      }
      return (
        <div class="content-media">
          <span class="content-media__icon">
            <Icon name="play" />
          </span>
          <div>
            <p class="content-media__title">{videoTitle(content)}</p>
            {content.mediaUnavailable ? (
              <MediaUnavailableLine content={content} />
            ) : (
              <p class="content-media__hint">{t('content.noPlayback')}</p>
            )}
          </div>
        </div>
      );
    }
    case 'location':
      return (
        <div class="content-media">
          <span class="content-media__icon">
            <Icon name="pin" />
          </span>
          <div>
            <p class="content-media__title">{locationTitle(content)}</p>
            <p class="content-media__hint mono">{coordinatesText(content)}</p>
          </div>
        </div>
      );
    case 'link':
      return <LinkCard title={content.title} description={content.description} url={content.url} />;
    case 'article':
      return <ArticleCard content={content} onLoad={onMediaLoad} />;
    case 'miniprogrampage':
      return (
        <MiniProgramCard content={content} thumbSources={[mediaUrl, content.thumbUrl]} onLoad={onMediaLoad} />
      );
    case 'file':
      return <FileCard content={content} />;
    case 'event':
      return <>{eventText(content)}</>;
    case 'unknown':
      return <p class="content-unsupported">{unsupportedText(content)}</p>;
    default:
      // A content type newer than this build: say so rather than show nothing.
      return (
        <p class="content-unsupported">
          {t('content.unsupported', { type: (content as { type: string }).type })}
        </p>
      );
  }
}

/** Why there is no copy of a customer's voice or video to play or download. */
function MediaUnavailableLine({
  content,
}: {
  content: Extract<MessageContent, { type: 'voice' | 'video' }>;
}) {
  return (
    <p class="content-media__hint content-media__unavailable" role="note">
      {mediaUnavailableText(content)}
    </p>
  );
}

/**
 * A voice message, the customer's or an agent's: its length, a player once we hold a playable copy,
 * the customer's transcript, the copy to download, or why there is nothing to play.
 */
function VoiceContent({
  content,
  mediaUrl,
  fromAgent,
}: {
  content: Extract<MessageContent, { type: 'voice' }>;
  mediaUrl: string | undefined;
  fromAgent: boolean | undefined;
}) {
  const url = content.storageKey ? safeHttpUrl(mediaUrl) : undefined;
  return (
    <div class="content-media content-media--voice">
      <span class="content-media__icon">
        <Icon name="mic" />
      </span>
      <div class="content-media__body">
        <p class="content-media__title">{voiceTitle(content)}</p>
        {url && !content.mediaUnavailable && <VoicePlayer url={url} durationMs={content.durationMs} />}
        {!fromAgent && <VoiceTranscript content={content} />}
        {content.mediaUnavailable && <MediaUnavailableLine content={content} />}
        {url && (
          <p class="content-media__hint">
            <a href={url} download>
              {t('content.download')}
            </a>
          </p>
        )}
      </div>
    </div>
  );
}

/** WeChat's transcript of a customer's voice, else Amazon Transcribe's marked as machine-made, else none. */
function VoiceTranscript({ content }: { content: Extract<MessageContent, { type: 'voice' }> }) {
  if (content.recognition) {
    return (
      <p class="content-media__transcript">
        <span class="visually-hidden">{t('content.transcript')} </span>“{content.recognition}”
      </p>
    );
  }
  if (content.machineTranscript) {
    return (
      <p class="content-media__transcript">
        <span class="content-media__machine">{t('content.machineTranscript')}</span> “
        {content.machineTranscript}”
      </p>
    );
  }
  return <p class="content-media__hint">{t('content.noTranscript')}</p>;
}

/** A menu message as the customer sees it: the question, the options to tap, the closing line. */
function MenuCard({ content }: { content: Extract<MessageContent, { type: 'menu' }> }) {
  return (
    <div class="content-card content-card--menu">
      <p class="content-card__description">
        <EmojiText text={content.head} />
      </p>
      <ol class="content-menu__options" aria-label={t('content.menuOptions')}>
        {content.options.map((option) => (
          <li key={option.id} class="content-menu__option" title={option.id}>
            {option.text}
          </li>
        ))}
      </ol>
      {content.tail && (
        <p class="content-card__description">
          <EmojiText text={content.tail} />
        </p>
      )}
    </div>
  );
}

/**
 * What a customer's file is (name, size, type). WeChat pushes an Official Account only its
 * description, never a download, so the card says so instead of offering a link that cannot work.
 */
function FileCard({ content }: { content: Extract<MessageContent, { type: 'file' }> }) {
  const fileType = fileTypeOf(content);
  return (
    <div class="content-card content-card--file">
      <div class="content-file">
        <span class="content-file__icon" aria-hidden="true">
          <Icon name="file" />
          {fileType && <span class="content-file__type">{fileType}</span>}
        </span>
        <div>
          <p class="content-card__title">{content.title || t('content.file')}</p>
          <p class="content-media__hint">
            {[
              fileType ?? t('content.file'),
              content.size === undefined ? undefined : fileSizeText(content.size),
            ]
              .filter(Boolean)
              .join(' · ')}
          </p>
        </div>
      </div>
      {content.description && <p class="content-card__description">{content.description}</p>}
      <p class="content-card__footer content-file__note">{t('content.fileNoDownload')}</p>
    </div>
  );
}

/** The usable picture URLs in order of preference; the next one is tried when one fails to load. */
function usableUrls(sources: readonly (string | undefined)[]): string[] {
  return sources.map(safeHttpUrl).filter((url): url is string => url !== undefined);
}

function ImageContent({
  sources,
  alt,
  onLoad,
}: {
  sources: readonly (string | undefined)[];
  alt: string;
  onLoad: () => void;
}) {
  const [failures, setFailures] = useState(0);
  const safe = usableUrls(sources)[failures];
  const failed = failures > 0;
  if (!safe) {
    return (
      <div class="content-image-placeholder" title={failed ? t('content.imageFailed') : undefined}>
        <Icon name="image" />
        <span>{t('content.imagePlaceholder')}</span>
      </div>
    );
  }
  return (
    <a class="content-image" href={safe} target="_blank" rel="noopener noreferrer">
      {/* WeChat's image host refuses hotlinks that carry a Referer. */}
      <img
        src={safe}
        alt={alt}
        loading="lazy"
        referrerpolicy="no-referrer"
        onLoad={onLoad}
        onError={() => setFailures((count) => count + 1)}
      />
    </a>
  );
}

function LinkCard({ title, description, url }: { title: string; description?: string; url: string }) {
  const safe = safeHttpUrl(url);
  return (
    <div class="content-card">
      <p class="content-card__title">
        {safe ? (
          <a href={safe} target="_blank" rel="noopener noreferrer">
            {title || safe}
          </a>
        ) : (
          title
        )}
      </p>
      {description && <p class="content-card__description">{description}</p>}
      <p class="content-card__footer" title={url}>
        {safe ? new URL(safe).host : url}
      </p>
    </div>
  );
}

function MiniProgramCard({
  content,
  thumbSources,
  onLoad,
}: {
  content: Extract<MessageContent, { type: 'miniprogrampage' }>;
  thumbSources: readonly (string | undefined)[];
  onLoad: () => void;
}) {
  const [thumbFailures, setThumbFailures] = useState(0);
  const thumb = usableUrls(thumbSources)[thumbFailures];
  return (
    <div class="content-card content-card--miniprogram">
      <p class="content-card__title">{content.title || t('content.miniProgramPage')}</p>
      {thumb && (
        <img
          class="content-card__thumb"
          src={thumb}
          alt=""
          loading="lazy"
          referrerpolicy="no-referrer"
          onLoad={onLoad}
          onError={() => setThumbFailures((count) => count + 1)}
        />
      )}
      <p class="content-card__path mono" title={t('content.pagePath')}>
        {content.pagePath}
      </p>
      <p class="content-card__footer">
        <Icon name="miniprogram" />
        <span>
          {t('content.miniProgram')}
          {content.appId ? ` · ${content.appId}` : ''}
        </span>
      </p>
    </div>
  );
}
