/** What an administrative action came to: an error is announced at once, anything else politely. */
export interface Outcome {
  tone: 'info' | 'error';
  text: string;
}

export function OutcomeNotice({ outcome }: { outcome: Outcome | undefined }) {
  if (!outcome) return null;
  return (
    <p class={`notice notice--${outcome.tone}`} role={outcome.tone === 'error' ? 'alert' : 'status'}>
      {outcome.text}
    </p>
  );
}
