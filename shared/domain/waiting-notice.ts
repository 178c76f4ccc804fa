/**
 * What a waiting customer is told (one automatic message, when they join the queue): their place in
 * line while agents are busy, or that their message is kept when nobody is online at all (留言).
 */

export interface QueuePlace {
  /** 1 = next. */
  position: number;
  /** Everyone waiting, the customer included. */
  waiting: number;
  /** The estimated wait in minutes, where the queue's recent conversations allow one (queue-eta.ts). */
  etaMinutes?: number;
}

function estimate(minutes: number): string {
  return minutes > 60 ? '预计等待超过 1 小时' : `预计等待约 ${minutes} 分钟`;
}

export function waitingNotice(place: QueuePlace, anyAgentOnline: boolean): string {
  if (!anyAgentOnline) {
    return '您好，客服暂时不在线。您的留言我们已收到，客服上线后会第一时间回复您。';
  }
  const eta = place.etaMinutes === undefined ? '' : `，${estimate(place.etaMinutes)}`;
  return `您好，客服正忙。目前共有${place.waiting}人在排队，您在第${place.position}位${eta}，请稍候。`;
}
