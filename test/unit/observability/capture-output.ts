/**
 * Captures what a Lambda function writes: Powertools writes log lines and EMF metrics straight to
 * process.stdout and process.stderr (not through `console`), one JSON document per line.
 */
export interface CapturedOutput {
  /** Every line written, raw. */
  readonly lines: string[];
  /** The JSON log lines (not the metrics), parsed. */
  logs(): Record<string, unknown>[];
  /** The EMF metric documents, parsed. */
  metrics(): Record<string, unknown>[];
  /** Everything written, as one text, for "never contains" checks. */
  text(): string;
}

export async function captureOutput(work: () => Promise<unknown>): Promise<CapturedOutput> {
  const lines: string[] = [];
  const streams = [process.stdout, process.stderr];
  const writes = streams.map((stream) => stream.write);
  for (const stream of streams) {
    stream.write = ((chunk: string | Uint8Array) => {
      const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      lines.push(...text.split('\n').filter((line) => line.trim() !== ''));
      return true;
    }) as typeof stream.write;
  }
  try {
    await work();
  } finally {
    streams.forEach((stream, index) => {
      stream.write = writes[index] as typeof stream.write;
    });
  }
  const parsed = () =>
    lines.filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as Record<string, unknown>);
  return {
    lines,
    logs: () => parsed().filter((entry) => !('_aws' in entry)),
    metrics: () => parsed().filter((entry) => '_aws' in entry),
    text: () => lines.join('\n'),
  };
}

/** The metric names of an EMF document. */
export function metricNamesOf(emf: Record<string, unknown>): string[] {
  const aws = emf._aws as { CloudWatchMetrics: { Metrics: { Name: string }[] }[] };
  return aws.CloudWatchMetrics.flatMap((directive) => directive.Metrics.map((metric) => metric.Name));
}
