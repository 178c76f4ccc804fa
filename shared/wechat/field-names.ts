/**
 * Sets field `name` of `record` to `value`, unless the record has that field already: then it returns
 * false, as it does for the name of a member of Object.prototype, which any object has.
 *
 * The names WeChat's pushes hold most (those of every message, of the commonest kinds, and of an
 * encrypted push's envelope) are read and set where they are written out: a name held in a variable
 * makes each access one the engine resolves generically, through a cache the rest of the process
 * competes for, and a name sliced from a body must first be looked up among the engine's property names.
 */
export function setNewField(record: Record<string, string>, name: string, value: string): boolean {
  switch (name) {
    case 'ToUserName':
      if (record.ToUserName !== undefined) return false;
      record.ToUserName = value;
      return true;
    case 'FromUserName':
      if (record.FromUserName !== undefined) return false;
      record.FromUserName = value;
      return true;
    case 'CreateTime':
      if (record.CreateTime !== undefined) return false;
      record.CreateTime = value;
      return true;
    case 'MsgType':
      if (record.MsgType !== undefined) return false;
      record.MsgType = value;
      return true;
    case 'MsgId':
      if (record.MsgId !== undefined) return false;
      record.MsgId = value;
      return true;
    case 'Content':
      if (record.Content !== undefined) return false;
      record.Content = value;
      return true;
    case 'Event':
      if (record.Event !== undefined) return false;
      record.Event = value;
      return true;
    case 'EventKey':
      if (record.EventKey !== undefined) return false;
      record.EventKey = value;
      return true;
    case 'Encrypt':
      if (record.Encrypt !== undefined) return false;
      record.Encrypt = value;
      return true;
    default:
      if (record[name] !== undefined) return false;
      record[name] = value;
      return true;
  }
}
