/**
 * access_token issuing and checking (WECHAT.md §8). Two isolated families per app:
 * - classic (`/cgi-bin/token`): every call issues a new token; the previous one keeps working for 5 more
 *   minutes only, then answers 40001 ("not latest");
 * - stable (`/cgi-bin/stable_token`): the same token while more than 5 minutes are left, a new one in the
 *   last 5 minutes (the old one still works until its own expiry), and force_refresh kills the old one at once.
 * Natural expiry after 7200 s answers 42001; a token killed before it expired answers 40001.
 *
 * Records are kept after they die so that a dead token is told apart from one never issued.
 *
 * Forced refreshes are limited: "强制刷新模式每天限用20次且需间隔30秒" (getStableAccessToken,
 * developers.weixin.qq.com/doc/service/api/base/api_getstableaccesstoken), and within 30 s of the last one
 * "否则不会刷新" (developers.weixin.qq.com/minigame/dev/api-backend/open-api/access-token/auth.getStableAccessToken.html):
 * the call is answered as in normal mode. The 21st of a day answers 45009, as stable_token does past a
 * daily quota (developers.weixin.qq.com/community/personal/oCJUsw-dwHxcKb6QIOAEFgg8LDP0/answer); WeChat's
 * days are Beijing days.
 */
import { isWellFormedToken, newAccessToken } from './ids.ts';
import { errors } from './wechat-errors.ts';

const TOKEN_LIFETIME_MS = 7200_000;
/** Old and new tokens overlap for this long, in both families. */
const TOKEN_OVERLAP_MS = 300_000;
const FORCED_REFRESHES_PER_DAY = 20;
const FORCED_REFRESH_INTERVAL_MS = 30_000;
const DAY_MS = 86_400_000;
const BEIJING_OFFSET_MS = 8 * 3_600_000;

type Family = 'classic' | 'stable';

interface TokenRecord {
  appId: string;
  family: Family;
  expiresAt: number;
  /** From this instant the token answers 40001 (superseded, force-refreshed or invalidated). */
  killedAt?: number;
}

interface ForcedRefreshes {
  /** Beijing calendar day (days since the epoch) the count is of. */
  day: number;
  count: number;
  lastAt: number;
}

export interface IssuedToken {
  access_token: string;
  expires_in: number;
}

export class AccessTokens {
  readonly #clock: () => number;
  readonly #records = new Map<string, TokenRecord>();
  /** The latest token of each family per app: `${family}:${appId}`. */
  readonly #latest = new Map<string, string>();
  readonly #forcedRefreshes = new Map<string, ForcedRefreshes>();

  constructor(clock: () => number) {
    this.#clock = clock;
  }

  issueClassic(appId: string): IssuedToken {
    const now = this.#clock();
    const previous = this.#latestRecord('classic', appId);
    if (previous) {
      this.#kill(previous, now + TOKEN_OVERLAP_MS);
    }
    return this.#issue('classic', appId, now);
  }

  issueStable(appId: string, forceRefresh: boolean): IssuedToken {
    const now = this.#clock();
    const key = latestKey('stable', appId);
    const current = this.#latestRecord('stable', appId);
    if (forceRefresh && this.#mayForceRefresh(appId, now)) {
      if (current) this.#kill(current, now);
    } else if (current && isAlive(current, now) && current.expiresAt - now > TOKEN_OVERLAP_MS) {
      const token = this.#latest.get(key) as string;
      return { access_token: token, expires_in: Math.floor((current.expiresAt - now) / 1000) };
    }
    // In its last 5 minutes the current token is left to expire on its own: both work until then.
    return this.#issue('stable', appId, now);
  }

  /** The app the token belongs to, or the WeChat error for a missing, malformed, dead or expired token. */
  check(token: string | null): string {
    if (token === null || token === '') {
      throw errors.accessTokenMissing();
    }
    if (!isWellFormedToken(token)) {
      throw errors.invalidAccessToken();
    }
    const record = this.#records.get(token);
    if (!record) {
      throw errors.invalidCredential();
    }
    const now = this.#clock();
    const killedFirst = record.killedAt !== undefined && record.killedAt < record.expiresAt;
    if (killedFirst && now >= (record.killedAt as number)) {
      throw errors.invalidCredential();
    }
    if (now >= record.expiresAt) {
      throw errors.accessTokenExpired();
    }
    return record.appId;
  }

  invalidate(appId: string): void {
    const now = this.#clock();
    for (const record of this.#records.values()) {
      if (record.appId === appId) {
        this.#kill(record, now);
      }
    }
  }

  /** Counts a forced refresh; false when it comes within 30 s of the last one (no refresh then). */
  #mayForceRefresh(appId: string, now: number): boolean {
    const day = Math.floor((now + BEIJING_OFFSET_MS) / DAY_MS);
    const previous = this.#forcedRefreshes.get(appId);
    if (previous && now - previous.lastAt < FORCED_REFRESH_INTERVAL_MS) return false;
    const countToday = previous?.day === day ? previous.count : 0;
    if (countToday >= FORCED_REFRESHES_PER_DAY) throw errors.dailyQuotaReached();
    this.#forcedRefreshes.set(appId, { day, count: countToday + 1, lastAt: now });
    return true;
  }

  #issue(family: Family, appId: string, now: number): IssuedToken {
    const token = newAccessToken();
    this.#records.set(token, { appId, family, expiresAt: now + TOKEN_LIFETIME_MS });
    this.#latest.set(latestKey(family, appId), token);
    return { access_token: token, expires_in: TOKEN_LIFETIME_MS / 1000 };
  }

  #latestRecord(family: Family, appId: string): TokenRecord | undefined {
    const token = this.#latest.get(latestKey(family, appId));
    return token === undefined ? undefined : this.#records.get(token);
  }

  #kill(record: TokenRecord, at: number): void {
    record.killedAt = Math.min(record.killedAt ?? Number.POSITIVE_INFINITY, at);
  }
}

function latestKey(family: Family, appId: string): string {
  return `${family}:${appId}`;
}

function isAlive(record: TokenRecord, now: number): boolean {
  return now < record.expiresAt && (record.killedAt === undefined || now < record.killedAt);
}
