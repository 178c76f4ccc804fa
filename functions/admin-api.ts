/**
 * The console's administration and supervision: a workspace's WeChat apps, queues and agents, its
 * audit trail, the floor and the reports. Apart from the agents' API (`api.ts`), which every agent
 * calls all day, so that its cold starts do not carry this code.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import {
  addAgent,
  agentChangeSchema,
  agentCreationSchema,
  changeAgent,
  disableAgent,
  enableAgent,
  listAgents,
  passwordResetSchema,
  resetAgentPassword,
} from '../shared/admin/agent-administration.ts';
import {
  addApp,
  appChangeSchema,
  appCreationSchema,
  changeApp,
  listApps,
  removeApp,
  setAppEnabled,
  testAppCredentials,
} from '../shared/admin/app-administration.ts';
import { auditQuerySchema } from '../shared/admin/audit-query-schema.ts';
import { type Administrator, readAuditTrail } from '../shared/admin/audit-trail.ts';
import {
  administeredApps,
  changeQueueSettings,
  deleteQueueOf,
  queueMembersSchema,
  queueSettingsChangeSchema,
  setQueueMembers,
} from '../shared/admin/queue-administration.ts';
import { readFloor } from '../shared/conversations/floor-reader.ts';
import { readReport } from '../shared/conversations/report-reader.ts';
import { mayAdminister, mayManageApps, mayReadAudit } from '../shared/domain/permissions.ts';
import { reportQuerySchema } from '../shared/domain/report-query-schema.ts';
import { administer } from '../shared/http/administer.ts';
import { authenticate } from '../shared/http/authenticate.ts';
import { forbidden } from '../shared/http/http-error.ts';
import { agentIn, appIn, queueIn } from '../shared/http/path-ids.ts';
import { parseJsonBody, parseJsonBodyAsync, parseQuery } from '../shared/http/request.ts';
import { apiBaseUrl, consoleOrigin } from '../shared/http/request-context.ts';
import { json } from '../shared/http/responses.ts';
import { type Route, routedHandler } from '../shared/http/routed-handler.ts';

/** Queues, members and agents: owners and admins. */
const asAdmin = <T>(event: APIGatewayProxyEventV2, work: (admin: Administrator) => Promise<T>) =>
  administer(event, mayAdminister, 'only an owner or admin of the workspace can do this', work);

/** WeChat apps: owners. */
const asOwner = <T>(event: APIGatewayProxyEventV2, work: (admin: Administrator) => Promise<T>) =>
  administer(event, mayManageApps, 'only an owner of the workspace can manage its WeChat apps', work);

const routes: Record<string, Route> = {
  'GET /api/floor': async (event) => {
    const floor = await readFloor((await authenticate(event)).actor);
    if (!floor) throw forbidden('only an owner or admin of the workspace can watch the floor');
    return json(200, floor);
  },

  'GET /api/reports': async (event) => {
    const { actor } = await authenticate(event);
    const report = await readReport(actor, parseQuery(event, reportQuerySchema));
    if (!report) throw forbidden('only an owner or admin of the workspace can read its reports');
    return json(200, report);
  },

  'GET /api/admin/queues': async (event) => {
    return json(200, { apps: await asAdmin(event, (admin) => administeredApps(admin.actor)) });
  },

  'PUT /api/admin/queues/{appId}/{queueId}': async (event) => {
    const queue = await asAdmin(event, async (admin) => {
      const { appId, queueId } = queueIn(event);
      const change = await parseJsonBodyAsync(event, queueSettingsChangeSchema);
      return changeQueueSettings(admin, appId, queueId, change);
    });
    return json(200, { queue });
  },

  'PUT /api/admin/queues/{appId}/{queueId}/members': async (event) => {
    const members = await asAdmin(event, (admin) => {
      const { appId, queueId } = queueIn(event);
      return setQueueMembers(admin, appId, queueId, parseJsonBody(event, queueMembersSchema).agentIds);
    });
    return json(200, members);
  },

  'DELETE /api/admin/queues/{appId}/{queueId}': async (event) => {
    const deleted = await asAdmin(event, (admin) => {
      const { appId, queueId } = queueIn(event);
      return deleteQueueOf(admin, appId, queueId);
    });
    return json(200, deleted);
  },

  'GET /api/admin/agents': async (event) => {
    return json(200, { agents: await asAdmin(event, listAgents) });
  },

  'POST /api/admin/agents': async (event) => {
    const created = await asAdmin(event, (admin) =>
      addAgent(admin, parseJsonBody(event, agentCreationSchema), { consoleUrl: consoleOrigin(event) }),
    );
    return json(201, created);
  },

  'PATCH /api/admin/agents/{agentId}': async (event) => {
    const changed = await asAdmin(event, (admin) =>
      changeAgent(admin, agentIn(event), parseJsonBody(event, agentChangeSchema)),
    );
    return json(200, changed);
  },

  'POST /api/admin/agents/{agentId}/password-reset': async (event) => {
    const reset = await asAdmin(event, (admin) =>
      resetAgentPassword(admin, agentIn(event), parseJsonBody(event, passwordResetSchema), {
        consoleUrl: consoleOrigin(event),
      }),
    );
    return json(200, reset);
  },

  'POST /api/admin/agents/{agentId}/disable': async (event) => {
    return json(200, await asAdmin(event, (admin) => disableAgent(admin, agentIn(event))));
  },

  'POST /api/admin/agents/{agentId}/enable': async (event) => {
    return json(200, await asAdmin(event, (admin) => enableAgent(admin, agentIn(event))));
  },

  'GET /api/admin/apps': async (event) => {
    return json(200, { apps: await asOwner(event, (admin) => listApps(admin, apiBaseUrl(event))) });
  },

  'POST /api/admin/apps': async (event) => {
    const app = await asOwner(event, (admin) =>
      addApp(admin, parseJsonBody(event, appCreationSchema), apiBaseUrl(event)),
    );
    return json(201, { app });
  },

  'PATCH /api/admin/apps/{appId}': async (event) => {
    const app = await asOwner(event, (admin) =>
      changeApp(admin, appIn(event), parseJsonBody(event, appChangeSchema), apiBaseUrl(event)),
    );
    return json(200, { app });
  },

  'DELETE /api/admin/apps/{appId}': async (event) => {
    return json(200, await asOwner(event, (admin) => removeApp(admin, appIn(event))));
  },

  'POST /api/admin/apps/{appId}/disable': async (event) => {
    const app = await asOwner(event, (admin) => setAppEnabled(admin, appIn(event), false, apiBaseUrl(event)));
    return json(200, { app });
  },

  'POST /api/admin/apps/{appId}/enable': async (event) => {
    const app = await asOwner(event, (admin) => setAppEnabled(admin, appIn(event), true, apiBaseUrl(event)));
    return json(200, { app });
  },

  'POST /api/admin/apps/{appId}/test-credentials': async (event) => {
    return json(200, await asOwner(event, (admin) => testAppCredentials(admin, appIn(event))));
  },

  'GET /api/admin/audit': async (event) => {
    const page = await administer(
      event,
      mayReadAudit,
      'only an owner of the workspace can read its audit trail',
      (admin) => readAuditTrail(admin.actor, parseQuery(event, auditQuerySchema)),
    );
    return json(200, page);
  },
};

/** The routes this function answers; each is an HTTP route of the manifest (test/unit/architecture). */
export const routeKeys = Object.keys(routes);

export const handler = routedHandler(routes);
