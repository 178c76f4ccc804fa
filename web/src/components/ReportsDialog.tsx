import type { FunctionComponent } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { describeError } from '../api.ts';
import { t } from '../i18n.ts';
import { LoadStatus } from './LoadStatus.tsx';
import { Modal } from './Modal.tsx';
import type { ReportsPanelProps } from './ReportsPanel.tsx';

interface ReportsDialogProps extends ReportsPanelProps {
  onClose: () => void;
}

type Loading =
  | { status: 'loading' }
  | { status: 'failed'; problem: string }
  | { status: 'ready'; Panel: FunctionComponent<ReportsPanelProps> };

/**
 * 报表 (owners and admins). The page and its chart library are a chunk of their own, fetched the first
 * time the dialog opens, so the console's first load carries none of it.
 */
export function ReportsDialog({ api, onClose }: ReportsDialogProps) {
  const [loading, setLoading] = useState<Loading>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);

  // `attempt` is the retry button's way to fetch again.
  useEffect(() => {
    let current = true;
    setLoading({ status: 'loading' });
    import('./ReportsPanel.tsx').then(
      ({ ReportsPanel }) => current && setLoading({ status: 'ready', Panel: ReportsPanel }),
      (error: unknown) => current && setLoading({ status: 'failed', problem: describeError(error) }),
    );
    return () => {
      current = false;
    };
  }, [attempt]);

  return (
    <Modal title={t('reports.title')} wide onClose={onClose}>
      {loading.status === 'ready' ? (
        <loading.Panel api={api} />
      ) : (
        <LoadStatus
          state={loading}
          loading={t('reports.loading')}
          failed={(problem) => t('reports.loadFailed', { problem })}
          retry={() => setAttempt((count) => count + 1)}
        />
      )}
    </Modal>
  );
}
