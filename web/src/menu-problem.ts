import { menuLimits } from '../../shared/domain/menu-limits.ts';
import { t } from './i18n.ts';
import type { OutgoingContent } from './outgoing-content.ts';

export type MenuDraft = Extract<OutgoingContent, { type: 'menu' }>;

const bytesOf = (text: string) => new TextEncoder().encode(text).length;

function tooManyBytes(label: string, text: string, limit: number): string | undefined {
  const bytes = bytesOf(text);
  return bytes > limit ? t('menu.tooManyBytes', { label, bytes, limit }) : undefined;
}

/** The first thing WeChat would refuse of the menu, in the agent's words (the server checks the same). */
export function menuProblem(menu: MenuDraft): string | undefined {
  if (!menu.head.trim()) return t('menu.addHead');
  const head = tooManyBytes(t('menu.field.head'), menu.head, menuLimits.headBytes);
  if (head) return head;
  const tail = tooManyBytes(t('menu.field.tail'), menu.tail, menuLimits.tailBytes);
  if (tail) return tail;
  const ids = new Set<string>();
  for (const [index, option] of menu.options.entries()) {
    const number = index + 1;
    if (!option.text.trim()) return t('menu.addOptionText', { number });
    const long = tooManyBytes(t('menu.field.option', { number }), option.text, menuLimits.optionTextBytes);
    if (long) return long;
    if (!menuLimits.optionIdPattern.test(option.id)) return t('menu.optionIdShape', { number });
    if (ids.has(option.id)) return t('menu.duplicateId', { id: option.id });
    ids.add(option.id);
  }
  return undefined;
}
