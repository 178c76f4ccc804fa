/**
 * A queue: one desk of an app (a team, or one merchant of a B2B2C Mini Program). Customers are routed
 * to it by where they came from (`SessionFrom`), and served by its members within its hours.
 */
import type { AutoReplies } from './auto-reply.ts';
import { defaultHumanKeywords } from './auto-reply.ts';
import type { BusinessHours } from './business-hours.ts';
import { defaultInactivityMs } from './conversation-timeouts.ts';
import type { ResponseTargets } from './sla.ts';

/**
 * How a queue recognises its customers by the `SessionFrom` of the button they pressed, or by the
 * scene of the parametric QR code they scanned.
 */
export interface SessionFromRule {
  match: 'exact' | 'prefix' | 'regex';
  pattern: string;
}

export interface Queue {
  appId: string;
  /** Unique within the app; `default` takes everyone no other queue claims. */
  queueId: string;
  workspaceId: string;
  name: string;
  sessionFromRules: SessionFromRule[];
  /**
   * Official Accounts: the scenes of parametric QR codes (`store-a` of `qrscene_store-a`) whose
   * customers this queue takes; absent on queues configured before scenes were routed.
   */
  qrSceneRules?: SessionFromRule[];
  /** Absent: always open. */
  businessHours?: BusinessHours;
  autoReplies: AutoReplies;
  /** How long after the agent's last reply a silent customer's conversation is closed. */
  inactivityMinutes: number;
  /** First- and next-response targets and the rule that reassigns unanswered conversations (sla.ts); absent or empty: none. */
  responseTargets?: ResponseTargets;
  createdAt: number;
}

export const defaultQueueId = 'default';

export const defaultInactivityMinutes = defaultInactivityMs / 60_000;

/** What every app starts with, and what an app registered before queues existed behaves as. */
export function defaultQueueOf(app: { appId: string; workspaceId: string; createdAt: number }): Queue {
  return {
    appId: app.appId,
    queueId: defaultQueueId,
    workspaceId: app.workspaceId,
    name: 'Default',
    sessionFromRules: [],
    autoReplies: { keywords: [], humanKeywords: [...defaultHumanKeywords] },
    inactivityMinutes: defaultInactivityMinutes,
    createdAt: app.createdAt,
  };
}

/** The address of a queue, which is all routing needs to find its members and its line. */
export interface QueueRef {
  appId: string;
  queueId: string;
}
