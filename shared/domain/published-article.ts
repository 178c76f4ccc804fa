/**
 * An Official Account's published article (发布能力), as the console lists them for an agent to send:
 * the first article of one publication, as WeChat's freepublish/batchget returns it
 * (developers.weixin.qq.com/doc/service/api/public/api_freepublish_batchget.html).
 */
export interface PublishedArticle {
  /** WeChat's `article_id`: what a customer-service `mpnewsarticle` message names. */
  articleId: string;
  title: string;
  /** WeChat fills a single article's digest from its first 54 characters when none was written. */
  digest?: string;
  /** WeChat's `thumb_url`. */
  coverUrl?: string;
  url?: string;
  /** WeChat's `update_time`, in seconds. */
  updatedAt?: number;
}

export interface PublishedArticlePage {
  articles: PublishedArticle[];
  /** How many publications the account has in all (WeChat's `total_count`). */
  total: number;
  /** Where the next page starts, absent after the last one. */
  nextOffset?: number;
}

export const articleLimits = {
  /** freepublish/batchget's `count`: "取值在1到20之间". */
  pageSize: 20,
  /**
   * WeChat documents no shape for `article_id`; its examples are URL-safe Base64 of about 43
   * characters (e.g. `b5O2OUs25HBxRceL7hfReg-U9QGeq9zQjiDvyWP4Hq4`, freepublish/get).
   */
  idPattern: /^[A-Za-z0-9_-]{1,128}$/,
  title: 128,
  digest: 512,
  url: 2048,
} as const;
