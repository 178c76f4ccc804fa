import { type Locale, localeStore } from '../i18n.ts';
import { useStore } from './use-store.ts';

/** The language in use; the component re-renders when the agent switches it. */
export function useLocale(): Locale {
  return useStore(localeStore);
}
