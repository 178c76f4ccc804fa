import { newId } from '../domain/ids.ts';

/**
 * Agents' uploads live under their workspace: `uploads/<workspace>/<ULID>`, which is how a send proves
 * the picture is theirs. A key is parsed against exactly that shape (never prefix-matched), so `..`,
 * its encodings, backslashes or NULs can never point a send at another workspace's or app's media.
 */
const uploadKeyShape = /^uploads\/([a-z0-9][a-z0-9-]{0,62})\/([0-9A-HJKMNP-TV-Z]{26})$/;

export function newUploadKey(workspaceId: string): string {
  return `uploads/${workspaceId}/${newId()}`;
}

/** The workspace that issued the key, or undefined for anything not of the issued shape. */
export function uploadKeyWorkspace(key: string): string | undefined {
  return uploadKeyShape.exec(key)?.[1];
}
