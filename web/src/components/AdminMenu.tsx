import type { Abilities } from '../api.ts';
import { useDisclosure } from '../hooks/use-disclosure.ts';
import { type MessageKey, t } from '../i18n.ts';
import { Icon } from './Icon.tsx';

/** The administration screens, each opened from this menu. */
export type AdminView = 'floor' | 'reports' | 'team' | 'queues' | 'apps' | 'audit';

/** Each screen, its label, and the ability that offers it (the server's policy, from `/api/me`). */
const entries: readonly { view: AdminView; label: MessageKey; offered: (may: Abilities) => boolean }[] = [
  { view: 'floor', label: 'admin.floor', offered: (may) => may.watchFloor },
  { view: 'reports', label: 'admin.reports', offered: (may) => may.readReports },
  { view: 'team', label: 'admin.team', offered: (may) => may.administer },
  { view: 'queues', label: 'topbar.queueSettings', offered: (may) => may.administer },
  { view: 'apps', label: 'admin.apps', offered: (may) => may.manageApps },
  { view: 'audit', label: 'admin.audit', offered: (may) => may.readAudit },
];

interface AdminMenuProps {
  /** Unknown until `/api/me` answered: nothing is offered until then. */
  may: Abilities | undefined;
  onOpen: (view: AdminView) => void;
}

/**
 * "Administration" in the top bar: the screens the agent may use, as the server says (an agent who
 * may use none sees no menu). A disclosure like the account menu; in the narrow screen's menu it lies
 * open under a heading.
 */
export function AdminMenu({ may, onOpen }: AdminMenuProps) {
  const { open, setOpen, root, trigger } = useDisclosure<HTMLDivElement>();
  const offered = may ? entries.filter((entry) => entry.offered(may)) : [];
  if (offered.length === 0) return null;

  /** Focus waits on the trigger, so the screen opened gives it back there when it closes. */
  const choose = (view: AdminView) => {
    setOpen(false);
    trigger.current?.focus();
    onOpen(view);
  };

  return (
    <div class={`admin-menu${open ? ' admin-menu--open' : ''}`} ref={root}>
      <button
        ref={trigger}
        type="button"
        class={`button button--quiet admin-menu__trigger${open ? ' button--pressed' : ''}`}
        aria-expanded={open}
        aria-controls="admin-panel"
        onClick={() => setOpen(!open)}
      >
        <Icon name="tune" size={16} />
        {t('admin.menu')}
        <span class="account__caret" aria-hidden="true">
          ▾
        </span>
      </button>
      <div class="account__panel admin-menu__panel" id="admin-panel">
        <p class="admin-menu__heading">{t('admin.menu')}</p>
        {offered.map((entry) => (
          <button
            key={entry.view}
            class="button button--quiet account__item"
            type="button"
            aria-haspopup="dialog"
            onClick={() => choose(entry.view)}
          >
            {t(entry.label)}
          </button>
        ))}
      </div>
    </div>
  );
}
