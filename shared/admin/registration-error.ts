/** An operator's request that cannot be carried out as asked (unknown app, mixed workspaces, …). */
export class RegistrationError extends Error {
  constructor(
    message: string,
    /** `missing`: what it names does not exist (or is not the operator's to see). */
    readonly kind: 'missing' | 'invalid' = 'invalid',
  ) {
    super(message);
  }
}
