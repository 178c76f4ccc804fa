/**
 * `media` in the manifest gives a function the media bucket: its name (MEDIA_BUCKET) and object reads,
 * or reads and writes. It must match the code, because the local runtime cannot tell: its functions
 * share one process, one environment and no IAM, so a function that touches the bucket without
 * declaring it works locally and fails in the cloud. A function whose imports reach a writer of the
 * media store (an object put or copied, or a link to put one) needs `readWrite`; one reaching only
 * readers needs `read`; one reaching neither gets nothing.
 */
import { posix } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { functions } from '../../../infra/manifest.ts';
import { parse, reachableFiles } from './sources.ts';

const mediaStore = 'shared/store/media-store.ts';
const writers = new Set(['putMedia', 'copyMedia', 'mediaUploadUrl']);

/** The media store's functions a file imports by name. */
function mediaStoreImportsOf(file: string): string[] {
  const names: string[] = [];
  for (const statement of parse(file).statements) {
    if (!ts.isImportDeclaration(statement) || statement.importClause?.isTypeOnly) continue;
    const specifier = (statement.moduleSpecifier as ts.StringLiteral).text;
    if (posix.join(posix.dirname(file), specifier) !== mediaStore) continue;
    const bindings = statement.importClause?.namedBindings;
    if (!bindings || !ts.isNamedImports(bindings)) continue;
    for (const element of bindings.elements) {
      if (!element.isTypeOnly) names.push((element.propertyName ?? element.name).text);
    }
  }
  return names;
}

function neededAccess(entry: string): 'read' | 'readWrite' | undefined {
  const used = [...reachableFiles(entry)].flatMap(mediaStoreImportsOf);
  if (used.some((name) => writers.has(name))) return 'readWrite';
  return used.length > 0 ? 'read' : undefined;
}

describe('media in infra/manifest.ts', () => {
  it("is what each function's code does with the media bucket", () => {
    const declared = Object.fromEntries(
      Object.entries(functions).map(([name, spec]) => [name, 'media' in spec ? spec.media : undefined]),
    );
    const needed = Object.fromEntries(
      Object.entries(functions).map(([name, spec]) => [name, neededAccess(spec.entry)]),
    );
    expect(Object.values(needed)).toContain('readWrite');
    expect(declared).toEqual(needed);
  });
});
