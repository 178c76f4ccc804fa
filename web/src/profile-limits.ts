import type * as server from '../../shared/domain/customer-profile.ts';

/**
 * What a customer profile may hold, for the panel's fields: the server's limits, repeated because the
 * console imports only types from outside web/; the type check fails if the two ever differ.
 */
export const profileLimits = {
  remarkName: 40,
  tag: 20,
  tags: 20,
  note: 2000,
} as const satisfies {
  remarkName: typeof server.maxRemarkNameLength;
  tag: typeof server.maxTagLength;
  tags: typeof server.maxTagsPerCustomer;
  note: typeof server.maxNoteLength;
};
