import { type MessageKey, t } from './i18n.ts';

/** The server's rule for a password someone chooses (shared/domain/agent.ts, `newPasswordSchema`). */
export const minPasswordLength = 8;
/** The same rule's upper end: longer ones are refused, and say nothing more about who types them. */
const maxPasswordLength = 256;

/** Why a password typed for an account cannot be used, in words; undefined when it can. */
export function passwordRuleProblem(password: string): string | undefined {
  const key: MessageKey | undefined =
    password.length < minPasswordLength
      ? 'password.tooShort'
      : password.length > maxPasswordLength
        ? 'password.tooLong'
        : undefined;
  return key && t(key, { min: minPasswordLength, max: maxPasswordLength });
}
