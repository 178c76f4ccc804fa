import type { TargetedEvent } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { AbortedError, type PublishedArticle, type PublishedArticlePage } from '../api.ts';
import { t } from '../i18n.ts';
import type { OutgoingContent } from '../outgoing-content.ts';
import { safeHttpUrl } from '../safe-url.ts';
import { CardFormActions, onEscape } from './CardFormActions.tsx';

export type ArticleDraft = Extract<OutgoingContent, { type: 'article' }>;

interface ArticlePickerProps {
  /** A page of the account's published articles from `offset`; throws an Error with a sentence. */
  load: (offset: number) => Promise<PublishedArticlePage>;
  /** Set when nothing can be sent now (the reply window), shown instead of the first problem. */
  blockedReason?: string;
  onSend: (content: ArticleDraft) => void;
  onCancel: () => void;
}

type Listing =
  | { status: 'loading'; articles: PublishedArticle[] }
  | { status: 'ready'; articles: PublishedArticle[]; nextOffset?: number }
  | { status: 'failed'; articles: PublishedArticle[]; problem: string; offset: number };

/** What the thread keeps of the article: the card it shows once WeChat has forgotten the send. */
function draftOf(article: PublishedArticle): ArticleDraft {
  return {
    type: 'article',
    articleId: article.articleId,
    title: article.title,
    ...(article.digest ? { digest: article.digest } : {}),
    ...(article.coverUrl ? { coverUrl: article.coverUrl } : {}),
    ...(article.url ? { url: article.url } : {}),
  };
}

/**
 * An Official Account's published articles (图文消息), ten at a time as WeChat lists them, newest
 * publications first: the agent picks one and sends it; the customer's WeChat shows it as the account
 * published it.
 */
export function ArticlePicker({ load, blockedReason, onSend, onCancel }: ArticlePickerProps) {
  const [listing, setListing] = useState<Listing>({ status: 'loading', articles: [] });
  const [chosen, setChosen] = useState<string | undefined>(undefined);

  const loadFrom = (offset: number, before: PublishedArticle[]) => {
    setListing({ status: 'loading', articles: before });
    load(offset).then(
      (page) => {
        // A publication listed again on a later page (one published in between) is shown once.
        const known = new Set(before.map((article) => article.articleId));
        const fresh = page.articles.filter((article) => !known.has(article.articleId));
        setListing({ status: 'ready', articles: [...before, ...fresh], nextOffset: page.nextOffset });
      },
      (error: unknown) => {
        if (error instanceof AbortedError) return;
        setListing({ status: 'failed', articles: before, problem: (error as Error).message, offset });
      },
    );
  };
  // The first page, once, when the picker opens; later pages when the agent asks for them.
  useEffect(() => loadFrom(0, []), []);

  const article = listing.articles.find((candidate) => candidate.articleId === chosen);
  const problem =
    blockedReason ??
    (listing.status === 'failed'
      ? listing.problem
      : article
        ? undefined
        : listing.status === 'loading' && listing.articles.length === 0
          ? t('article.loading')
          : t('article.choose'));

  const submit = (event: TargetedEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!problem && article) onSend(draftOf(article));
  };

  return (
    <form
      class="card-form article-picker"
      aria-labelledby="article-picker-title"
      onSubmit={submit}
      onKeyDown={onEscape(onCancel)}
      noValidate
    >
      <h3 id="article-picker-title" class="card-form__title">
        {t('article.title')} <span class="card-form__note">{t('article.note')}</span>
      </h3>
      {listing.status === 'ready' && listing.articles.length === 0 ? (
        <p class="article-picker__empty">{t('article.none')}</p>
      ) : (
        <fieldset class="article-picker__list" aria-busy={listing.status === 'loading'}>
          <legend class="visually-hidden">{t('article.title')}</legend>
          {listing.articles.map((candidate) => (
            <ArticleChoice
              key={candidate.articleId}
              article={candidate}
              checked={candidate.articleId === chosen}
              onChoose={() => setChosen(candidate.articleId)}
            />
          ))}
        </fieldset>
      )}
      {listing.status === 'ready' && listing.nextOffset !== undefined && (
        <button
          type="button"
          class="button button--small article-picker__more"
          onClick={() => loadFrom(listing.nextOffset ?? 0, listing.articles)}
        >
          {t('article.more')}
        </button>
      )}
      {listing.status === 'failed' && (
        <button
          type="button"
          class="button button--small article-picker__more"
          onClick={() => loadFrom(listing.offset, listing.articles)}
        >
          {t('article.retry')}
        </button>
      )}
      <CardFormActions
        problem={problem}
        problemId="article-picker-problem"
        sendLabel={t('article.send')}
        onCancel={onCancel}
      />
    </form>
  );
}

function ArticleChoice({
  article,
  checked,
  onChoose,
}: {
  article: PublishedArticle;
  checked: boolean;
  onChoose: () => void;
}) {
  const cover = safeHttpUrl(article.coverUrl);
  return (
    <label class={`article-picker__item${checked ? ' article-picker__item--chosen' : ''}`}>
      <input type="radio" name="article" checked={checked} onChange={onChoose} />
      {/* WeChat's image host refuses pictures asked for from other sites' pages. */}
      {cover && (
        <img class="article-picker__cover" src={cover} alt="" loading="lazy" referrerpolicy="no-referrer" />
      )}
      <span class="article-picker__text">
        <span class="article-picker__title">{article.title || t('article.untitled')}</span>
        {article.digest && <span class="article-picker__digest">{article.digest}</span>}
      </span>
    </label>
  );
}
