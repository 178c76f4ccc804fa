import type { WeChatApp } from '../domain/app.ts';
import { isContactKey } from '../domain/menu-keys.ts';
import { grantOf, kindOfPush, type PushKind } from '../domain/push-kinds.ts';
import { pushSetAside } from '../observability/events.ts';
import { recordLastLocation } from '../store/customer-location-repository.ts';
import { type PushRecord, recordPushOnce } from '../store/push-records-repository.ts';
import { recordSubscriptionPush } from '../store/subscription-grants-repository.ts';
import type { InboundMessage } from '../wechat/inbound-message.ts';
import { toMessageContent } from '../wechat/message-content.ts';
import { dedupeKey } from '../wechat/parse-inbound-message.ts';
import { subscriptionChoicesOf } from '../wechat/subscription-event.ts';
import { receiveCustomerMessage } from './receive-customer-message.ts';

/** The MsgType and Event WeChat gave the push, whichever way it was modelled. */
export function pushIdentityOf(message: InboundMessage) {
  const msgType = message.kind === 'unknown' ? message.msgType : message.kind;
  const event =
    message.kind === 'event' ? message.event : message.kind === 'unknown' ? message.event : undefined;
  return {
    msgType,
    ...(event === undefined ? {} : { event }),
    hasMsgId: 'msgId' in message && !!message.msgId,
  };
}

function opens(kind: PushKind, app: WeChatApp, message: InboundMessage): boolean {
  if (kind.opens === 'always') return true;
  if (kind.opens === 'never') return false;
  return 'eventKey' in message && isContactKey(app.menuKeys, message.eventKey);
}

/**
 * What one verified push does, as its row of the table says (domain/push-kinds.ts): customer
 * messages, interactions and notices go to the customer's conversation; a location report updates
 * where the customer is; everything else is kept for audit, never shown as the customer's message and
 * never taken as the customer's activity. Each path is idempotent under WeChat's retries.
 */
export async function receivePush(app: WeChatApp, message: InboundMessage): Promise<void> {
  const identity = pushIdentityOf(message);
  const kind = kindOfPush(identity);
  const key = dedupeKey(message);
  switch (kind.pushClass) {
    case 'customer-message':
    case 'interaction':
    case 'notice':
      await receiveCustomerMessage(app, {
        openId: message.fromOpenId,
        dedupeKey: key,
        content: toMessageContent(message),
        wechatMsgId: 'msgId' in message ? message.msgId : undefined,
        wechatCreateTime: message.createTime,
        opens: opens(kind, app, message),
        grant: grantOf(kind, app.type),
      });
      return;
    case 'context':
      // Reported every few seconds while the customer has the chat open: only the latest matters.
      if (message.kind === 'event' && message.event === 'LOCATION') {
        await recordLastLocation(app.appId, message.fromOpenId, {
          latitude: message.latitude,
          longitude: message.longitude,
          ...(message.precision === undefined ? {} : { precision: message.precision }),
          at: message.createTime * 1000,
        });
        return;
      }
      break;
    case 'delivery-report':
    case 'other':
      break;
  }
  const fields = message.kind === 'unknown' ? message.fields : {};
  const record: PushRecord = {
    appId: app.appId,
    openId: message.fromOpenId,
    pushClass: kind.pushClass,
    ...identity,
    createTime: message.createTime,
    dedupeKey: key,
    ...(kind.pushClass === 'delivery-report' && fields.MsgID ? { reportsOn: fields.MsgID } : {}),
    fields,
  };
  // A customer's grant of subscribe messages is counted with the push, so a retry counts nothing.
  const choices = subscriptionChoicesOf(identity.event, fields);
  const stored =
    choices.length > 0 ? await recordSubscriptionPush(record, choices) : await recordPushOnce(record);
  if (stored) pushSetAside(kind.pushClass, identity.event ?? identity.msgType);
}
