import { chooseAssignee } from '../domain/conversation.ts';
import { listAppMemberIds } from './apps-repository.ts';
import { listAgentConnectionIds } from './connections-repository.ts';
import type { AssigneePicker } from './inbound-recorder.ts';

/** An agent counts as online while at least one of their consoles holds an open socket. */
export const pickOnlineAgent: AssigneePicker = async ({ appId }) => {
  const memberIds = await listAppMemberIds(appId);
  const candidates = await Promise.all(
    memberIds.map(async (agentId) => ({
      agentId,
      online: (await listAgentConnectionIds(agentId)).length > 0,
    })),
  );
  return chooseAssignee(candidates);
};
