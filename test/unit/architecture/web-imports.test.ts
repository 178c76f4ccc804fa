/**
 * The console (web/) is built and shipped on its own, to browsers. From outside web/ it may import
 * types only, and only the protocol and domain types it shares with the backend: a value import would
 * pull server code into the bundle, and a type from the backend's internals would tie the console to
 * how the backend is built. The one exception is a short list of domain modules that import nothing
 * and whose answers both sides must agree on exactly: the placeholders agents and admins type (filled
 * by the console in quick replies, by the backend in automatic messages), the reading of a voice's
 * or video's bytes and a menu message's limits (checked by the console before sending, by the server
 * after), and where a conversation stands against its queue's response-time targets (the list and the
 * floor tick it on the console's clock; the server checks the targets' limits). Within web/, and from the npm packages the project declares, it imports
 * freely. Under `verbatimModuleSyntax` only `import type` (and `export type … from`) is erased:
 * `import { type X }` still loads the module at run time, so it counts as a value import here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const repositoryRoot = resolve(import.meta.dirname, '../../..');

/** What web/ may import from outside, type-only; paths from the repository root. */
const sharedTypes = [/^shared\/domain\/[^/]+\.ts$/, /^shared\/realtime\/frames\.ts$/];

/** What web/ may also run from outside: modules that import nothing, so nothing else comes along. */
const sharedRuntime = new Set([
  'shared/domain/placeholders.ts',
  'shared/domain/voice-video-upload.ts',
  'shared/domain/menu-limits.ts',
  'shared/domain/sla.ts',
]);

interface ModuleReference {
  specifier: string;
  /** Erased by the compiler: nothing of the module reaches the bundle. */
  typeOnly: boolean;
  line: number;
}

function moduleReferences(fileName: string, text: string): ModuleReference[] {
  const kind = fileName.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, kind);
  const references: ModuleReference[] = [];
  const add = (node: ts.Node, specifier: ts.Node | undefined, typeOnly: boolean) => {
    if (!specifier || !ts.isStringLiteralLike(specifier)) return;
    const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
    references.push({ specifier: specifier.text, typeOnly, line });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) {
      add(node, node.moduleSpecifier, node.importClause?.isTypeOnly ?? false);
    } else if (ts.isExportDeclaration(node)) {
      add(node, node.moduleSpecifier, node.isTypeOnly);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      add(node, node.moduleReference.expression, node.isTypeOnly);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      add(node, node.argument.literal, true);
    } else if (
      ts.isCallExpression(node) &&
      (node.expression.kind === ts.SyntaxKind.ImportKeyword ||
        (ts.isIdentifier(node.expression) && node.expression.text === 'require'))
    ) {
      add(node, node.arguments[0], false);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return references;
}

function declaredPackages(): Set<string> {
  const manifest = JSON.parse(readFileSync(join(repositoryRoot, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
    devDependencies?: Record<string, string>;
  };
  return new Set([
    ...Object.keys(manifest.dependencies ?? {}),
    ...Object.keys(manifest.devDependencies ?? {}),
  ]);
}

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return (specifier.startsWith('@') ? parts.slice(0, 2) : parts.slice(0, 1)).join('/');
}

/** What is wrong with one import of a file under web/ (a path from the repository root), if anything. */
function problemWith(
  file: string,
  reference: ModuleReference,
  packages: ReadonlySet<string>,
): string | undefined {
  const { specifier, typeOnly } = reference;
  if (specifier.startsWith('.')) {
    const target = join(dirname(file), specifier).replaceAll('\\', '/');
    if (target.startsWith('web/')) return undefined;
    if (!typeOnly && sharedRuntime.has(target)) return undefined;
    if (!typeOnly) return `imports ${target} at run time: from outside web/ only \`import type\` is allowed`;
    if (!sharedTypes.some((allowed) => allowed.test(target))) {
      return `imports types from ${target}: from outside web/ only shared/domain/* and shared/realtime/frames.ts`;
    }
    return undefined;
  }
  if (specifier.startsWith('node:')) {
    // The build's own configuration runs in Node; the app runs in the browser.
    return file.startsWith('web/src/') ? `imports ${specifier}, which browsers do not have` : undefined;
  }
  if (specifier.startsWith('/') || /^[a-z][a-z0-9+.-]*:/i.test(specifier)) {
    return `imports ${specifier}: only relative paths within web/ and npm packages`;
  }
  if (!packages.has(packageName(specifier))) {
    return `imports ${specifier}, which is not a package declared in package.json`;
  }
  return undefined;
}

function problemsIn(file: string, text: string, packages: ReadonlySet<string>): string[] {
  return moduleReferences(file, text).flatMap((reference) => {
    const problem = problemWith(file, reference, packages);
    return problem ? [`${file}:${reference.line} ${problem}`] : [];
  });
}

function webSources(): string[] {
  const found: string[] = [];
  const walk = (folder: string) => {
    for (const entry of readdirSync(join(repositoryRoot, folder), { withFileTypes: true })) {
      const path = `${folder}/${entry.name}`;
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules' && entry.name !== 'dist') walk(path);
      } else if (/\.(ts|tsx|mts|js|jsx|mjs)$/.test(entry.name)) {
        found.push(path);
      }
    }
  };
  walk('web');
  return found;
}

describe('web/ imports', () => {
  it('run nothing from outside but modules that import nothing themselves', () => {
    for (const module of sharedRuntime) {
      const references = moduleReferences(module, readFileSync(join(repositoryRoot, module), 'utf8'));
      expect(references, module).toEqual([]);
    }
  });

  it('keep to the dependency rule in every file', () => {
    const packages = declaredPackages();
    const files = webSources();
    expect(files.length).toBeGreaterThan(50);
    const problems = files.flatMap((file) =>
      problemsIn(file, readFileSync(join(repositoryRoot, file), 'utf8'), packages),
    );
    expect(problems).toEqual([]);
  });

  it('tell an erased import of protocol or domain types from anything else', () => {
    const packages = new Set(['preact']);
    const check = (file: string, line: string) => problemsIn(file, line, packages);
    const inSrc = (line: string) => check('web/src/console/part.ts', line);

    expect(inSrc("import type { Message } from '../../../shared/domain/message.ts';")).toEqual([]);
    expect(inSrc("export type { ServerFrame } from '../../../shared/realtime/frames.ts';")).toEqual([]);
    expect(inSrc("type M = import('../../../shared/domain/message.ts').Message;")).toEqual([]);
    expect(inSrc("import { Store } from '../store.ts';")).toEqual([]);
    expect(inSrc("import '../styles.css';")).toEqual([]);
    expect(inSrc("import { fillPlaceholders } from '../../../shared/domain/placeholders.ts';")).toEqual([]);
    expect(inSrc("import { useState } from 'preact/hooks';")).toEqual([]);
    expect(check('web/vite.config.ts', "import { join } from 'node:path';")).toEqual([]);

    const refused = [
      "import { stateFor } from '../../../shared/domain/conversation.ts';",
      "import { type Message } from '../../../shared/domain/message.ts';",
      "import type { Tables } from '../../../shared/store/tables.ts';",
      "export { handler } from '../../../functions/api.ts';",
      "const frames = await import('../../../shared/realtime/frames.ts');",
      "import '../../../infra/app.ts';",
      "import { padStart } from 'left-pad';",
      "import { readFile } from 'node:fs/promises';",
      "import { x } from '/shared/domain/message.ts';",
    ];
    for (const line of refused) expect(inSrc(line), line).toHaveLength(1);
  });
});
