import { useCallback, useEffect, useState } from 'preact/hooks';
import { AbortedError, type ApiClient, describeError, type ManagedApp } from '../api.ts';
import { appChangeBody, appCreationBody, enteredValues, formFromApp, newAppForm } from '../app-form.ts';
import { credentialsText } from '../credentials-text.ts';
import { t } from '../i18n.ts';
import { AppForm } from './AppForm.tsx';
import { AppSetup } from './AppSetup.tsx';
import { AppTable } from './AppTable.tsx';
import { LoadStatus } from './LoadStatus.tsx';
import { Modal } from './Modal.tsx';
import { type Outcome, OutcomeNotice } from './OutcomeNotice.tsx';

interface AppsDialogProps {
  api: Pick<
    ApiClient,
    'apps' | 'addApp' | 'changeApp' | 'setAppEnabled' | 'removeApp' | 'testAppCredentials'
  >;
  onClose: () => void;
}

type Loaded =
  | { status: 'loading' }
  | { status: 'failed'; problem: string }
  | { status: 'ready'; apps: ManagedApp[] };

type View =
  | { kind: 'list' }
  | { kind: 'add' }
  | { kind: 'edit'; app: ManagedApp }
  | { kind: 'setup'; app: ManagedApp; entered: { token?: string; encodingAesKey?: string } }
  | { kind: 'confirm'; app: ManagedApp; action: 'disable' | 'remove' };

/**
 * The workspace's WeChat apps (owners): adding and editing one, what to enter in WeChat's console,
 * testing the AppID and AppSecret against WeChat, and disabling, enabling or removing an app.
 */
export function AppsDialog({ api, onClose }: AppsDialogProps) {
  const [loaded, setLoaded] = useState<Loaded>({ status: 'loading' });
  const [view, setView] = useState<View>({ kind: 'list' });
  const [notice, setNotice] = useState<Outcome>();
  /** The app whose credentials are being tested, or enabled: its buttons wait. */
  const [pending, setPending] = useState<string>();

  const load = useCallback(() => {
    setLoaded({ status: 'loading' });
    api.apps().then(
      (apps) => setLoaded({ status: 'ready', apps }),
      (error: unknown) => {
        if (error instanceof AbortedError) return;
        setLoaded({ status: 'failed', problem: describeError(error) });
      },
    );
  }, [api]);
  useEffect(load, [load]);

  const remember = (app: ManagedApp) =>
    setLoaded((current) => {
      if (current.status !== 'ready') return current;
      const known = current.apps.some((each) => each.appId === app.appId);
      const apps = known
        ? current.apps.map((each) => (each.appId === app.appId ? app : each))
        : [...current.apps, app];
      return { ...current, apps };
    });

  const forget = (appId: string) =>
    setLoaded((current) =>
      current.status === 'ready'
        ? { ...current, apps: current.apps.filter((each) => each.appId !== appId) }
        : current,
    );

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

  const backToList = (text?: string) => {
    setView({ kind: 'list' });
    setNotice(text ? { tone: 'info', text } : undefined);
  };

  /** One action of the list, its outcome said above the list. */
  const act = async (app: ManagedApp, work: () => Promise<string>) => {
    setPending(app.appId);
    setNotice(undefined);
    try {
      setNotice({ tone: 'info', text: await work() });
    } catch (error) {
      if (!(error instanceof AbortedError)) setNotice({ tone: 'error', text: describeError(error) });
    } finally {
      setPending(undefined);
    }
  };

  const test = (app: ManagedApp) =>
    act(app, async () => {
      const result = await api.testAppCredentials(app.appId);
      return t('apps.tested', { name: app.name, result: credentialsText(app.appId, result) });
    });

  const enable = (app: ManagedApp) =>
    act(app, async () => {
      remember(await api.setAppEnabled(app.appId, true));
      return t('apps.enabled', { name: app.name });
    });

  return (
    <Modal title={t('apps.title')} wide onClose={onClose}>
      <div class="admin">
        <LoadStatus
          state={loaded}
          loading={t('apps.loading')}
          failed={(problem) => t('apps.loadFailed', { problem })}
          retry={load}
        />
        {loaded.status === 'ready' && view.kind === 'list' && (
          <>
            <div class="admin__toolbar">
              <p class="admin__intro">{t('apps.intro')}</p>
              <button
                type="button"
                class="button button--primary"
                onClick={() => {
                  setNotice(undefined);
                  setView({ kind: 'add' });
                }}
              >
                {t('apps.addTitle')}
              </button>
            </div>
            <OutcomeNotice outcome={notice} />
            {loaded.apps.length === 0 ? (
              <p class="queue-form__empty">{t('apps.none')}</p>
            ) : (
              <AppTable
                apps={loaded.apps}
                pending={pending}
                onSetup={(app) => setView({ kind: 'setup', app, entered: {} })}
                onEdit={(app) => setView({ kind: 'edit', app })}
                onTest={(app) => void test(app)}
                onEnable={(app) => void enable(app)}
                onDisable={(app) => setView({ kind: 'confirm', app, action: 'disable' })}
                onRemove={(app) => setView({ kind: 'confirm', app, action: 'remove' })}
              />
            )}
          </>
        )}
        {view.kind === 'add' && (
          <AppForm
            mode="add"
            initial={newAppForm()}
            onCancel={() => backToList()}
            onSubmit={(form) =>
              attempt(async () => {
                const app = await api.addApp(appCreationBody(form));
                remember(app);
                setView({ kind: 'setup', app, entered: enteredValues(form) });
              })
            }
          />
        )}
        {view.kind === 'edit' && (
          <AppForm
            mode="edit"
            initial={formFromApp(view.app)}
            app={view.app}
            onCancel={() => backToList()}
            onSubmit={(form) =>
              attempt(async () => {
                const app = await api.changeApp(view.app.appId, appChangeBody(form));
                remember(app);
                const entered = enteredValues(form);
                // A new Token or key must be entered in WeChat too: the setup shows them this once.
                if (entered.token || entered.encodingAesKey) setView({ kind: 'setup', app, entered });
                else backToList(t('apps.saved', { name: app.name }));
              })
            }
          />
        )}
        {view.kind === 'setup' && (
          <AppSetup app={view.app} entered={view.entered} onDone={() => backToList()} />
        )}
        {view.kind === 'confirm' && (
          <AppConfirmation
            app={view.app}
            action={view.action}
            onCancel={() => backToList()}
            onConfirm={() =>
              attempt(async () => {
                if (view.action === 'disable') {
                  remember(await api.setAppEnabled(view.app.appId, false));
                  backToList(t('apps.disabledDone', { name: view.app.name }));
                } else {
                  await api.removeApp(view.app.appId);
                  forget(view.app.appId);
                  backToList(t('apps.removed', { name: view.app.name }));
                }
              })
            }
          />
        )}
      </div>
    </Modal>
  );
}

interface AppConfirmationProps {
  app: ManagedApp;
  action: 'disable' | 'remove';
  /** Resolves to the refusal in words, or undefined once done. */
  onConfirm: () => Promise<string | undefined>;
  onCancel: () => void;
}

/** Disabling or removing an app stops its customers reaching anyone, so it says so and asks first. */
function AppConfirmation({ app, action, onConfirm, onCancel }: AppConfirmationProps) {
  const [pending, setPending] = useState(false);
  const [problem, setProblem] = useState<string>();
  const confirm = async () => {
    setPending(true);
    setProblem(undefined);
    const refusal = await onConfirm();
    if (refusal === undefined) return;
    setPending(false);
    setProblem(refusal);
  };
  const remove = action === 'remove';
  return (
    <section class="admin-form" aria-labelledby="app-confirm-title">
      <h3 class="admin-form__title" id="app-confirm-title">
        {remove ? t('apps.removeTitle', { name: app.name }) : t('apps.disableTitle', { name: app.name })}
      </h3>
      <p>{remove ? t('apps.removeBody') : t('apps.disableBody')}</p>
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
          {pending ? t('apps.working') : remove ? t('apps.remove') : t('team.disable')}
        </button>
      </div>
    </section>
  );
}
