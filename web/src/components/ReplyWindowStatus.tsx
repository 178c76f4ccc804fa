import { fullTime } from '../format-time.ts';
import { t } from '../i18n.ts';
import type { ReplyWindowView } from '../reply-window.ts';
import { Icon } from './Icon.tsx';

/**
 * What WeChat still allows, in the thread header: "4 of 5 replies left · window closes in 47 h",
 * "2 replies left in the next 40 s", or that the customer must write again. Not a live region: a
 * countdown read out every second would drown everything else.
 */
export function ReplyWindowStatus({ view }: { view: ReplyWindowView }) {
  const tone = !view.canSend ? 'closed' : view.low ? 'low' : 'open';
  return (
    <p
      class={`reply-window reply-window--${tone}`}
      data-testid="reply-window"
      title={
        view.closesAt !== undefined ? t('window.closesAt', { time: fullTime(view.closesAt) }) : undefined
      }
    >
      <Icon name="hourglass" size={14} />
      <span>{view.summary}</span>
    </p>
  );
}
