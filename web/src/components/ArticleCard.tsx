import type { MessageContent } from '../../../shared/domain/message.ts';
import { t } from '../i18n.ts';
import { safeHttpUrl } from '../safe-url.ts';
import { Icon } from './Icon.tsx';

/**
 * A published article an agent sent (图文消息), as the customer saw it: cover, title and digest, opening
 * the article. Drawn from what the message kept, so it stays after WeChat has forgotten the send.
 */
export function ArticleCard({
  content,
  onLoad,
}: {
  content: Extract<MessageContent, { type: 'article' }>;
  onLoad: () => void;
}) {
  const url = safeHttpUrl(content.url);
  const cover = safeHttpUrl(content.coverUrl);
  return (
    <div class="content-card content-card--article">
      <p class="content-card__title">
        {url ? (
          <a href={url} target="_blank" rel="noopener noreferrer">
            {content.title}
          </a>
        ) : (
          content.title
        )}
      </p>
      {/* WeChat's image host refuses pictures asked for from other sites' pages. */}
      {cover && (
        <img
          class="content-card__thumb"
          src={cover}
          alt=""
          loading="lazy"
          referrerpolicy="no-referrer"
          onLoad={onLoad}
        />
      )}
      {content.digest && <p class="content-card__description">{content.digest}</p>}
      <p class="content-card__footer">
        <Icon name="article" size={14} />
        {t('content.article')}
      </p>
    </div>
  );
}
