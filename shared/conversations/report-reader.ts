/**
 * A report of the actor's workspace (`GET /api/reports`): the conversations that closed within its
 * dates, in its time zone, counted from the facts the stream consumer kept on each one's history
 * entry as it closed.
 *
 * Reads: one query of the `reports` index over the range (small items, eventually consistent: read
 * units proportional to the conversations closed in the range, never to their messages); the
 * workspace's apps and their queues, and each agent the report names, for their names.
 */
import { type Actor, mayReadReports } from '../domain/permissions.ts';
import type { ReportFacts } from '../domain/report-facts.ts';
import { queueNameKey, type Report, type ReportNames, reportFigures } from '../domain/report-figures.ts';
import type { ReportQuery } from '../domain/report-query-schema.ts';
import { addDays, startOfDate } from '../domain/zoned-calendar.ts';
import { getAgent } from '../store/agents-repository.ts';
import { readReportFacts } from '../store/closed-conversations-repository.ts';
import { listQueues } from '../store/queues-repository.ts';
import { listWorkspaceApps } from '../store/workspace-apps.ts';

/** Only the conversations the query's filters name (each filter narrows; none keeps them all). */
function narrowed(facts: readonly ReportFacts[], query: ReportQuery): ReportFacts[] {
  return facts.filter(
    (fact) =>
      (query.appId === undefined || fact.appId === query.appId) &&
      (query.queueId === undefined || fact.queueId === query.queueId) &&
      (query.agentId === undefined || fact.agentId === query.agentId),
  );
}

async function namesFor(workspaceId: string, facts: readonly ReportFacts[]): Promise<ReportNames> {
  const agentIds = [...new Set(facts.flatMap((fact) => (fact.agentId === undefined ? [] : [fact.agentId])))];
  const [queues, agents] = await Promise.all([
    listWorkspaceApps(workspaceId).then((apps) => Promise.all(apps.map(listQueues))),
    Promise.all(agentIds.map(getAgent)),
  ]);
  return {
    queues: new Map(queues.flat().map((queue) => [queueNameKey(queue.appId, queue.queueId), queue.name])),
    agents: new Map(
      agents.flatMap((agent) =>
        agent && agent.workspaceId === workspaceId
          ? [[agent.agentId, agent.displayName || agent.username] as const]
          : [],
      ),
    ),
  };
}

/** The report, or undefined when the policy does not let the actor read the workspace's reports. */
export async function readReport(actor: Actor, query: ReportQuery): Promise<Report | undefined> {
  if (!mayReadReports(actor)) return undefined;
  const { from, to, timeZone } = query;
  const facts = narrowed(
    await readReportFacts(
      actor.workspaceId,
      startOfDate(from, timeZone),
      startOfDate(addDays(to, 1), timeZone) - 1,
    ),
    query,
  );
  return reportFigures(facts, { from, to, timeZone }, await namesFor(actor.workspaceId, facts));
}
