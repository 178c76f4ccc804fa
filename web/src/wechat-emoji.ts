/**
 * WeChat's own emoji as they travel in message text: the classic faces as codes (`/::)`) or as
 * bracketed names in Chinese or English (`[微笑]`, `[Smile]`), newer ones only by name, and a few
 * iOS emoji as old SoftBank private-use characters from old clients. The console shows each as the
 * closest Unicode emoji (WeChat's own pictures are WeChat's), named by its WeChat name.
 *
 * The picker inserts the bracketed Chinese name: what WeChat's own input box shows, and what every
 * WeChat client turns back into the face when the customer reads the answer.
 */

export interface WeChatEmoji {
  /** The classic code, for faces that have one. */
  code?: string;
  zh: string;
  en: string;
  /** The Unicode emoji the console shows. */
  emoji: string;
}

/** In WeChat's own panel order. */
export const wechatEmoji: readonly WeChatEmoji[] = [
  { code: '/::)', zh: '微笑', en: 'Smile', emoji: '🙂' },
  { code: '/::~', zh: '撇嘴', en: 'Grimace', emoji: '😕' },
  { code: '/::B', zh: '色', en: 'Drool', emoji: '😍' },
  { code: '/::|', zh: '发呆', en: 'Scowl', emoji: '😐' },
  { code: '/:8-)', zh: '得意', en: 'CoolGuy', emoji: '😎' },
  { code: '/::<', zh: '流泪', en: 'Sob', emoji: '😢' },
  { code: '/::$', zh: '害羞', en: 'Shy', emoji: '😊' },
  { code: '/::X', zh: '闭嘴', en: 'Silent', emoji: '🤐' },
  { code: '/::Z', zh: '睡', en: 'Sleep', emoji: '😴' },
  { code: "/::'(", zh: '大哭', en: 'Cry', emoji: '😭' },
  { code: '/::-|', zh: '尴尬', en: 'Awkward', emoji: '😅' },
  { code: '/::@', zh: '发怒', en: 'Angry', emoji: '😡' },
  { code: '/::P', zh: '调皮', en: 'Tongue', emoji: '😜' },
  { code: '/::D', zh: '呲牙', en: 'Grin', emoji: '😁' },
  { code: '/::O', zh: '惊讶', en: 'Surprise', emoji: '😮' },
  { code: '/::(', zh: '难过', en: 'Frown', emoji: '🙁' },
  { code: '/::+', zh: '酷', en: 'Ruthless', emoji: '🕶️' },
  { code: '/:--b', zh: '冷汗', en: 'Blush', emoji: '😓' },
  { code: '/::Q', zh: '抓狂', en: 'Scream', emoji: '😫' },
  { code: '/::T', zh: '吐', en: 'Puke', emoji: '🤮' },
  { code: '/:,@P', zh: '偷笑', en: 'Chuckle', emoji: '🤭' },
  { code: '/:,@-D', zh: '愉快', en: 'Joyful', emoji: '😄' },
  { code: '/::d', zh: '白眼', en: 'Slight', emoji: '🙄' },
  { code: '/:,@o', zh: '傲慢', en: 'Smug', emoji: '🧐' },
  { code: '/::g', zh: '饥饿', en: 'Hungry', emoji: '🤤' },
  { code: '/:|-)', zh: '困', en: 'Drowsy', emoji: '😪' },
  { code: '/::!', zh: '惊恐', en: 'Panic', emoji: '😱' },
  { code: '/::L', zh: '流汗', en: 'Sweat', emoji: '😥' },
  { code: '/::>', zh: '憨笑', en: 'Laugh', emoji: '😆' },
  { code: '/::,@', zh: '悠闲', en: 'Commando', emoji: '😌' },
  { code: '/:,@f', zh: '奋斗', en: 'Determined', emoji: '💪' },
  { code: '/::-S', zh: '咒骂', en: 'Scold', emoji: '🤬' },
  { code: '/:?', zh: '疑问', en: 'Shocked', emoji: '🤔' },
  { code: '/:,@x', zh: '嘘', en: 'Shhh', emoji: '🤫' },
  { code: '/:,@@', zh: '晕', en: 'Dizzy', emoji: '😵' },
  { code: '/::8', zh: '疯了', en: 'Tormented', emoji: '🤪' },
  { code: '/:,@!', zh: '衰', en: 'Toasted', emoji: '😩' },
  { code: '/:!!!', zh: '骷髅', en: 'Skull', emoji: '💀' },
  { code: '/:xx', zh: '敲打', en: 'Hammer', emoji: '🔨' },
  { code: '/:bye', zh: '再见', en: 'Wave', emoji: '👋' },
  { code: '/:wipe', zh: '擦汗', en: 'Speechless', emoji: '😰' },
  { code: '/:dig', zh: '抠鼻', en: 'NosePick', emoji: '👃' },
  { code: '/:handclap', zh: '鼓掌', en: 'Clap', emoji: '👏' },
  { code: '/:&-(', zh: '糗大了', en: 'Shame', emoji: '😳' },
  { code: '/:B-)', zh: '坏笑', en: 'Trick', emoji: '😏' },
  { code: '/:<@', zh: '左哼哼', en: 'Bah！L', emoji: '😤' },
  { code: '/:@>', zh: '右哼哼', en: 'Bah！R', emoji: '😤' },
  { code: '/::-O', zh: '哈欠', en: 'Yawn', emoji: '🥱' },
  { code: '/:>-|', zh: '鄙视', en: 'Pooh-pooh', emoji: '😒' },
  { code: '/:P-(', zh: '委屈', en: 'Shrunken', emoji: '🥺' },
  { code: "/::'|", zh: '快哭了', en: 'TearingUp', emoji: '🥲' },
  { code: '/:X-)', zh: '阴险', en: 'Sly', emoji: '😈' },
  { code: '/::*', zh: '亲亲', en: 'Kiss', emoji: '😘' },
  { code: '/:@x', zh: '吓', en: 'Wrath', emoji: '😨' },
  { code: '/:8*', zh: '可怜', en: 'Whimper', emoji: '😟' },
  { code: '/:pd', zh: '菜刀', en: 'Cleaver', emoji: '🔪' },
  { code: '/:<W>', zh: '西瓜', en: 'Watermelon', emoji: '🍉' },
  { code: '/:beer', zh: '啤酒', en: 'Beer', emoji: '🍺' },
  { code: '/:basketb', zh: '篮球', en: 'Basketball', emoji: '🏀' },
  { code: '/:oo', zh: '乒乓', en: 'PingPong', emoji: '🏓' },
  { code: '/:coffee', zh: '咖啡', en: 'Coffee', emoji: '☕' },
  { code: '/:eat', zh: '饭', en: 'Rice', emoji: '🍚' },
  { code: '/:pig', zh: '猪头', en: 'Pig', emoji: '🐷' },
  { code: '/:rose', zh: '玫瑰', en: 'Rose', emoji: '🌹' },
  { code: '/:fade', zh: '凋谢', en: 'Wilt', emoji: '🥀' },
  { code: '/:showlove', zh: '嘴唇', en: 'Lips', emoji: '👄' },
  { code: '/:heart', zh: '爱心', en: 'Heart', emoji: '❤️' },
  { code: '/:break', zh: '心碎', en: 'BrokenHeart', emoji: '💔' },
  { code: '/:cake', zh: '蛋糕', en: 'Cake', emoji: '🎂' },
  { code: '/:li', zh: '闪电', en: 'Lightning', emoji: '⚡' },
  { code: '/:bome', zh: '炸弹', en: 'Bomb', emoji: '💣' },
  { code: '/:kn', zh: '刀', en: 'Dagger', emoji: '🗡️' },
  { code: '/:footb', zh: '足球', en: 'Soccer', emoji: '⚽' },
  { code: '/:ladybug', zh: '瓢虫', en: 'Ladybug', emoji: '🐞' },
  { code: '/:shit', zh: '便便', en: 'Poop', emoji: '💩' },
  { code: '/:moon', zh: '月亮', en: 'Moon', emoji: '🌙' },
  { code: '/:sun', zh: '太阳', en: 'Sun', emoji: '☀️' },
  { code: '/:gift', zh: '礼物', en: 'Gift', emoji: '🎁' },
  { code: '/:hug', zh: '拥抱', en: 'Hug', emoji: '🤗' },
  { code: '/:strong', zh: '强', en: 'ThumbsUp', emoji: '👍' },
  { code: '/:weak', zh: '弱', en: 'ThumbsDown', emoji: '👎' },
  { code: '/:share', zh: '握手', en: 'Shake', emoji: '🤝' },
  { code: '/:v', zh: '胜利', en: 'Peace', emoji: '✌️' },
  { code: '/:@)', zh: '抱拳', en: 'Fight', emoji: '🙏' },
  { code: '/:jj', zh: '勾引', en: 'Beckon', emoji: '☝️' },
  { code: '/:@@', zh: '拳头', en: 'Fist', emoji: '✊' },
  { code: '/:bad', zh: '差劲', en: 'Pinky', emoji: '🤙' },
  { code: '/:lvu', zh: '爱你', en: 'RockOn', emoji: '🤟' },
  { code: '/:no', zh: 'NO', en: 'Nuh-uh', emoji: '🙅' },
  { code: '/:ok', zh: 'OK', en: 'OK', emoji: '👌' },
  { code: '/:love', zh: '爱情', en: 'InLove', emoji: '💑' },
  { code: '/:<L>', zh: '飞吻', en: 'Blowkiss', emoji: '😙' },
  { code: '/:jump', zh: '跳跳', en: 'Waddle', emoji: '🤸' },
  { code: '/:shake', zh: '发抖', en: 'Tremble', emoji: '🥶' },
  { code: '/:<O>', zh: '怄火', en: 'Aaagh!', emoji: '🔥' },
  { code: '/:circle', zh: '转圈', en: 'Twirl', emoji: '💫' },
  { code: '/:kotow', zh: '磕头', en: 'Kotow', emoji: '🙇' },
  { code: '/:turn', zh: '回头', en: 'Dramatic', emoji: '🔙' },
  { code: '/:skip', zh: '跳绳', en: 'JumpRope', emoji: '🪢' },
  { code: '/:oY', zh: '投降', en: 'Surrender', emoji: '🏳️' },
  { code: '/:#-0', zh: '激动', en: 'Hooray', emoji: '🙌' },
  { code: '/:hiphot', zh: '乱舞', en: 'Meditate', emoji: '💃' },
  { code: '/:kiss', zh: '献吻', en: 'Smooch', emoji: '💋' },
  { code: '/:<&', zh: '左太极', en: 'TaiChi L', emoji: '☯️' },
  { code: '/:&>', zh: '右太极', en: 'TaiChi R', emoji: '☯️' },
  { zh: '嘿哈', en: 'Hey', emoji: '🥳' },
  { zh: '捂脸', en: 'Facepalm', emoji: '🤦' },
  { zh: '奸笑', en: 'Smirk', emoji: '😼' },
  { zh: '机智', en: 'Smart', emoji: '🤓' },
  { zh: '皱眉', en: 'Concerned', emoji: '😟' },
  { zh: '耶', en: 'Yeah!', emoji: '✌️' },
  { zh: '茶', en: 'Tea', emoji: '🍵' },
  { zh: '红包', en: 'Packet', emoji: '🧧' },
  { zh: '蜡烛', en: 'Candle', emoji: '🕯️' },
  { zh: '福', en: 'Blessing', emoji: '🏮' },
  { zh: '鸡', en: 'Chick', emoji: '🐥' },
];

/** Old clients send some iOS emoji as SoftBank private-use characters, which no font draws. */
const softBank: Readonly<Record<string, string>> = {
  '\ue415': '😄',
  '\ue40c': '😷',
  '\ue412': '😂',
  '\ue409': '😝',
  '\ue40d': '😳',
  '\ue107': '😱',
  '\ue403': '😔',
  '\ue40e': '😒',
  '\ue11b': '👻',
  '\ue41d': '🙏',
  '\ue14c': '💪',
  '\ue312': '🎉',
  '\ue112': '🎁',
};

/** How WeChat writes an emoji's name in text: `[微笑]`. */
export function bracketed(name: string): string {
  return `[${name}]`;
}

/** A piece of message text: plain text, or one emoji with the WeChat name it was written as. */
export type TextPiece = { text: string } | { emoji: string; name: string };

const byToken = new Map<string, { emoji: string; name: string }>();
for (const entry of wechatEmoji) {
  const shown = { emoji: entry.emoji, name: entry.zh };
  if (entry.code) byToken.set(entry.code, shown);
  byToken.set(bracketed(entry.zh), shown);
  if (!byToken.has(bracketed(entry.en))) byToken.set(bracketed(entry.en), shown);
}
for (const [character, emoji] of Object.entries(softBank)) byToken.set(character, { emoji, name: emoji });

const escapeToken = (token: string) => token.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
// Longest first, so `/::-O` is not read as `/::-` followed by text, nor `/::'(` as `/::'`.
const tokenPattern = new RegExp(
  [...byToken.keys()]
    .sort((a, b) => b.length - a.length)
    .map(escapeToken)
    .join('|'),
  'g',
);

/** Splits message text into plain text and WeChat emoji, in order. */
export function splitEmoji(text: string): TextPiece[] {
  const pieces: TextPiece[] = [];
  let from = 0;
  for (const match of text.matchAll(tokenPattern)) {
    const found = byToken.get(match[0]);
    if (!found) continue;
    if (match.index > from) pieces.push({ text: text.slice(from, match.index) });
    pieces.push(found);
    from = match.index + match[0].length;
  }
  if (from < text.length) pieces.push({ text: text.slice(from) });
  return pieces;
}

/** The text with every WeChat emoji as its Unicode emoji: for one-line previews and notifications. */
export function withEmoji(text: string): string {
  return splitEmoji(text)
    .map((piece) => ('text' in piece ? piece.text : piece.emoji))
    .join('');
}
