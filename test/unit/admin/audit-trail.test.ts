import { describe, expect, it, vi } from 'vitest';
import { recordAudit } from '../../../shared/admin/audit-trail.ts';
import { auditMonthsBetween, changesBetween } from '../../../shared/domain/audit.ts';
import { logger } from '../../../shared/observability/logger.ts';

vi.mock('../../../shared/store/audit-repository.ts', () => ({
  putAuditEvent: vi.fn(async () => {
    throw new Error('ProvisionedThroughputExceededException');
  }),
  queryAuditEvents: vi.fn(),
}));

describe('recording an audit event', () => {
  it('never fails what it records: a failed write is logged and the call resolves', async () => {
    const logged = vi.spyOn(logger, 'error').mockImplementation(() => {});
    await expect(
      recordAudit({
        workspaceId: 'w1',
        kind: 'agent.disabled',
        who: { agentId: 'a1', username: 'ann' },
        source: { ip: '203.0.113.7' },
        summary: 'disabled bob',
      }),
    ).resolves.toBeUndefined();
    expect(logged).toHaveBeenCalledWith(
      'audit event not written',
      expect.objectContaining({ kind: 'agent.disabled', workspaceId: 'w1' }),
    );
  });
});

describe('the audit trail’s months', () => {
  it('are those a time range spans, newest first, across a year’s end', () => {
    expect(
      auditMonthsBetween(Date.parse('2025-11-20T00:00:00Z'), Date.parse('2026-02-01T00:00:00Z')),
    ).toEqual(['2026-02', '2026-01', '2025-12', '2025-11']);
    const day = Date.parse('2026-03-05T12:00:00Z');
    expect(auditMonthsBetween(day, day)).toEqual(['2026-03']);
  });

  it('record only the fields that changed', () => {
    expect(changesBetween({ capacity: 5, name: 'a' }, { capacity: 6, name: 'a', role: undefined })).toEqual({
      capacity: { from: 5, to: 6 },
    });
  });
});
