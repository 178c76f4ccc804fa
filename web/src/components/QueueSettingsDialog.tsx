import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { AbortedError, type AdministeredApp, type ApiClient, describeError } from '../api.ts';
import { t } from '../i18n.ts';
import {
  defaultQueueId,
  type FormProblem,
  formChanged,
  formFromQueue,
  hoursText,
  newQueueForm,
  type QueueForm,
  sortQueues,
  validateForm,
} from '../queue-settings-form.ts';
import { saveQueue, withSavedQueue } from '../queue-settings-save.ts';
import { LoadStatus } from './LoadStatus.tsx';
import { Modal } from './Modal.tsx';
import { QueueSettingsForm, type SaveFeedback } from './QueueSettingsForm.tsx';

interface QueueSettingsDialogProps {
  api: Pick<ApiClient, 'administeredApps' | 'saveQueueSettings' | 'setQueueMembers' | 'deleteQueue'>;
  /** After a save: the queues the console shows may have changed. */
  onSaved: () => void;
  onClose: () => void;
}

type Loaded =
  | { status: 'loading' }
  | { status: 'failed'; problem: string }
  | { status: 'ready'; apps: AdministeredApp[] };

interface Editor {
  /** One per queue opened, so the form's focus and scroll survive saving a new queue. */
  session: number;
  appId: string;
  /** The form as last saved (or as a new queue starts), to tell whether leaving would lose changes. */
  baseline: QueueForm;
  form: QueueForm;
  /** Set by the first Save: from then on the problems show, and go as they are fixed. */
  attempted: boolean;
  feedback: SaveFeedback;
}

let sessions = 0;

function editorOf(appId: string, form: QueueForm): Editor {
  sessions += 1;
  return { session: sessions, appId, baseline: form, form, attempted: false, feedback: {} };
}

/** The queue's form, or the app's first queue's if it is gone. */
function editorFor(app: AdministeredApp, queueId = defaultQueueId): Editor {
  const queue = app.queues.find((item) => item.queueId === queueId) ?? sortQueues(app.queues)[0];
  return editorOf(app.appId, queue ? formFromQueue(queue) : newQueueForm());
}

/**
 * Where admins set up the queues of their workspace's apps: which customers each takes, when it is
 * open, what it answers by itself, who works in it; and delete a queue. Leaving a form with unsaved
 * changes asks first, and so does deleting.
 */
export function QueueSettingsDialog({ api, onSaved, onClose }: QueueSettingsDialogProps) {
  const [loaded, setLoaded] = useState<Loaded>({ status: 'loading' });
  const [editor, setEditor] = useState<Editor>();
  const [saving, setSaving] = useState(false);
  const [focusProblems, setFocusProblems] = useState(0);
  /** Leaving was asked for while the form had changes: what to do once the admin confirms. */
  const [leaving, setLeaving] = useState<{ go: () => void }>();
  const keepEditing = useRef<HTMLButtonElement>(null);
  /** Deleting the queue in the form was asked for: the admin confirms first. */
  const [deleting, setDeleting] = useState<'asking' | 'pending'>();
  const keepQueue = useRef<HTMLButtonElement>(null);

  const load = useCallback(() => {
    setLoaded({ status: 'loading' });
    api.administeredApps().then(
      (apps) => {
        setLoaded({ status: 'ready', apps });
        const [first] = apps;
        setEditor((current) => current ?? (first ? editorFor(first) : undefined));
      },
      (error: unknown) => {
        if (error instanceof AbortedError) return;
        setLoaded({ status: 'failed', problem: describeError(error) });
      },
    );
  }, [api]);
  useEffect(load, [load]);

  useEffect(() => {
    if (leaving) keepEditing.current?.focus();
  }, [leaving]);

  useEffect(() => {
    if (deleting === 'asking') keepQueue.current?.focus();
  }, [deleting]);

  const apps = loaded.status === 'ready' ? loaded.apps : [];
  const app = apps.find((item) => item.appId === editor?.appId);
  const queues = app ? sortQueues(app.queues) : [];
  const takenIds = queues.map((queue) => queue.queueId);
  const problems: FormProblem[] = editor?.attempted ? validateForm(editor.form, takenIds) : [];

  /** Runs `go` at once, or after the admin agreed to drop what they changed. */
  const leave = (go: () => void) => {
    if (saving || deleting === 'pending') return;
    setDeleting(undefined);
    if (editor && formChanged(editor.baseline, editor.form)) setLeaving({ go });
    else go();
  };

  const change = (patch: Partial<QueueForm>) =>
    setEditor(
      (current) =>
        current && {
          ...current,
          form: { ...current.form, ...patch },
          feedback: { problem: current.feedback.problem },
        },
    );

  const save = async () => {
    if (!editor || !app || saving) return;
    const submitted = editor.form;
    const found = validateForm(submitted, takenIds);
    setEditor({ ...editor, attempted: true, feedback: {} });
    if (found.length > 0) {
      setFocusProblems((count) => count + 1);
      return;
    }
    const savedMembers = app.queues.find((queue) => queue.queueId === submitted.queueId)?.memberIds ?? [];
    setSaving(true);
    const outcome = await saveQueue(api, app.appId, submitted, savedMembers);
    setSaving(false);
    if (outcome.queue) {
      const queue = outcome.queue;
      setLoaded((current) =>
        current.status === 'ready'
          ? { status: 'ready', apps: withSavedQueue(current.apps, app.appId, queue) }
          : current,
      );
      onSaved();
    }
    setEditor((current) => {
      if (!current) return current;
      if (outcome.status === 'refused') {
        // The input stays as the admin left it; a queue created before the members failed is no longer new.
        const form = outcome.queue ? { ...current.form, isNew: false } : current.form;
        return {
          ...current,
          baseline: outcome.queue ? formFromQueue(outcome.queue) : current.baseline,
          form,
          feedback: { problem: t('qs.notSaved', { problem: outcome.problem }) },
        };
      }
      const saved = { ...submitted, isNew: false, memberIds: outcome.queue.memberIds };
      const savedText =
        outcome.assigned === 0 ? t('qs.saved') : t('qs.savedHanded', { count: outcome.assigned });
      return {
        ...current,
        baseline: saved,
        // Anything typed while the save was on its way stays, and counts as a change.
        form: current.form === submitted ? saved : { ...current.form, isNew: false },
        attempted: false,
        feedback: { saved: savedText },
      };
    });
  };

  /** Deletes the queue in the form; the default queue, where its waiting customers went, opens. */
  const deleteQueue = async () => {
    if (!editor || !app) return;
    const { queueId, name } = editor.baseline;
    setDeleting('pending');
    try {
      const { moved } = await api.deleteQueue(app.appId, queueId);
      const remaining = { ...app, queues: app.queues.filter((queue) => queue.queueId !== queueId) };
      setLoaded((current) =>
        current.status === 'ready'
          ? {
              status: 'ready',
              apps: current.apps.map((each) => (each.appId === app.appId ? remaining : each)),
            }
          : current,
      );
      const next = editorFor(remaining);
      setEditor({ ...next, feedback: { saved: t('qs.deleted', { name, count: moved }) } });
      onSaved();
    } catch (error) {
      if (error instanceof AbortedError) return;
      setEditor((current) => current && { ...current, feedback: { problem: describeError(error) } });
    } finally {
      setDeleting(undefined);
    }
  };

  const selectQueue = (queueId: string) => {
    if (!app || editor?.form.queueId === queueId) return;
    leave(() => setEditor(editorFor(app, queueId)));
  };
  const startNewQueue = () => {
    if (!app) return;
    leave(() => setEditor(editorOf(app.appId, newQueueForm())));
  };
  const selectApp = (appId: string) => {
    const next = apps.find((item) => item.appId === appId);
    if (next) leave(() => setEditor(editorFor(next)));
  };

  return (
    <Modal title={t('qs.title')} wide onClose={() => leave(onClose)}>
      <LoadStatus
        state={loaded}
        loading={t('qs.loading')}
        failed={(problem) => t('qs.loadFailed', { problem })}
        retry={load}
        extraClass="queue-settings__placeholder"
      />
      {loaded.status === 'ready' && !app && (
        <p class="modal__placeholder queue-settings__placeholder">{t('qs.noApp')}</p>
      )}
      {app && editor && (
        <div class="queue-settings">
          <nav class="queue-settings__nav" aria-label={t('qs.nav')}>
            {apps.length > 1 ? (
              <label class="field">
                <span class="field__label">{t('qs.app')}</span>
                <select
                  class="queue-settings__app-select"
                  value={app.appId}
                  onChange={(event) => {
                    const { value } = event.currentTarget;
                    // The select shows the app in use until the admin agreed to leave the form.
                    event.currentTarget.value = app.appId;
                    selectApp(value);
                  }}
                >
                  {apps.map((item) => (
                    <option key={item.appId} value={item.appId}>
                      {item.name}
                    </option>
                  ))}
                </select>
              </label>
            ) : (
              <p class="queue-settings__app">
                <span class="queue-settings__app-label">{t('qs.app')}</span>
                <span class="queue-settings__app-name" title={app.appId}>
                  {app.name}
                </span>
              </p>
            )}
            <ul class="queue-settings__list">
              {queues.map((queue) => {
                const current = !editor.form.isNew && editor.form.queueId === queue.queueId;
                const members = queue.memberIds.length;
                return (
                  <li key={queue.queueId}>
                    <button
                      type="button"
                      class={`queue-settings__item${current ? ' queue-settings__item--current' : ''}`}
                      aria-current={current ? 'true' : undefined}
                      onClick={() => selectQueue(queue.queueId)}
                    >
                      <span class="queue-settings__item-name">{queue.name}</span>
                      <span class="queue-settings__item-meta">
                        <span class="mono">{queue.queueId}</span> · {t('qs.members', { count: members })}
                      </span>
                      <span class="queue-settings__item-meta">{hoursText(queue.businessHours)}</span>
                    </button>
                  </li>
                );
              })}
              {editor.form.isNew && (
                <li>
                  <span class="queue-settings__item queue-settings__item--current queue-settings__item--draft">
                    <span class="queue-settings__item-name">
                      {editor.form.name.trim() || t('qs.newQueue')}
                    </span>
                    <span class="queue-settings__item-meta">{t('qs.notSavedYet')}</span>
                  </span>
                </li>
              )}
            </ul>
            <button
              type="button"
              class="button button--small queue-settings__new"
              disabled={editor.form.isNew}
              onClick={startNewQueue}
            >
              {t('qs.newQueue')}
            </button>
          </nav>
          <div class="queue-settings__main">
            {leaving && (
              <div class="notice notice--warning queue-settings__leaving" role="alert">
                <p>
                  {editor.form.isNew ? t('qs.unsavedNew') : t('qs.unsaved', { name: editor.baseline.name })}
                </p>
                <div class="queue-settings__leaving-actions">
                  <button
                    type="button"
                    class="button button--small"
                    onClick={() => {
                      const { go } = leaving;
                      setLeaving(undefined);
                      go();
                    }}
                  >
                    {t('qs.discard')}
                  </button>
                  <button
                    type="button"
                    ref={keepEditing}
                    class="button button--small button--primary"
                    onClick={() => setLeaving(undefined)}
                  >
                    {t('qs.keepEditing')}
                  </button>
                </div>
              </div>
            )}
            {deleting && (
              <div class="notice notice--warning queue-settings__leaving" role="alert">
                <p>{t('qs.deleteQuestion', { name: editor.baseline.name })}</p>
                <div class="queue-settings__leaving-actions">
                  <button
                    type="button"
                    ref={keepQueue}
                    class="button button--small"
                    disabled={deleting === 'pending'}
                    onClick={() => setDeleting(undefined)}
                  >
                    {t('common.cancel')}
                  </button>
                  <button
                    type="button"
                    class="button button--small button--danger"
                    disabled={deleting === 'pending'}
                    onClick={() => void deleteQueue()}
                  >
                    {deleting === 'pending' ? t('qs.deleting') : t('qs.delete')}
                  </button>
                </div>
              </div>
            )}
            <QueueSettingsForm
              key={editor.session}
              form={editor.form}
              agents={app.agents}
              problems={problems}
              feedback={editor.feedback}
              saving={saving}
              onChange={change}
              onSave={() => void save()}
              onDelete={
                editor.form.isNew || editor.form.queueId === defaultQueueId
                  ? undefined
                  : () => setDeleting('asking')
              }
              focusProblems={focusProblems}
            />
          </div>
        </div>
      )}
    </Modal>
  );
}
