/** An operator's request that cannot be carried out as asked (unknown app, mixed workspaces, …). */
export class RegistrationError extends Error {}
