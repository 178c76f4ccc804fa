// The customer page of the WeChat simulator: plain browser JavaScript, no build step. It only talks to the
// simulator's /_sim/api endpoints (customer-page.ts) and polls the conversation once a second. Everything
// the platform sends is shown with textContent, never as HTML.
//
// In Chinese or English like the agent console: Chinese when the browser prefers it (or neither), the
// choice kept in localStorage. No build step means no i18n library here: a dictionary of a few dozen
// sentences, `{name}` filled in. The simulator's own error messages (from customer-page.ts) stay English.

const $ = (id) => document.getElementById(id);
const state = { apps: [], appId: '', openId: '', lastRendered: '' };

const messages = {
  'zh-CN': {
    pageTitle: '微信模拟器 · 客户',
    title: '微信模拟器',
    subtitle: '扮演任意应用的客户',
    language: '语言',
    app: '应用',
    otherApp: '其他 AppID，如 wx…',
    load: '加载',
    customer: '客户（openid）',
    openIdPlaceholder: 'openid（留空则随机）',
    newCustomer: '新建',
    lastDelivery: '最近一次回调推送',
    nothingSent: '尚未发送',
    resend: '重发上一次回调（模拟微信重试）',
    noCustomer: '未选择客户',
    typing: '对方正在输入…',
    chooseFirst: '选择应用和客户，然后说点什么。',
    enterSession: '进入会话',
    follow: '关注',
    unfollow: '取消关注',
    sendImage: '发送图片…',
    messagePlaceholder: '输入消息…',
    send: '发送',
    noMessages: '还没有消息，说点什么吧。',
    acknowledged: '已确认',
    notAcknowledgedYet: '尚未确认',
    delivering: '推送中…',
    delivered: '✓ 已送达{retries} · {ms} 毫秒',
    afterAttempts: '（共尝试 {count} 次）',
    stillDelivering: '… 推送中',
    notAcknowledged: '✗ 未确认：{outcomes}',
    noAnswer: '无响应',
    enteredSession: '进入客服会话',
    enteredSessionFrom: '进入客服会话（SessionFrom：{sessionFrom}）',
    followed: '关注了公众号',
    unfollowed: '取消关注了公众号',
    event: '事件 {event}',
    miniProgram: '小程序 · {path}',
    menuOptions: '菜单选项（点击即回复）',
    article: '[图文消息]',
    appMeta: '{format} · {mode} · 推送到 {url}',
    chooseCustomerFirst: '请先选择或新建客户',
    chooseAppFirst: '请先选择应用',
    image: '图片',
    menuKeyPlaceholder: '菜单 key',
    menuClick: '点击菜单',
    menuView: '菜单链接',
    scenePlaceholder: '二维码场景',
    scanQr: '扫码',
    reportLocation: '上报位置（每 5 秒）',
    sendFile: '发送文件…',
    sendVoice: '发送语音（AMR）…',
    sendRecordedVoice: '发送一段录音（10.9 秒）',
    sendVideo: '发送视频（MP4）…',
    shortVideo: '作为小视频',
    voice: '语音',
    video: '视频',
    clickedMenu: '点击菜单 {key}',
    openedLink: '打开菜单链接 {url}',
    scanned: '扫码（场景 {scene}）',
    followedByScan: '扫码关注（场景 {scene}）',
    reportedLocation: '上报位置 {latitude}, {longitude}',
    file: '文件 {title} · {size} 字节',
    subscriptionAccept: '同意订阅',
    subscriptionReject: '拒绝订阅',
    subscriptionTurnOff: '关闭通知',
    subscriptionAnswered: '订阅弹窗：{status} {templateId}',
    subscriptionTurnedOff: '在服务通知设置中关闭了 {templateId}',
    accepted: '同意',
    rejected: '拒绝',
    serviceNotice: '服务通知 · {title}',
    opensPage: '进入小程序查看 · {page}',
  },
  en: {
    pageTitle: 'WeChat simulator · customer',
    title: 'WeChat simulator',
    subtitle: 'play a customer of any app',
    language: 'Language',
    app: 'App',
    otherApp: 'other app id, e.g. wx…',
    load: 'Load',
    customer: 'Customer (openid)',
    openIdPlaceholder: 'openid (empty: random)',
    newCustomer: 'New',
    lastDelivery: 'Last callback delivery',
    nothingSent: 'nothing sent yet',
    resend: 'Resend last callback (WeChat retry)',
    noCustomer: 'No customer selected',
    typing: 'typing…',
    chooseFirst: 'Choose an app and a customer, then say something.',
    enterSession: 'Enter session',
    follow: 'Follow',
    unfollow: 'Unfollow',
    sendImage: 'Send image…',
    messagePlaceholder: 'Message… (中文也可以)',
    send: 'Send',
    noMessages: 'No messages yet. Say something.',
    acknowledged: 'acknowledged',
    notAcknowledgedYet: 'not acknowledged (yet)',
    delivering: 'delivering…',
    delivered: '✓ delivered{retries} · {ms} ms',
    afterAttempts: ' after {count} attempts',
    stillDelivering: '… delivering',
    notAcknowledged: '✗ not acknowledged: {outcomes}',
    noAnswer: 'no answer',
    enteredSession: 'entered the customer-service session',
    enteredSessionFrom: 'entered the customer-service session (SessionFrom: {sessionFrom})',
    followed: 'followed the account',
    unfollowed: 'unfollowed the account',
    event: 'event {event}',
    miniProgram: 'Mini Program · {path}',
    menuOptions: 'Menu options (tap one to answer)',
    article: '[Article]',
    appMeta: '{format} · {mode} · pushes to {url}',
    chooseCustomerFirst: 'choose or create a customer first',
    chooseAppFirst: 'choose an app first',
    image: 'image',
    menuKeyPlaceholder: 'menu key',
    menuClick: 'Click menu',
    menuView: 'Menu link',
    scenePlaceholder: 'QR scene',
    scanQr: 'Scan QR code',
    reportLocation: 'Report location (every 5 s)',
    sendFile: 'Send a file…',
    sendVoice: 'Send a voice (AMR)…',
    sendRecordedVoice: 'Send a recording (10.9 s)',
    sendVideo: 'Send a video (MP4)…',
    shortVideo: 'as a short video',
    voice: 'voice',
    video: 'video',
    clickedMenu: 'clicked menu {key}',
    openedLink: 'opened menu link {url}',
    scanned: 'scanned a QR code (scene {scene})',
    followedByScan: 'followed by QR code (scene {scene})',
    reportedLocation: 'reported location {latitude}, {longitude}',
    file: 'file {title} · {size} bytes',
    subscriptionAccept: 'Accept subscription',
    subscriptionReject: 'Reject subscription',
    subscriptionTurnOff: 'Turn notices off',
    subscriptionAnswered: 'Subscription popup: {status} {templateId}',
    subscriptionTurnedOff: 'Turned off {templateId} in the notice settings',
    accepted: 'accepted',
    rejected: 'rejected',
    serviceNotice: 'Service notice · {title}',
    opensPage: 'Open the Mini Program · {page}',
  },
};

const localeKey = 'wechat-sim:locale';

function preferredLocale() {
  const stored = localStorage.getItem(localeKey);
  if (stored && messages[stored]) return stored;
  for (const language of navigator.languages ?? [navigator.language]) {
    const lower = String(language).toLowerCase();
    if (lower === 'zh' || lower.startsWith('zh-')) return 'zh-CN';
    if (lower === 'en' || lower.startsWith('en-')) return 'en';
  }
  return 'zh-CN';
}

let locale = preferredLocale();

/** The sentence for `key` in the page's language, `{name}` filled in from `values`. */
function tr(key, values = {}) {
  const text = messages[locale][key] ?? messages.en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => String(values[name] ?? ''));
}

/** The static page: elements name their sentence in data-i18n (text) or data-i18n-placeholder. */
function translatePage() {
  document.documentElement.lang = locale;
  document.title = tr('pageTitle');
  for (const node of document.querySelectorAll('[data-i18n]')) node.textContent = tr(node.dataset.i18n);
  for (const node of document.querySelectorAll('[data-i18n-placeholder]')) {
    node.placeholder = tr(node.dataset.i18nPlaceholder);
  }
  $('language').value = locale;
}

function el(tag, props = {}, children = []) {
  const node = document.createElement(tag);
  Object.assign(node, props);
  for (const child of children) node.append(child);
  return node;
}

function showError(message) {
  $('error').textContent = message || '';
}

async function api(path, options = {}) {
  const response = await fetch(`api/${path}`, options);
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(body.error || `HTTP ${response.status}`);
  return body;
}

const postJson = (path, body) =>
  api(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

function currentApp() {
  return state.apps.find((app) => app.appId === state.appId);
}

async function loadApps(select) {
  const { apps } = await api('apps');
  state.apps = apps;
  const options = apps.map((app) =>
    el('option', {
      value: app.appId,
      textContent: `${app.appId} (${app.type === 'miniprogram' ? 'MP' : 'OA'})`,
    }),
  );
  $('app-select').replaceChildren(...options);
  const wanted = select || state.appId || apps[0]?.appId || '';
  if (wanted) await chooseApp(wanted);
}

async function chooseApp(appId) {
  state.appId = appId;
  $('app-select').value = appId;
  const app = currentApp();
  $('app-meta').textContent = app
    ? tr('appMeta', { format: app.format.toUpperCase(), mode: app.mode, url: app.callbackUrl })
    : '';
  const isMiniProgram = app?.type === 'miniprogram';
  $('mp-tools').classList.toggle('hidden', !isMiniProgram);
  $('oa-tools').classList.toggle('hidden', isMiniProgram);
  const templates = app?.subscribeTemplates ?? [];
  $('subscription-tools').classList.toggle('hidden', templates.length === 0);
  $('template-select').replaceChildren(
    ...templates.map((template) =>
      el('option', { value: template.templateId, textContent: `${template.title} (${template.templateId})` }),
    ),
  );
  await loadCustomers();
}

async function loadCustomers(select) {
  const appId = state.appId;
  if (!appId) return;
  const { customers } = await api(`customers?appId=${encodeURIComponent(appId)}`);
  // Another app was chosen while this answer was on its way: it is stale.
  if (appId !== state.appId) return;
  const previous = state.openId;
  $('customer-select').replaceChildren(
    ...customers.map((openId) => el('option', { value: openId, textContent: openId })),
  );
  const wanted = select || (customers.includes(previous) ? previous : customers[0]) || '';
  chooseCustomer(wanted);
}

function chooseCustomer(openId) {
  state.openId = openId;
  state.lastRendered = '';
  $('customer-select').value = openId;
  $('title').textContent = openId ? `${openId} @ ${state.appId}` : tr('noCustomer');
  refresh();
}

function formatTime(ms) {
  return new Date(ms).toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

function describeAttempts(delivery) {
  if (!delivery) return tr('nothingSent');
  const lines = delivery.attempts.map((attempt, index) => {
    const outcome =
      attempt.status === undefined
        ? attempt.error
        : `HTTP ${attempt.status} ${JSON.stringify(attempt.body ?? '')}`;
    return `#${index + 1} ${outcome} · ${attempt.ms} ms`;
  });
  const verdict = delivery.acknowledged
    ? tr('acknowledged')
    : delivery.attempts.length
      ? tr('notAcknowledgedYet')
      : tr('delivering');
  return [`${verdict} → ${delivery.url}`, ...lines].join('\n');
}

function deliveryStatus(delivery) {
  const last = delivery.attempts.at(-1);
  if (delivery.acknowledged) {
    const retries =
      delivery.attempts.length > 1 ? tr('afterAttempts', { count: delivery.attempts.length }) : '';
    return el('div', { className: 'status', textContent: tr('delivered', { retries, ms: last.ms }) });
  }
  if (!last) return el('div', { className: 'status', textContent: tr('stillDelivering') });
  const outcomes = delivery.attempts.map((attempt) => attempt.status ?? tr('noAnswer')).join(', ');
  return el('div', { className: 'status failed', textContent: tr('notAcknowledged', { outcomes }) });
}

function mediaUrl(mediaId) {
  return `media/${encodeURIComponent(mediaId)}`;
}

function card(title, imageSrc, foot) {
  const children = [el('div', { className: 'title', textContent: title })];
  if (imageSrc) children.push(el('img', { src: imageSrc, alt: '' }));
  children.push(el('div', { className: 'foot', textContent: foot }));
  return el('div', { className: 'card' }, children);
}

function customerContent(fields) {
  switch (fields.MsgType) {
    case 'text':
      return el('div', { className: 'bubble', textContent: fields.Content });
    case 'image':
      return el('div', { className: 'bubble' }, [el('img', { src: fields.PicUrl, alt: tr('image') })]);
    case 'voice':
      // Browsers do not play AMR: the recording is a link to the file.
      return el('div', { className: 'bubble' }, [
        el('a', { href: mediaUrl(fields.MediaId), download: '', textContent: `🎤 ${tr('voice')}` }),
        ...(fields.Recognition ? [el('div', { textContent: fields.Recognition })] : []),
      ]);
    case 'video':
    case 'shortvideo':
      return el('div', { className: 'bubble' }, [
        el('video', {
          controls: true,
          src: mediaUrl(fields.MediaId),
          poster: mediaUrl(fields.ThumbMediaId),
          title: tr('video'),
        }),
      ]);
    case 'miniprogrampage':
      return card(fields.Title, fields.ThumbUrl, tr('miniProgram', { path: fields.PagePath }));
    case 'file':
      return el('div', {
        className: 'bubble',
        textContent: tr('file', { title: fields.Title, size: fields.FileTotalLen }),
      });
    case 'event': {
      const labels = {
        user_enter_tempsession: fields.SessionFrom
          ? tr('enteredSessionFrom', { sessionFrom: fields.SessionFrom })
          : tr('enteredSession'),
        subscribe: fields.EventKey?.startsWith('qrscene_')
          ? tr('followedByScan', { scene: fields.EventKey.slice('qrscene_'.length) })
          : tr('followed'),
        unsubscribe: tr('unfollowed'),
        CLICK: tr('clickedMenu', { key: fields.EventKey }),
        VIEW: tr('openedLink', { url: fields.EventKey }),
        SCAN: tr('scanned', { scene: fields.EventKey }),
        LOCATION: tr('reportedLocation', { latitude: fields.Latitude, longitude: fields.Longitude }),
        subscribe_msg_popup_event: subscriptionLabel(fields, 'subscriptionAnswered'),
        subscribe_msg_change_event: subscriptionLabel(fields, 'subscriptionTurnedOff'),
      };
      return el('div', {
        className: 'bubble event',
        textContent: labels[fields.Event] || tr('event', { event: fields.Event }),
      });
    }
    default:
      return el('div', { className: 'bubble', textContent: `[${fields.MsgType}]` });
  }
}

// The popup's choice travels as List.* (a Mini Program's JSON) or SubscribeMsg…Event.List.* (XML).
function subscriptionLabel(fields, key) {
  const field = (name) => Object.entries(fields).find(([path]) => path.endsWith(`List.${name}`))?.[1] ?? '';
  const status = field('SubscribeStatusString') === 'accept' ? tr('accepted') : tr('rejected');
  return tr(key, { status, templateId: field('TemplateId') });
}

// A subscribe message is a service notice (服务通知): the template's title and its filled keywords.
function noticeCard(notice) {
  const lines = Object.entries(notice.values).map(([keyword, value]) =>
    el('div', { textContent: `${keyword}: ${value}` }),
  );
  if (notice.page)
    lines.push(el('div', { className: 'time', textContent: tr('opensPage', { page: notice.page }) }));
  return el('div', { className: 'bubble notice' }, [
    el('b', { textContent: tr('serviceNotice', { title: notice.title }) }),
    ...lines,
  ]);
}

function platformContent(msgtype, body, article, notice) {
  if (notice) return noticeCard(notice);
  const content = body[msgtype] || {};
  switch (msgtype) {
    case 'text':
      return el('div', { className: 'bubble', textContent: content.content });
    case 'image':
      return el('div', { className: 'bubble' }, [
        el('img', { src: mediaUrl(content.media_id), alt: tr('image') }),
      ]);
    case 'link':
      return card(`${content.title}\n${content.description || ''}`, content.thumb_url, content.url);
    case 'miniprogrampage':
      return card(
        content.title,
        mediaUrl(content.thumb_media_id),
        tr('miniProgram', { path: content.pagepath }),
      );
    case 'msgmenu':
      return menuBubble(content);
    // A published article, as WeChat shows it: its cover, title and digest, opening the article.
    case 'mpnewsarticle':
      return article
        ? card(`${article.title}\n${article.digest || ''}`, article.thumbUrl, article.url)
        : el('div', { className: 'bubble', textContent: tr('article') });
    default:
      return el('div', { className: 'bubble', textContent: `[${msgtype}] ${JSON.stringify(content)}` });
  }
}

// WeChat shows a menu message's options as links; a tap answers with the option (bizmsgmenuid).
function menuBubble(content) {
  const options = (Array.isArray(content.list) ? content.list : []).map((option) =>
    el('li', {}, [
      el('button', {
        type: 'button',
        className: 'menu-option',
        textContent: option.content,
        onclick: () => pushAction({ action: 'clickMenuOption', optionId: option.id }),
      }),
    ]),
  );
  const children = [el('div', { textContent: content.head_content || '' })];
  children.push(el('ol', { className: 'menu-options', ariaLabel: tr('menuOptions') }, options));
  if (content.tail_content) children.push(el('div', { textContent: content.tail_content }));
  return el('div', { className: 'bubble menu' }, children);
}

function render(conversation) {
  $('typing').classList.toggle('hidden', !conversation.typing);
  $('attempts').textContent = describeAttempts(conversation.lastDelivery);
  const snapshot = JSON.stringify(conversation.entries);
  if (snapshot === state.lastRendered) return;
  state.lastRendered = snapshot;
  const box = $('messages');
  if (conversation.entries.length === 0) {
    box.replaceChildren(el('div', { className: 'empty', textContent: tr('noMessages') }));
    return;
  }
  const nodes = conversation.entries.map((entry) => {
    const children = [el('div', { className: 'time', textContent: formatTime(entry.at) })];
    if (entry.from === 'customer') {
      children.push(customerContent(entry.fields), deliveryStatus(entry.delivery));
    } else {
      children.push(platformContent(entry.msgtype, entry.body, entry.article, entry.notice));
    }
    const isEvent = entry.from === 'customer' && entry.fields.MsgType === 'event';
    return el('div', { className: `msg ${entry.from}${isEvent ? ' event' : ''}` }, children);
  });
  box.replaceChildren(...nodes);
  box.scrollTop = box.scrollHeight;
}

async function refresh() {
  if (!state.appId || !state.openId) {
    $('typing').classList.add('hidden');
    return;
  }
  const query = `appId=${encodeURIComponent(state.appId)}&openId=${encodeURIComponent(state.openId)}`;
  try {
    render(await api(`conversation?${query}`));
  } catch (error) {
    showError(error.message);
  }
}

// Pushes wait for the whole delivery (retries included); the poll shows progress meanwhile.
async function pushAction(body) {
  if (!state.openId) {
    showError(tr('chooseCustomerFirst'));
    return;
  }
  showError('');
  const request = postJson('push', { appId: state.appId, openId: state.openId, ...body });
  setTimeout(refresh, 50);
  try {
    await request;
  } catch (error) {
    showError(error.message);
  }
  refresh();
}

$('app-select').addEventListener('change', (event) =>
  chooseApp(event.target.value).catch((e) => showError(e.message)),
);
$('app-load').addEventListener('click', async () => {
  const appId = $('app-id').value.trim();
  if (!appId) return;
  try {
    showError('');
    await postJson('apps/resolve', { appId });
    $('app-id').value = '';
    await loadApps(appId);
  } catch (error) {
    showError(error.message);
  }
});
$('customer-select').addEventListener('change', (event) => chooseCustomer(event.target.value));
$('customer-new').addEventListener('click', async () => {
  if (!state.appId) return showError(tr('chooseAppFirst'));
  try {
    showError('');
    const { openId } = await postJson('customers', { appId: state.appId, openId: $('open-id').value.trim() });
    $('open-id').value = '';
    await loadCustomers(openId);
  } catch (error) {
    showError(error.message);
  }
});
$('composer').addEventListener('submit', (event) => {
  event.preventDefault();
  const text = $('text').value;
  if (!text) return;
  $('text').value = '';
  pushAction({ action: 'say', text });
});
$('enter-session').addEventListener('click', () =>
  pushAction({ action: 'enterSession', sessionFrom: $('session-from').value }),
);
$('subscribe').addEventListener('click', () => pushAction({ action: 'subscribe' }));
$('unsubscribe').addEventListener('click', () => pushAction({ action: 'unsubscribe' }));
$('resend').addEventListener('click', () => pushAction({ action: 'resend' }));
$('menu-click').addEventListener('click', () =>
  pushAction({ action: 'clickMenu', key: $('menu-key').value }),
);
$('menu-view').addEventListener('click', () =>
  pushAction({ action: 'openMenuLink', url: 'https://example.com/menu' }),
);
$('subscription-accept').addEventListener('click', () =>
  pushAction({ action: 'subscriptionPopup', templateId: $('template-select').value, accept: true }),
);
$('subscription-reject').addEventListener('click', () =>
  pushAction({ action: 'subscriptionPopup', templateId: $('template-select').value, accept: false }),
);
$('subscription-turn-off').addEventListener('click', () =>
  pushAction({ action: 'turnOffSubscription', templateId: $('template-select').value }),
);
$('qr-scan').addEventListener('click', () =>
  pushAction({ action: 'scanQrCode', scene: $('qr-scene').value }),
);

// WeChat reports the position every 5 seconds while the customer has the chat open, if the account
// asks for it and the customer agreed: a wandering point near the Canton Tower stands in for them.
let locationTimer;
function reportLocation() {
  const jitter = () => (Math.random() - 0.5) / 1000;
  pushAction({ action: 'reportLocation', latitude: 23.1064 + jitter(), longitude: 113.3245 + jitter() });
}
$('location-reporting').addEventListener('change', (event) => {
  clearInterval(locationTimer);
  if (!event.target.checked) return;
  reportLocation();
  locationTimer = setInterval(reportLocation, 5000);
});
// A real recording shipped with the simulator, for trying voices without an AMR file at hand.
$('voice-recorded').addEventListener('click', () => pushAction({ action: 'sendRecordedVoice' }));
$('file-button').addEventListener('click', () => $('file').click());
$('file').addEventListener('change', () => {
  const file = $('file').files[0];
  $('file').value = '';
  // WeChat pushes a file's description only: its name and size are all that travels.
  if (file) pushAction({ action: 'sendFile', title: file.name, size: file.size });
});
/** A picked file becomes the customer's image, voice or video, as WeChat's media. */
function pickMedia(field, extra = () => ({})) {
  $(`${field}-button`).addEventListener('click', () => $(field).click());
  $(field).addEventListener('change', async () => {
    const file = $(field).files[0];
    $(field).value = '';
    if (!file || !state.openId) return;
    const form = new FormData();
    form.append('appId', state.appId);
    form.append('openId', state.openId);
    form.append(field, file);
    for (const [name, value] of Object.entries(extra())) form.append(name, value);
    showError('');
    const upload = api(field, { method: 'POST', body: form });
    setTimeout(refresh, 50);
    try {
      await upload;
    } catch (error) {
      showError(error.message);
    }
    refresh();
  });
}
pickMedia('image');
pickMedia('voice');
pickMedia('video', () => ($('video-short').checked ? { short: '1' } : {}));

$('language').addEventListener('change', (event) => {
  locale = messages[event.target.value] ? event.target.value : locale;
  localStorage.setItem(localeKey, locale);
  translatePage();
  // Everything drawn from data is drawn again in the new language.
  chooseApp(state.appId).catch((error) => showError(error.message));
});

translatePage();
loadApps().catch((error) => showError(error.message));
setInterval(refresh, 1000);
