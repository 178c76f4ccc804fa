/** Why an agent cannot take one more conversation right now, in words for the agent asking. */
import type { AgentLoad } from './routing.ts';

/** `self`: the agent asking takes it (accept, reopen); otherwise someone is given it (transfer). */
export function unavailabilityOf(
  load: AgentLoad | undefined,
  who: { self: true } | { self: false; name: string },
  now: number,
): string | undefined {
  if (!load) return who.self ? 'Your account no longer exists.' : `${who.name} no longer exists.`;
  if (load.presentUntil <= now)
    return who.self ? 'Your console is not connected.' : `${who.name} has no console open.`;
  if (!who.self && load.status !== 'online') return `${who.name} is ${load.status}.`;
  if (load.activeCount >= load.capacity) {
    const count = `${load.activeCount} of ${load.capacity} conversations`;
    return who.self ? `You already have ${count}.` : `${who.name} already has ${count}.`;
  }
  return undefined;
}
