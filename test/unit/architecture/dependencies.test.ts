/**
 * The dependency direction of ARCHITECTURE.md §3, checked on every import of the source files
 * (`import`, `export … from`, `import()`, `import type`, `typeof import()` and `require`):
 *
 * - `shared/domain` is pure logic. It imports nothing of the project outside `shared/domain`, not even
 *   types, since every other folder is an outer layer (store, conversations, admin, realtime, http,
 *   wechat, …); never a Node module with I/O, `@aws-sdk/*` or `@middy/*`; `aws-lambda` and other
 *   packages only for types, except the pure libraries it is built on (zod, ulid, re2js).
 * - `shared/store`, `shared/wechat`, `shared/realtime`, `shared/media` and `shared/outbound` sit below
 *   the workflows: they import nothing from `shared/conversations`, `shared/admin` or `functions/`.
 * - Nothing in `shared/` imports `functions/` or `infra/`.
 */
import { builtinModules } from 'node:module';
import { posix } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { parse, sourceFiles, where } from './sources.ts';

interface Import {
  readonly specifier: string;
  /** Erased at compile time: `import type`, `export type … from`, `typeof import()`. */
  readonly typeOnly: boolean;
  readonly at: string;
}

function importsOf(source: ts.SourceFile): Import[] {
  const found: Import[] = [];
  const add = (specifier: ts.Node | undefined, typeOnly: boolean, node: ts.Node) => {
    if (specifier && ts.isStringLiteralLike(specifier)) {
      found.push({ specifier: specifier.text, typeOnly, at: where(source, node) });
    }
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) add(node.moduleSpecifier, node.importClause?.isTypeOnly ?? false, node);
    else if (ts.isExportDeclaration(node)) add(node.moduleSpecifier, node.isTypeOnly, node);
    else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      add(node.moduleReference.expression, node.isTypeOnly, node);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      add(node.argument.literal, true, node);
    } else if (
      ts.isCallExpression(node) &&
      (node.expression.kind === ts.SyntaxKind.ImportKeyword ||
        (ts.isIdentifier(node.expression) && node.expression.text === 'require'))
    ) {
      add(node.arguments[0], false, node);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** The repository path a relative specifier points to, or undefined for a package. */
function target(file: string, specifier: string): string | undefined {
  return specifier.startsWith('.') ? posix.join(posix.dirname(file), specifier) : undefined;
}

function within(path: string, folder: string): boolean {
  return path === folder || path.startsWith(`${folder}/`);
}

/** Node modules that reach the disk, the network or other processes. */
const nodeIo = new Set([
  'fs',
  'net',
  'http',
  'https',
  'http2',
  'tls',
  'child_process',
  'dgram',
  'dns',
  'cluster',
]);
const nodeBuiltins = new Set(builtinModules);
/** Pure libraries the domain is built on: schemas, ids and a linear-time regex engine. */
const domainLibraries = new Set(['zod', 'ulid', 're2js']);

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}

function domainProblem(file: string, imported: Import): string | undefined {
  const path = target(file, imported.specifier);
  if (path !== undefined) {
    return within(path, 'shared/domain') ? undefined : 'shared/domain imports nothing from outer layers';
  }
  const name = imported.specifier.replace(/^node:/, '');
  const root = name.split('/')[0] ?? name;
  if (imported.specifier.startsWith('node:') || nodeBuiltins.has(name)) {
    return nodeIo.has(root) ? 'shared/domain does no I/O' : undefined;
  }
  const pkg = packageName(imported.specifier);
  if (pkg.startsWith('@aws-sdk/') || pkg.startsWith('@middy/')) return 'shared/domain knows nothing of AWS';
  if (imported.typeOnly || domainLibraries.has(pkg)) return undefined;
  return pkg === 'aws-lambda'
    ? 'shared/domain may use the types of aws-lambda only'
    : 'shared/domain may import this package for types only';
}

/** What a file may not import, by the folder it is in; undefined when the import is fine. */
function problem(file: string, imported: Import): string | undefined {
  if (within(file, 'shared/domain')) {
    const domain = domainProblem(file, imported);
    if (domain) return domain;
  }
  const path = target(file, imported.specifier);
  if (path === undefined) return undefined;
  if (
    ['shared/store', 'shared/wechat', 'shared/realtime', 'shared/media', 'shared/outbound'].some((folder) =>
      within(file, folder),
    )
  ) {
    if (['shared/conversations', 'shared/admin', 'functions'].some((folder) => within(path, folder))) {
      return 'storage, WeChat and the socket layer sit below the workflows and the handlers';
    }
  }
  if (within(file, 'shared') && (within(path, 'functions') || within(path, 'infra'))) {
    return 'shared/ imports neither functions/ nor infra/';
  }
  return undefined;
}

function dependencyProblems(source: ts.SourceFile): string[] {
  return importsOf(source).flatMap((imported) => {
    const why = problem(source.fileName, imported);
    return why ? [`${imported.at}: ${imported.specifier} (${why})`] : [];
  });
}

describe('dependencies', () => {
  it('point inwards, towards shared/domain', () => {
    const files = sourceFiles('shared');
    expect(files).toContain('shared/domain/conversation.ts');
    expect(files.flatMap((file) => dependencyProblems(parse(file)))).toEqual([]);
  });

  describe('the check', () => {
    it('finds what shared/domain may not import', () => {
      const source = parse(
        'shared/domain/example.ts',
        [
          "import { z } from 'zod';",
          "import type { Context } from 'aws-lambda';",
          "import { randomUUID } from 'node:crypto';",
          "import type { Queue } from './queue.ts';",
          "import { readFileSync } from 'node:fs';",
          "import { readFile } from 'fs/promises';",
          "import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';",
          "import middy from '@middy/core';",
          "import { Handler } from 'aws-lambda';",
          "import type { Actor } from '../store/actor-repository.ts';",
          "export { closeConversation } from '../conversations/conversation-closer.ts';",
          "const parser = await import('fast-xml-parser');",
        ].join('\n'),
      );
      expect(dependencyProblems(source)).toEqual([
        'shared/domain/example.ts:5: node:fs (shared/domain does no I/O)',
        'shared/domain/example.ts:6: fs/promises (shared/domain does no I/O)',
        'shared/domain/example.ts:7: @aws-sdk/client-dynamodb (shared/domain knows nothing of AWS)',
        'shared/domain/example.ts:8: @middy/core (shared/domain knows nothing of AWS)',
        'shared/domain/example.ts:9: aws-lambda (shared/domain may use the types of aws-lambda only)',
        'shared/domain/example.ts:10: ../store/actor-repository.ts (shared/domain imports nothing from outer layers)',
        'shared/domain/example.ts:11: ../conversations/conversation-closer.ts (shared/domain imports nothing from outer layers)',
        'shared/domain/example.ts:12: fast-xml-parser (shared/domain may import this package for types only)',
      ]);
    });

    it('finds a lower layer reaching up, and shared/ reaching into functions/ or infra/', () => {
      const store = parse(
        'shared/store/example.ts',
        [
          "import type { LifecycleOutcome } from '../conversations/lifecycle-outcome.ts';",
          "import { queueIdSchema } from '../admin/queue-registration.ts';",
          "import { routeKeys } from '../../functions/api.ts';",
          "import { coreTable } from './tables.ts';",
          "import type { Message } from '../domain/message.ts';",
        ].join('\n'),
      );
      const media = parse('shared/media/example.ts', "import { functions } from '../../infra/manifest.ts';");
      expect([...dependencyProblems(store), ...dependencyProblems(media)]).toEqual([
        'shared/store/example.ts:1: ../conversations/lifecycle-outcome.ts (storage, WeChat and the socket layer sit below the workflows and the handlers)',
        'shared/store/example.ts:2: ../admin/queue-registration.ts (storage, WeChat and the socket layer sit below the workflows and the handlers)',
        'shared/store/example.ts:3: ../../functions/api.ts (storage, WeChat and the socket layer sit below the workflows and the handlers)',
        'shared/media/example.ts:1: ../../infra/manifest.ts (shared/ imports neither functions/ nor infra/)',
      ]);
    });
  });
});
