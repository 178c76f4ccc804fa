import { useEffect, useRef } from 'preact/hooks';
import { currentLocale, t } from '../i18n.ts';
import { bracketed, wechatEmoji } from '../wechat-emoji.ts';

const columns = 10;

interface EmojiPickerProps {
  /** Inserts the emoji's bracketed Chinese name, which WeChat shows as its face. */
  onPick(name: string): void;
  onClose(): void;
}

/**
 * WeChat's emoji panel: a grid the arrow keys move through, Enter or a click inserts one (the panel
 * stays open for the next), Escape closes it and hands the cursor back to the text.
 */
export function EmojiPicker({ onPick, onClose }: EmojiPickerProps) {
  const grid = useRef<HTMLDivElement>(null);
  useEffect(() => {
    grid.current?.querySelector<HTMLButtonElement>('button')?.focus();
  }, []);
  const english = currentLocale() === 'en';

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      onClose();
      return;
    }
    const steps: Record<string, number> = {
      ArrowRight: 1,
      ArrowLeft: -1,
      ArrowDown: columns,
      ArrowUp: -columns,
    };
    const step = steps[event.key];
    if (step === undefined) return;
    event.preventDefault();
    const buttons = [...(grid.current?.querySelectorAll<HTMLButtonElement>('button') ?? [])];
    const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
    buttons[Math.min(buttons.length - 1, Math.max(0, at + step))]?.focus();
  };

  return (
    <div class="emoji-picker" role="dialog" aria-label={t('composer.emojiPanel')} onKeyDown={onKeyDown}>
      <div ref={grid} class="emoji-picker__grid">
        {wechatEmoji.map((entry) => (
          <button
            key={entry.zh}
            type="button"
            class="emoji-picker__item"
            aria-label={english ? entry.en : entry.zh}
            title={bracketed(english ? entry.en : entry.zh)}
            onClick={() => onPick(bracketed(entry.zh))}
          >
            {entry.emoji}
          </button>
        ))}
      </div>
    </div>
  );
}
