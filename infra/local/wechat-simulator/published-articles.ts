/**
 * The articles each Official Account has published (发布能力): what freepublish/batchget lists and what
 * a custom/send `mpnewsarticle` may name. WeChat's own console is where an account publishes; here an
 * app comes with those it had published before (`SimulatedApp.publishedArticles`), and a test
 * publishes more with `publishArticle`.
 */
import { randomBytes } from 'node:crypto';

export interface SimulatedArticle {
  title: string;
  digest?: string;
  author?: string;
  /** The cover, as WeChat's `thumb_url`. */
  thumbUrl?: string;
  /** Where the article is read; an mp.weixin.qq.com-like address when absent. */
  url?: string;
}

export interface PublishedArticle extends Required<Pick<SimulatedArticle, 'title' | 'url'>> {
  articleId: string;
  digest: string;
  author: string;
  thumbUrl: string;
  /** Seconds since the epoch, as WeChat's `update_time`. */
  updateTime: number;
}

/** What the store needs of an app: its id, and the articles it had published before the simulator knew it. */
type ArticleOwner = { appId: string; publishedArticles?: readonly SimulatedArticle[] };

export class PublishedArticles {
  /** Published with `publishArticle`, newest first. */
  readonly #published = new Map<string, PublishedArticle[]>();
  /** What each app came with, made articles the first time the app is asked for them. */
  readonly #before = new Map<string, PublishedArticle[]>();

  constructor(private readonly clock: () => number) {}

  /** Publishes an article for the app; its `article_id`, URL-safe Base64 of 43 characters as WeChat's are. */
  publish(appId: string, article: SimulatedArticle): string {
    const published = this.#article(article);
    this.#published.set(appId, [published, ...(this.#published.get(appId) ?? [])]);
    return published.articleId;
  }

  #article(article: SimulatedArticle): PublishedArticle {
    const articleId = randomBytes(32).toString('base64url').slice(0, 43);
    return {
      articleId,
      title: article.title,
      digest: article.digest ?? '',
      author: article.author ?? '',
      thumbUrl: article.thumbUrl ?? '',
      url: article.url ?? `https://mp.weixin.qq.com/s/${articleId}`,
      updateTime: Math.floor(this.clock() / 1000),
    };
  }

  find(app: ArticleOwner, articleId: string): PublishedArticle | undefined {
    return this.#of(app).find((article) => article.articleId === articleId);
  }

  /** The app's publications, newest first: those published here, then those it came with. */
  #of(app: ArticleOwner): PublishedArticle[] {
    let before = this.#before.get(app.appId);
    if (!before && app.publishedArticles) {
      before = app.publishedArticles.map((article) => this.#article(article));
      this.#before.set(app.appId, before);
    }
    return [...(this.#published.get(app.appId) ?? []), ...(before ?? [])];
  }

  /**
   * freepublish/batchget's answer (developers.weixin.qq.com/doc/service/api/public/api_freepublish_batchget.html):
   * each publication with its `news_item` list (one article each here); `content` inside a news item
   * only when `no_content` is not 1.
   */
  batch(app: ArticleOwner, offset: number, count: number, withContent: boolean): object {
    const all = this.#of(app);
    const item = all.slice(offset, offset + count).map((article) => ({
      article_id: article.articleId,
      content: {
        news_item: [
          {
            title: article.title,
            author: article.author,
            digest: article.digest,
            ...(withContent ? { content: `<p>${article.digest}</p>` } : {}),
            content_source_url: '',
            thumb_media_id: `thumb-${article.articleId}`,
            thumb_url: article.thumbUrl,
            show_cover_pic: 1,
            need_open_comment: 0,
            only_fans_can_comment: 0,
            url: article.url,
            is_deleted: false,
          },
        ],
        create_time: article.updateTime,
        update_time: article.updateTime,
      },
      update_time: article.updateTime,
    }));
    return { total_count: all.length, item_count: item.length, item };
  }
}
