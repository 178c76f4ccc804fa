import { useCallback, useEffect, useState } from 'preact/hooks';
import { changeBody, creationBody, formFromAgent, newAgentForm } from '../agent-form.ts';
import {
  AbortedError,
  type AdministeredApp,
  type AgentAnswer,
  type AgentListing,
  type ApiClient,
  describeError,
} from '../api.ts';
import { fullTime } from '../format-time.ts';
import { t } from '../i18n.ts';
import { invitationLinkHere } from '../invitation-link.ts';
import { AgentForm } from './AgentForm.tsx';
import { AgentTable } from './AgentTable.tsx';
import { CopyField } from './CopyField.tsx';
import { LoadStatus } from './LoadStatus.tsx';
import { Modal } from './Modal.tsx';
import { type Outcome, OutcomeNotice } from './OutcomeNotice.tsx';
import { PasswordResetForm } from './PasswordResetForm.tsx';

interface TeamDialogProps {
  api: Pick<
    ApiClient,
    | 'agents'
    | 'administeredApps'
    | 'addAgent'
    | 'changeAgent'
    | 'resetAgentPassword'
    | 'disableAgent'
    | 'enableAgent'
  >;
  /** The signed-in agent. */
  self: string;
  /** Queues and loads the console shows may have changed. */
  onChanged: () => void;
  onClose: () => void;
}

type Loaded =
  | { status: 'loading' }
  | { status: 'failed'; problem: string }
  | { status: 'ready'; agents: AgentListing[]; apps: AdministeredApp[] };

/** What the dialog shows: the list, or one thing being done to one agent. */
type View =
  | { kind: 'list' }
  | { kind: 'invite' }
  | { kind: 'edit'; agent: AgentListing }
  | { kind: 'reset'; agent: AgentListing }
  | { kind: 'disable'; agent: AgentListing }
  /** A link or an initial password was just made: the admin passes it on. */
  | { kind: 'issued'; agent: AgentListing; link?: { url: string; expiresAt: number } };

const nameOf = (agent: AgentListing) => agent.displayName || agent.username;

/**
 * The team: every agent of the workspace, inviting new ones (by a one-time link or an initial
 * password), changing their role, capacity, name and queues, resetting a password, and disabling or
 * enabling someone. Owners and admins; the server decides what each may do to whom.
 */
export function TeamDialog({ api, self, onChanged, onClose }: TeamDialogProps) {
  const [loaded, setLoaded] = useState<Loaded>({ status: 'loading' });
  const [view, setView] = useState<View>({ kind: 'list' });
  const [notice, setNotice] = useState<Outcome>();
  const [pending, setPending] = useState<string>();

  const load = useCallback(() => {
    setLoaded({ status: 'loading' });
    Promise.all([api.agents(), api.administeredApps()]).then(
      ([agents, apps]) => setLoaded({ status: 'ready', agents, apps }),
      (error: unknown) => {
        if (error instanceof AbortedError) return;
        setLoaded({ status: 'failed', problem: describeError(error) });
      },
    );
  }, [api]);
  useEffect(load, [load]);

  /** The agent as the server answered: replaced in the list, or added to it. */
  const remember = (agent: AgentListing) => {
    setLoaded((current) => {
      if (current.status !== 'ready') return current;
      const known = current.agents.some((each) => each.agentId === agent.agentId);
      const agents = known
        ? current.agents.map((each) => (each.agentId === agent.agentId ? agent : each))
        : [...current.agents, agent];
      return { ...current, agents };
    });
    onChanged();
  };

  /** Runs a change; resolves to its refusal in words, or undefined once done. */
  const attempt = async (work: () => Promise<void>): Promise<string | undefined> => {
    try {
      await work();
      return undefined;
    } catch (error) {
      if (error instanceof AbortedError) return undefined;
      return describeError(error);
    }
  };

  /** After a link or an initial password was made. */
  const issued = ({ agent, invitation }: AgentAnswer) => {
    remember(agent);
    setView({
      kind: 'issued',
      agent,
      ...(invitation
        ? { link: { url: invitationLinkHere(location, invitation.token), expiresAt: invitation.expiresAt } }
        : {}),
    });
  };

  const backToList = (text?: string) => {
    setView({ kind: 'list' });
    setNotice(text ? { tone: 'info', text } : undefined);
  };

  const enable = async (agent: AgentListing) => {
    setPending(agent.agentId);
    setNotice(undefined);
    const refusal = await attempt(async () => {
      remember((await api.enableAgent(agent.agentId)).agent);
    });
    setPending(undefined);
    setNotice(
      refusal
        ? { tone: 'error', text: refusal }
        : { tone: 'info', text: t('team.enabled', { name: nameOf(agent) }) },
    );
  };

  const apps = loaded.status === 'ready' ? loaded.apps : [];

  return (
    <Modal title={t('team.title')} wide onClose={onClose}>
      <div class="admin">
        <LoadStatus
          state={loaded}
          loading={t('team.loading')}
          failed={(problem) => t('team.loadFailed', { problem })}
          retry={load}
        />
        {loaded.status === 'ready' && view.kind === 'list' && (
          <>
            <div class="admin__toolbar">
              <p class="admin__intro">{t('team.intro', { count: loaded.agents.length })}</p>
              <button
                type="button"
                class="button button--primary"
                onClick={() => {
                  setNotice(undefined);
                  setView({ kind: 'invite' });
                }}
              >
                {t('team.invite')}
              </button>
            </div>
            <OutcomeNotice outcome={notice} />
            <AgentTable
              agents={loaded.agents}
              apps={apps}
              self={self}
              pending={pending}
              onEdit={(agent) => setView({ kind: 'edit', agent })}
              onReset={(agent) => setView({ kind: 'reset', agent })}
              onDisable={(agent) => setView({ kind: 'disable', agent })}
              onEnable={(agent) => void enable(agent)}
            />
          </>
        )}
        {view.kind === 'invite' && (
          <AgentForm
            mode="invite"
            initial={newAgentForm()}
            apps={apps}
            onCancel={() => backToList()}
            onSubmit={(form) => attempt(async () => issued(await api.addAgent(creationBody(form))))}
          />
        )}
        {view.kind === 'edit' && (
          <AgentForm
            mode="edit"
            initial={formFromAgent(view.agent)}
            apps={apps}
            onCancel={() => backToList()}
            onSubmit={(form) =>
              attempt(async () => {
                const { agent } = await api.changeAgent(view.agent.agentId, changeBody(form));
                remember(agent);
                backToList(t('team.saved', { name: nameOf(agent) }));
              })
            }
          />
        )}
        {view.kind === 'reset' && (
          <PasswordResetForm
            agent={view.agent}
            onCancel={() => backToList()}
            onSubmit={(password) =>
              attempt(async () => issued(await api.resetAgentPassword(view.agent.agentId, password)))
            }
          />
        )}
        {view.kind === 'disable' && (
          <DisableConfirmation
            agent={view.agent}
            onCancel={() => backToList()}
            onConfirm={() =>
              attempt(async () => {
                const { agent, handedBack } = await api.disableAgent(view.agent.agentId);
                remember(agent);
                backToList(t('team.disabledDone', { name: nameOf(agent), count: handedBack }));
              })
            }
          />
        )}
        {view.kind === 'issued' && (
          <section class="admin-form" aria-labelledby="team-issued-title">
            <h3 class="admin-form__title" id="team-issued-title">
              {view.link ? t('team.linkTitle') : t('team.passwordSetTitle')}
            </h3>
            {view.link ? (
              <CopyField
                label={t('team.link')}
                value={view.link.url}
                hint={t('team.linkHint', { name: nameOf(view.agent), time: fullTime(view.link.expiresAt) })}
              />
            ) : (
              <p class="notice notice--info">
                {t('team.passwordSet', { name: nameOf(view.agent), username: view.agent.username })}
              </p>
            )}
            <div class="modal__actions">
              <button type="button" class="button button--primary" onClick={() => backToList()}>
                {t('team.done')}
              </button>
            </div>
          </section>
        )}
      </div>
    </Modal>
  );
}

interface DisableConfirmationProps {
  agent: AgentListing;
  /** Resolves to the refusal in words, or undefined once disabled. */
  onConfirm: () => Promise<string | undefined>;
  onCancel: () => void;
}

/** Disabling ends someone's work at once, so it says what happens and asks first. */
function DisableConfirmation({ agent, onConfirm, onCancel }: DisableConfirmationProps) {
  const [pending, setPending] = useState(false);
  const [problem, setProblem] = useState<string>();
  const name = nameOf(agent);
  const confirm = async () => {
    setPending(true);
    setProblem(undefined);
    const refusal = await onConfirm();
    if (refusal === undefined) return;
    setPending(false);
    setProblem(refusal);
  };
  return (
    <section class="admin-form" aria-labelledby="team-disable-title">
      <h3 class="admin-form__title" id="team-disable-title">
        {t('team.disableTitle', { name })}
      </h3>
      <p>{t('team.disableBody', { name, count: agent.activeCount })}</p>
      {problem && (
        <p class="notice notice--error" role="alert">
          {problem}
        </p>
      )}
      <div class="modal__actions">
        <button type="button" class="button" onClick={onCancel}>
          {t('common.cancel')}
        </button>
        <button type="button" class="button button--danger" disabled={pending} onClick={() => void confirm()}>
          {pending ? t('team.disabling') : t('team.disable')}
        </button>
      </div>
    </section>
  );
}
