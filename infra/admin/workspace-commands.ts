/** `workspace add`: a new workspace and its first owner, whose password is typed at the prompt (or piped in). */
import * as z from 'zod/mini';
import { usernameSchema, workspaceIdSchema } from '../../shared/admin/registration.ts';
import { addWorkspace } from '../../shared/admin/workspace-registration.ts';
import { newPasswordSchema } from '../../shared/domain/password-schema.ts';
import { refusePasswordArgument } from './agent-commands.ts';
import { type CliValues, UsageError, validated } from './arguments.ts';
import { operatorIdentity } from './operator.ts';
import { readPassword } from './password-input.ts';

async function addWorkspaceCommand(values: CliValues): Promise<unknown> {
  refusePasswordArgument(values);
  if (!values.workspace) throw new UsageError('give the --workspace id');
  if (!values.owner) throw new UsageError('give the --owner username');
  const { workspaceId, owner } = validated(
    z.object({ workspaceId: workspaceIdSchema, owner: usernameSchema }),
    { workspaceId: values.workspace, owner: values.owner },
  );
  const { password } = validated(z.object({ password: newPasswordSchema }), {
    password: await readPassword(values['password-stdin'] === true, owner),
  });
  return addWorkspace(
    {
      workspaceId,
      name: values.name,
      owner: { username: owner, displayName: values['display-name'], password },
    },
    operatorIdentity(),
  );
}

export const workspaceCommands: Record<string, (values: CliValues) => Promise<unknown>> = {
  'workspace add': addWorkspaceCommand,
};
