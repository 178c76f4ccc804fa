/** How the local runtime shows what a function printed: one readable line per log line. */
import { describe, expect, it } from 'vitest';
import { readableLine } from '../../../infra/local/function-logs.ts';

const at = new Date(2025, 11, 4, 12, 3, 4);

describe('readableLine', () => {
  it('shows a Powertools line as time, level, function, message and its own fields, request id last', () => {
    const line = JSON.stringify({
      level: 'WARN',
      message: 'callback rejected',
      timestamp: at.toISOString(),
      service: 'wechat-cs',
      cold_start: true,
      function_arn: 'arn:aws:lambda:ap-east-1:000000000000:function:wechatCallback',
      function_memory_size: '512',
      function_name: 'wechatCallback',
      function_request_id: 'c6af9ac6-7b61-11e6-9a41-93e812345678',
      sampling_rate: 0,
      correlation_id: 'Kx3vZb1WoAMEVcQ=',
      status: 401,
      reason: 'signature_mismatch',
      appId: 'wx5eed0000000de300',
      method: 'POST',
    });
    expect(readableLine(line, 'wechat-callback')).toBe(
      '12:03:04 WARN wechat-callback callback rejected status=401 reason=signature_mismatch ' +
        'appId=wx5eed0000000de300 method=POST correlation_id=Kx3vZb1WoAMEVcQ=',
    );
  });

  it('quotes values with spaces and puts an error’s stack under its line', () => {
    const line = JSON.stringify({
      level: 'ERROR',
      message: 'send to WeChat failed',
      timestamp: at.toISOString(),
      reason: 'The message is longer than WeChat accepts.',
      errcode: 45002,
      error: {
        name: 'TypeError',
        location: 'file:///repo/shared/x.ts:1:1',
        message: 'boom',
        stack: 'TypeError: boom\n    at f (file:///repo/shared/x.ts:1:1)',
      },
    });
    expect(readableLine(line, 'dispatch')).toBe(
      '12:03:04 ERROR dispatch send to WeChat failed reason="The message is longer than WeChat accepts." ' +
        'errcode=45002 error="TypeError: boom"\n    at f (file:///repo/shared/x.ts:1:1)',
    );
  });

  it('shows an EMF document as its metrics and dimensions', () => {
    const line = JSON.stringify({
      _aws: {
        Timestamp: at.getTime(),
        CloudWatchMetrics: [
          {
            Namespace: 'WeChatCs',
            Dimensions: [['service', 'reason']],
            Metrics: [{ Name: 'CallbackRejected', Unit: 'Count' }],
          },
        ],
      },
      service: 'wechat-callback',
      reason: 'unknown_app',
      CallbackRejected: 1,
    });
    expect(readableLine(line, 'wechat-callback')).toBe(
      '12:03:04 METRIC wechat-callback CallbackRejected=1 reason=unknown_app',
    );
  });

  it('shows anything else as it is, after the time and the function', () => {
    expect(readableLine('plain text from a library', 'api', at)).toBe(
      '12:03:04 api plain text from a library',
    );
    expect(readableLine('{"not":"a log line"}', 'api', at)).toBe('12:03:04 api {"not":"a log line"}');
  });
});
