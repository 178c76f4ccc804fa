import type { ManagedApp } from '../api.ts';
import { t } from '../i18n.ts';

interface AppTableProps {
  apps: readonly ManagedApp[];
  /** An app being tested or enabled: its buttons wait. */
  pending?: string;
  onSetup: (app: ManagedApp) => void;
  onEdit: (app: ManagedApp) => void;
  onTest: (app: ManagedApp) => void;
  onEnable: (app: ManagedApp) => void;
  onDisable: (app: ManagedApp) => void;
  onRemove: (app: ManagedApp) => void;
}

/**
 * The workspace's WeChat apps, one row each: kind, format, encryption and whether it is enabled, and
 * what can be done to it. At phone width each row becomes a card, its cells labelled.
 */
export function AppTable({
  apps,
  pending,
  onSetup,
  onEdit,
  onTest,
  onEnable,
  onDisable,
  onRemove,
}: AppTableProps) {
  return (
    <table class="admin-table">
      <thead>
        <tr>
          <th scope="col">{t('apps.column.app')}</th>
          <th scope="col">{t('apps.type')}</th>
          <th scope="col">{t('apps.format')}</th>
          <th scope="col">{t('apps.column.mode')}</th>
          <th scope="col">{t('apps.column.status')}</th>
          <th scope="col">
            <span class="visually-hidden">{t('team.column.actions')}</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {apps.map((app) => (
          <tr
            key={app.appId}
            data-app-id={app.appId}
            class={app.disabled ? 'admin-table__row--disabled' : undefined}
          >
            <th scope="row" data-label={t('apps.column.app')}>
              <div>
                <span class="admin-table__name">{app.name}</span>
                <span class="admin-table__sub mono">{app.appId}</span>
              </div>
            </th>
            <td data-label={t('apps.type')}>{t(`apps.type.${app.type}`)}</td>
            <td data-label={t('apps.format')}>{t(`apps.format.${app.format}`)}</td>
            <td data-label={t('apps.column.mode')}>
              {app.encrypted ? t('apps.secureMode') : t('apps.plaintextModeShort')}
            </td>
            <td data-label={t('apps.column.status')}>
              {app.disabled ? (
                <span class="chip chip--disabled">{t('apps.disabled')}</span>
              ) : (
                <span class="chip chip--active">{t('apps.enabledState')}</span>
              )}
            </td>
            <td class="admin-table__actions">
              <div class="admin-table__buttons">
                <button
                  type="button"
                  class="button button--small"
                  aria-label={t('apps.setupWhat', { name: app.name })}
                  onClick={() => onSetup(app)}
                >
                  {t('apps.setup')}
                </button>
                <button
                  type="button"
                  class="button button--small"
                  aria-label={t('apps.editWhat', { name: app.name })}
                  onClick={() => onEdit(app)}
                >
                  {t('team.edit')}
                </button>
                <button
                  type="button"
                  class="button button--small"
                  disabled={pending === app.appId}
                  aria-label={t('apps.testWhat', { name: app.name })}
                  onClick={() => onTest(app)}
                >
                  {pending === app.appId ? t('apps.testing') : t('apps.test')}
                </button>
                {app.disabled ? (
                  <button
                    type="button"
                    class="button button--small"
                    disabled={pending === app.appId}
                    aria-label={t('apps.enableWhat', { name: app.name })}
                    onClick={() => onEnable(app)}
                  >
                    {t('team.enable')}
                  </button>
                ) : (
                  <button
                    type="button"
                    class="button button--small button--danger-quiet"
                    aria-label={t('apps.disableWhat', { name: app.name })}
                    onClick={() => onDisable(app)}
                  >
                    {t('team.disable')}
                  </button>
                )}
                <button
                  type="button"
                  class="button button--small button--danger-quiet"
                  aria-label={t('apps.removeWhat', { name: app.name })}
                  onClick={() => onRemove(app)}
                >
                  {t('apps.remove')}
                </button>
              </div>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
