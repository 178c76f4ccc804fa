import { newId } from '../domain/ids.ts';

/** Agents' uploads live under their workspace, which is how a send proves the picture is theirs. */
export function uploadKeyPrefix(workspaceId: string): string {
  return `uploads/${workspaceId}/`;
}

export function newUploadKey(workspaceId: string): string {
  return `${uploadKeyPrefix(workspaceId)}${newId()}`;
}
