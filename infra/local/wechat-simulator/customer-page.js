// The customer page of the WeChat simulator: plain browser JavaScript, no build step. It only talks to the
// simulator's /_sim/api endpoints (customer-page.ts) and polls the conversation once a second. Everything
// the platform sends is shown with textContent, never as HTML.

const $ = (id) => document.getElementById(id);
const state = { apps: [], appId: '', openId: '', lastRendered: '' };

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
    ? `${app.format.toUpperCase()} · ${app.mode} · pushes to ${app.callbackUrl}`
    : '';
  const isMiniProgram = app?.type === 'miniprogram';
  $('mp-tools').classList.toggle('hidden', !isMiniProgram);
  $('oa-tools').classList.toggle('hidden', isMiniProgram);
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
  $('title').textContent = openId ? `${openId} @ ${state.appId}` : 'No customer selected';
  refresh();
}

function formatTime(ms) {
  return new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

function describeAttempts(delivery) {
  if (!delivery) return 'nothing sent yet';
  const lines = delivery.attempts.map((attempt, index) => {
    const outcome =
      attempt.status === undefined
        ? attempt.error
        : `HTTP ${attempt.status} ${JSON.stringify(attempt.body ?? '')}`;
    return `#${index + 1} ${outcome} · ${attempt.ms} ms`;
  });
  const verdict = delivery.acknowledged
    ? 'acknowledged'
    : delivery.attempts.length
      ? 'not acknowledged (yet)'
      : 'delivering…';
  return [`${verdict} → ${delivery.url}`, ...lines].join('\n');
}

function deliveryStatus(delivery) {
  const last = delivery.attempts.at(-1);
  if (delivery.acknowledged) {
    const retries = delivery.attempts.length > 1 ? ` after ${delivery.attempts.length} attempts` : '';
    return el('div', { className: 'status', textContent: `✓ delivered${retries} · ${last.ms} ms` });
  }
  if (!last) return el('div', { className: 'status', textContent: '… delivering' });
  const outcomes = delivery.attempts.map((attempt) => attempt.status ?? 'no answer').join(', ');
  return el('div', { className: 'status failed', textContent: `✗ not acknowledged: ${outcomes}` });
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
      return el('div', { className: 'bubble' }, [el('img', { src: fields.PicUrl, alt: 'image' })]);
    case 'miniprogrampage':
      return card(fields.Title, fields.ThumbUrl, `Mini Program · ${fields.PagePath}`);
    case 'event': {
      const labels = {
        user_enter_tempsession: `entered the customer-service session${fields.SessionFrom ? ` (SessionFrom: ${fields.SessionFrom})` : ''}`,
        subscribe: 'followed the account',
        unsubscribe: 'unfollowed the account',
      };
      return el('div', {
        className: 'bubble event',
        textContent: labels[fields.Event] || `event ${fields.Event}`,
      });
    }
    default:
      return el('div', { className: 'bubble', textContent: `[${fields.MsgType}]` });
  }
}

function platformContent(msgtype, body) {
  const content = body[msgtype] || {};
  switch (msgtype) {
    case 'text':
      return el('div', { className: 'bubble', textContent: content.content });
    case 'image':
      return el('div', { className: 'bubble' }, [
        el('img', { src: mediaUrl(content.media_id), alt: 'image' }),
      ]);
    case 'link':
      return card(`${content.title}\n${content.description || ''}`, content.thumb_url, content.url);
    case 'miniprogrampage':
      return card(content.title, mediaUrl(content.thumb_media_id), `Mini Program · ${content.pagepath}`);
    default:
      return el('div', { className: 'bubble', textContent: `[${msgtype}] ${JSON.stringify(content)}` });
  }
}

function render(conversation) {
  $('typing').classList.toggle('hidden', !conversation.typing);
  $('attempts').textContent = describeAttempts(conversation.lastDelivery);
  const snapshot = JSON.stringify(conversation.entries);
  if (snapshot === state.lastRendered) return;
  state.lastRendered = snapshot;
  const box = $('messages');
  if (conversation.entries.length === 0) {
    box.replaceChildren(
      el('div', { className: 'empty', textContent: 'No messages yet. Say something, 说点什么。' }),
    );
    return;
  }
  const nodes = conversation.entries.map((entry) => {
    const children = [el('div', { className: 'time', textContent: formatTime(entry.at) })];
    if (entry.from === 'customer') {
      children.push(customerContent(entry.fields), deliveryStatus(entry.delivery));
    } else {
      children.push(platformContent(entry.msgtype, entry.body));
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
    showError('choose or create a customer first');
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
  if (!state.appId) return showError('choose an app first');
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
$('image-button').addEventListener('click', () => $('image').click());
$('image').addEventListener('change', async () => {
  const file = $('image').files[0];
  $('image').value = '';
  if (!file || !state.openId) return;
  const form = new FormData();
  form.append('appId', state.appId);
  form.append('openId', state.openId);
  form.append('image', file);
  showError('');
  const upload = api('image', { method: 'POST', body: form });
  setTimeout(refresh, 50);
  try {
    await upload;
  } catch (error) {
    showError(error.message);
  }
  refresh();
});

loadApps().catch((error) => showError(error.message));
setInterval(refresh, 1000);
