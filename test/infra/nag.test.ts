/**
 * cdk-nag (AwsSolutions): every finding is fixed or acknowledged next to its construct, with a reason.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acknowledgements, type Synthesized, synthesize } from './synth.ts';

let s: Synthesized;

beforeAll(() => {
  s = synthesize();
});

afterAll(() => s.cleanup());

describe('cdk-nag AwsSolutions checks', () => {
  it('leaves no unacknowledged error or warning', () => {
    const findings = s.nag.violations.map(
      (violation) =>
        `${violation.severity} ${violation.ruleName}: ${violation.violatingResources.map((r) => r.constructPath).join(', ')}`,
    );
    expect(findings).toEqual([]);
    expect(s.nag.success).toBe(true);
  });

  it('leaves the synthesis validation report without violations (nag and CDK annotations)', () => {
    const report = JSON.parse(readFileSync(join(s.assembly.directory, 'validation-report.json'), 'utf8')) as {
      pluginReports: { violations?: unknown[]; pluginName?: string }[];
    };
    const violations = report.pluginReports.flatMap((plugin) => plugin.violations ?? []);
    expect(violations).toEqual([]);
  });

  it('gives every acknowledgement a rule id and a reason of substance', () => {
    const acks = acknowledgements(s.app);
    expect(acks.length).toBeGreaterThan(0);
    for (const ack of acks) {
      expect(ack.id, ack.path).toMatch(/^(Annotation::)?AwsSolutions-[A-Z]+\d+(\[.+\])?$/);
      expect(ack.reason.trim().length, `${ack.path} ${ack.id}`).toBeGreaterThan(60);
    }
  });

  it('acknowledges nothing at the app or stack level (no blanket suppressions)', () => {
    const acks = acknowledgements(s.app);
    const blanket = acks.filter((ack) => ack.path === '' || ack.path === s.stack.node.path);
    expect(blanket).toEqual([]);
  });
});
