import type { Actor } from '../domain/permissions.ts';
import { findActor } from '../store/actor-repository.ts';
import type { AgentIdentity } from './agent-token.ts';

/** Who the token's holder is now, for the permission policy; undefined once the agent is gone. */
export function currentActor(identity: AgentIdentity): Promise<Actor | undefined> {
  return findActor(identity);
}
