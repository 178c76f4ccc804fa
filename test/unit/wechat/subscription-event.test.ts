import { describe, expect, it } from 'vitest';
import { parseJsonMessage } from '../../../shared/wechat/json.ts';
import { parseInboundMessage } from '../../../shared/wechat/parse-inbound-message.ts';
import { subscriptionChoicesOf } from '../../../shared/wechat/subscription-event.ts';
import { parseXmlMessage } from '../../../shared/wechat/xml.ts';

const choicesOf = (fields: Record<string, unknown>) => {
  const message = parseInboundMessage(fields);
  if (message.kind !== 'unknown') throw new Error(`parsed as ${message.kind}`);
  return subscriptionChoicesOf(message.event, message.fields);
};

describe('subscriptionChoicesOf', () => {
  it('reads every template of an Official Account’s popup push (WeChat’s own XML example)', () => {
    const xml = `<xml>
      <ToUserName><![CDATA[gh_123456789abc]]></ToUserName>
      <FromUserName><![CDATA[otFpruAK8D-E6EfStSYonYSBZ8_4]]></FromUserName>
      <CreateTime>1610969440</CreateTime>
      <MsgType><![CDATA[event]]></MsgType>
      <Event><![CDATA[subscribe_msg_popup_event]]></Event>
      <SubscribeMsgPopupEvent>
        <List>
          <TemplateId><![CDATA[VRR0UEO9VJOLs0MHlU0OilqX6MVFDwH3_3gz3Oc0NIc]]></TemplateId>
          <SubscribeStatusString><![CDATA[accept]]></SubscribeStatusString>
          <PopupScene>2</PopupScene>
        </List>
        <List>
          <TemplateId><![CDATA[9nLIlbOQZC5Y89AZteFEux3WCXRRRG5Wfzkpssu4bLI]]></TemplateId>
          <SubscribeStatusString><![CDATA[reject]]></SubscribeStatusString>
          <PopupScene>2</PopupScene>
        </List>
      </SubscribeMsgPopupEvent>
    </xml>`;
    expect(choicesOf(parseXmlMessage(xml))).toEqual([
      { templateId: 'VRR0UEO9VJOLs0MHlU0OilqX6MVFDwH3_3gz3Oc0NIc', change: 'grant' },
    ]);
  });

  it('reads a Mini Program’s JSON push, whose List is an object for one template', () => {
    const json = JSON.stringify({
      ToUserName: 'gh_xxxxxxxxxx',
      FromUserName: 'o8dH44seYM3qeBzHlrmwI0sAtSfI',
      CreateTime: 1688953684,
      MsgType: 'event',
      Event: 'subscribe_msg_popup_event',
      List: {
        PopupScene: '0',
        SubscribeStatusString: 'accept',
        TemplateId: 'BDcgTGpwt7fcRVFhGh-NvjcASaWWmkwzN3y',
      },
    });
    expect(choicesOf(parseJsonMessage(json))).toEqual([
      { templateId: 'BDcgTGpwt7fcRVFhGh-NvjcASaWWmkwzN3y', change: 'grant' },
    ]);
  });

  it('reads a JSON List that is an array', () => {
    const json = JSON.stringify({
      ToUserName: 'gh_x',
      FromUserName: 'o8dH44seYM3qeBzHlrmwI0sAtSfI',
      CreateTime: 1688953684,
      MsgType: 'event',
      Event: 'subscribe_msg_popup_event',
      List: [
        { TemplateId: 'a', SubscribeStatusString: 'accept', PopupScene: '0' },
        { TemplateId: 'b', SubscribeStatusString: 'accept', PopupScene: '0' },
      ],
    });
    expect(choicesOf(parseJsonMessage(json)).map((choice) => choice.templateId)).toEqual(['a', 'b']);
  });

  it('takes a template turned off in the notice settings as none left, and a sent report as nothing', () => {
    const base = {
      ToUserName: 'gh_x',
      FromUserName: 'o8dH44seYM3qeBzHlrmwI0sAtSfI',
      CreateTime: 1,
      MsgType: 'event',
    };
    const change = {
      ...base,
      Event: 'subscribe_msg_change_event',
      'SubscribeMsgPopupEvent.List.TemplateId': 'a',
      'SubscribeMsgPopupEvent.List.SubscribeStatusString': 'reject',
    };
    expect(choicesOf(change)).toEqual([{ templateId: 'a', change: 'revoke' }]);
    const sent = {
      ...base,
      Event: 'subscribe_msg_sent_event',
      'SubscribeMsgSentEvent.List.TemplateId': 'a',
      'SubscribeMsgSentEvent.List.ErrorCode': '0',
    };
    expect(choicesOf(sent)).toEqual([]);
  });
});
