import { newId } from '../domain/ids.ts';

/**
 * Agents' uploads live under their workspace, which is how a send proves the medium is theirs. An
 * upload is a draft (`drafts/<workspace>/<ULID>`) until it is sent: the bucket deletes drafts a week
 * after upload (infra/constructs/media-bucket.ts), so a picture an agent chose and never sent does
 * not stay for ever. Sending keeps a copy under `uploads/<workspace>/<ULID>`, the same id, which the
 * message refers to and which nothing deletes.
 *
 * A key is parsed against exactly these shapes (never prefix-matched), so `..`, its encodings,
 * backslashes or NULs can never point a send at another workspace's or app's media.
 */
export const draftsPrefix = 'drafts/';
export const draftLifetimeDays = 7;
const keptPrefix = 'uploads/';

const uploadKeyShape = /^(drafts|uploads)\/([a-z0-9][a-z0-9-]{0,62})\/([0-9A-HJKMNP-TV-Z]{26})$/;

export function newDraftKey(workspaceId: string): string {
  return `${draftsPrefix}${workspaceId}/${newId()}`;
}

/** The workspace that issued the key (a draft or a kept upload), or undefined for any other shape. */
export function uploadKeyWorkspace(key: string): string | undefined {
  return uploadKeyShape.exec(key)?.[2];
}

/** Where a sent upload is kept: the draft's id under `uploads/`; a key already kept is its own. */
export function keptUploadKey(key: string): string {
  return key.startsWith(draftsPrefix) ? `${keptPrefix}${key.slice(draftsPrefix.length)}` : key;
}
