/**
 * Limits of a menu message. WeChat's Official Account documentation (sendCustomMessage, "发送菜单消息",
 * developers.weixin.qq.com/doc/service/api/customer/message/api_sendcustommessage) gives the shape
 * `msgmenu{head_content, list[{id, content}], tail_content}` and no limits; these are the ones WeChat
 * documents for the same message of its customer-service API for WeCom ("菜单消息",
 * developer.work.weixin.qq.com/document/path/94677): head and tail at most 1024 bytes, at most 10
 * options, an id of 1 to 64 bytes and an option's text of 1 to 128 bytes. Ids are kept to letters,
 * digits, - and _, as WeChat hands them back inside an XML element (`bizmsgmenuid`).
 */
export const menuLimits = {
  headBytes: 1024,
  tailBytes: 1024,
  options: 10,
  optionTextBytes: 128,
  optionIdPattern: /^[A-Za-z0-9_-]{1,64}$/,
} as const;
