/**
 * Placeholders in texts agents and admins write (quick replies as they are inserted, a queue's
 * pick-up and closing notices as they are sent): `{客户}` or `{customer}` becomes the
 * customer's name (a remark name) where one is known, else the form of address a shop's agents use
 * without one (亲, or "there" for `{customer}`: 您好，{客户} → 您好，亲; Hello {customer} → Hello there);
 * `{客服}` or `{agent}` becomes the agent's display name. Braces may be full-width (｛客户｝, as a Chinese
 * input method types them) and the English names any case. Anything else in braces stays as written.
 */

export interface PlaceholderValues {
  /**
   * The customer's name, when the console knows one. Never a remark name in what is sent
   * automatically: remark names are agents' private labels.
   */
  customerName?: string;
  agentName: string;
}

const placeholder = /[{｛](客户|customer|客服|agent)[}｝]/gi;

const customerFallback = { chinese: '亲', english: 'there' } as const;

export function fillPlaceholders(text: string, values: PlaceholderValues): string {
  return text.replace(placeholder, (_whole, name: string) => {
    switch (name.toLowerCase()) {
      case '客户':
        return values.customerName ?? customerFallback.chinese;
      case 'customer':
        return values.customerName ?? customerFallback.english;
      default:
        return values.agentName;
    }
  });
}
