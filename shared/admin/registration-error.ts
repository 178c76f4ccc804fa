/** An operator's request that cannot be carried out as asked (unknown app, mixed workspaces, …). */
export class RegistrationError extends Error {
  constructor(
    message: string,
    /**
     * `missing`: what it names does not exist (or is not the operator's to see); `conflict`: it
     * cannot be done in the present state (the last owner, an app with open conversations, …).
     */
    readonly kind: 'missing' | 'invalid' | 'conflict' = 'invalid',
    /** A stable name for this refusal (`last_owner`, …), so a client can say it in its own words. */
    readonly code?: string,
  ) {
    super(message);
  }
}

/** The acting agent's role does not allow this (the policy of `shared/domain/permissions.ts` said no). */
export class NotAllowedError extends Error {
  constructor(
    message: string,
    /** A stable name for this refusal (`owner_only`, …), so a client can say it in its own words. */
    readonly code?: string,
  ) {
    super(message);
  }
}
