/**
 * What a customer chose about subscribe messages, from WeChat's pushes (the fields as flattened by the
 * XML and JSON codecs: `SubscribeMsgPopupEvent.List.TemplateId`, `…List[1].TemplateId`, `List.TemplateId`):
 * - `subscribe_msg_popup_event`: the customer answered the subscription popup, one `List` per template,
 *   `SubscribeStatusString` accept or reject, `PopupScene`
 *   (developers.weixin.qq.com/doc/service/guide/product/subscription_messages/push.html; a Mini
 *   Program's JSON push has `List` as an object when there is one template, an array otherwise:
 *   developers.weixin.qq.com/miniprogram/dev/framework/open-ability/subscribe-message.html);
 * - `subscribe_msg_change_event`: in the settings of service notices the customer turned a template off
 *   (only `reject` is pushed);
 * - `subscribe_msg_sent_event`: a report on a send, which grants or takes nothing.
 */

export interface SubscriptionChoice {
  templateId: string;
  /** accept: one more send of the template (一次性订阅); revoke: none left. */
  change: 'grant' | 'revoke';
}

const templateIdField = /^(.*\bList(?:\[\d+\])?)\.TemplateId$/;

export function subscriptionChoicesOf(
  event: string | undefined,
  fields: Record<string, string>,
): SubscriptionChoice[] {
  if (event !== 'subscribe_msg_popup_event' && event !== 'subscribe_msg_change_event') return [];
  const choices: SubscriptionChoice[] = [];
  for (const [name, templateId] of Object.entries(fields)) {
    const entry = templateIdField.exec(name)?.[1];
    if (entry === undefined || templateId === '') continue;
    const status = fields[`${entry}.SubscribeStatusString`];
    // A popup's reject changes nothing: it only means no grant was given this time.
    if (event === 'subscribe_msg_popup_event' && status === 'accept')
      choices.push({ templateId, change: 'grant' });
    if (event === 'subscribe_msg_change_event' && status === 'reject')
      choices.push({ templateId, change: 'revoke' });
  }
  return choices;
}
