/**
 * What a waiting customer is told (one automatic message, when they join the queue): their place in
 * line while agents are busy, or that their message is kept when nobody is online at all (留言).
 */

export interface QueuePlace {
  /** 1 = next. */
  position: number;
  /** Everyone waiting, the customer included. */
  waiting: number;
}

export function waitingNotice(place: QueuePlace, anyAgentOnline: boolean): string {
  if (!anyAgentOnline) {
    return '您好，客服暂时不在线。您的留言我们已收到，客服上线后会第一时间回复您。';
  }
  return `您好，客服正忙。目前共有${place.waiting}人在排队，您在第${place.position}位，请稍候。`;
}
