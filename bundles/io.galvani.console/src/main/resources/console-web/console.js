// Galvani service console: vanilla JavaScript, no framework, no build step, shipped in the bundle.
// Data comes from /console/api/* (JSON) and the live stream /console/api/events (server-sent events).
// Everything the station sends is put into the page as text (never as HTML).
'use strict';

(function () {
  const API = 'api/';
  const MAX_LOG_ROWS = 1000;
  const state = {
    overview: null, link: null, frames: [], paused: false, pendingWhilePaused: 0, actions: new Set(),
    filter: '', deviceModel: null, bundles: null, live: false,
  };

  // ------------------------------------------------------------------ helpers

  function $(id) { return document.getElementById(id); }

  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === 'class') e.className = v;
      else if (k === 'text') e.textContent = v;
      else if (k.startsWith('on')) e.addEventListener(k.substring(2), v);
      else e.setAttribute(k, v === true ? '' : v);
    }
    for (const c of children) {
      if (c === null || c === undefined) continue;
      e.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return e;
  }

  function setText(id, value) {
    const e = $(id);
    if (e) e.textContent = value === null || value === undefined || value === '' ? '–' : String(value);
  }

  async function getJson(path) {
    const r = await fetch(API + path, { cache: 'no-store' });
    const body = await r.json().catch(() => ({ error: 'HTTP ' + r.status }));
    if (!r.ok) throw new Error(body.error || ('HTTP ' + r.status));
    return body;
  }

  async function postJson(path, payload) {
    const r = await fetch(API + path, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(payload),
    });
    const body = await r.json().catch(() => ({ error: 'HTTP ' + r.status }));
    if (!r.ok) throw new Error(body.error || ('HTTP ' + r.status));
    return body;
  }

  function time(iso) {
    if (!iso) return '–';
    const d = new Date(iso);
    return d.toLocaleTimeString('en-GB', { hour12: false }) + '.' + String(d.getMilliseconds()).padStart(3, '0');
  }

  function dateTime(iso) {
    if (!iso) return '–';
    const d = new Date(iso);
    return d.toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
  }

  function duration(seconds) {
    if (seconds === null || seconds === undefined) return '–';
    const h = Math.floor(seconds / 3600), m = Math.floor(seconds % 3600 / 60), s = seconds % 60;
    return (h ? h + ':' + String(m).padStart(2, '0') : m) + ':' + String(s).padStart(2, '0');
  }

  function ms(v) { return v === null || v === undefined ? '–' : (v < 10 ? v.toFixed(1) : Math.round(v)) + ' ms'; }

  function pillClass(status) {
    switch (status) {
      case 'Available': case 'Accepted': case 'ACTIVE': case 'CHARGING': case 'Charging': return 'pill ok';
      case 'Faulted': case 'Rejected': case 'Unavailable': case 'REJECTED': case 'INSTALLED': return 'pill bad';
      case 'Occupied': case 'Reserved': case 'Pending': case 'RESOLVED': return 'pill warn';
      default: return 'pill info';
    }
  }

  const PHASES = {
    IDLE: 'Idle', AUTHORIZING: 'Authorizing card…', REJECTED: 'Card refused', WAITING_FOR_CABLE: 'Waiting for the cable',
    WAITING_FOR_AUTHORIZATION: 'Waiting for a card', CABLE_CHECK: 'Cable check', PRE_CHARGE: 'Pre-charge',
    CHARGING: 'Charging', SUSPENDED_EV: 'Paused by the vehicle', SUSPENDED_EVSE: 'Paused by the station',
    FINISHED: 'Finished', UNAVAILABLE: 'Unavailable',
  };

  // ------------------------------------------------------------------ tabs

  function showTab(name) {
    document.querySelectorAll('.tab').forEach(t => t.classList.toggle('active', t.dataset.tab === name));
    document.querySelectorAll('.panel').forEach(p => p.classList.toggle('active', p.id === 'panel-' + name));
    if (name === 'devicemodel' && !state.deviceModel) loadDeviceModel();
    if (name === 'bundles') loadBundles();
    if (name === 'security') loadSecurity();
    if (name === 'ocpp') loadLink();
    history.replaceState(null, '', '#' + name);
  }

  // ------------------------------------------------------------------ station

  async function loadOverview() {
    try {
      state.overview = await getJson('overview');
      renderOverview();
    } catch (e) {
      setText('info-registration', 'unavailable: ' + e.message);
    }
  }

  function renderOverview() {
    const o = state.overview;
    setText('station-id', o.stationId);
    setText('info-station-id', o.stationId);
    setText('info-firmware', o.firmwareVersion === null ? 'not reported (no firmware installer running)'
      : (o.firmwareVersion || 'not set'));
    const reg = $('info-registration');
    reg.replaceChildren(el('span', { class: pillClass(o.registration.status), text: o.registration.status }));
    setText('info-accepted-at', dateTime(o.registration.acceptedAt));
    setText('info-heartbeat', o.registration.heartbeatIntervalSeconds ? o.registration.heartbeatIntervalSeconds + ' s' : '–');
    const badge = $('badge-registration');
    badge.textContent = 'Registration ' + o.registration.status;
    badge.className = 'badge ' + (o.registration.status === 'Accepted' ? 'ok' : o.registration.status === 'Rejected' ? 'bad' : 'warn');

    $('sim-panel').classList.toggle('hidden', !o.simulation.available);
    const evseSelect = $('card-evse');
    const chosen = evseSelect.value;
    evseSelect.replaceChildren(el('option', { value: '0', text: 'any EVSE' }),
      ...o.evses.map(e => el('option', { value: String(e.id), text: 'EVSE ' + e.id })));
    evseSelect.value = [...evseSelect.options].some(x => x.value === chosen) ? chosen : '0';

    const box = $('evses');
    if (!o.stationAvailable) {
      box.replaceChildren(el('div', { class: 'card', text: 'The station service (io.galvani.station) is not running.' }));
      return;
    }
    box.replaceChildren(...o.evses.map(renderEvse));
  }

  function renderEvse(e) {
    const s = e.session || { phase: o_sessionsUnavailable() };
    const simulated = e.connectors.some(c => c.simulated);
    const card = el('div', { class: 'card evse', id: 'evse-' + e.id },
      el('div', { class: 'evse-head' }, el('h2', { text: 'EVSE ' + e.id }),
        s.chargingState ? el('span', { class: pillClass(s.chargingState), text: s.chargingState }) : null),
      el('div', { class: 'connectors' }, ...e.connectors.map(c =>
        el('div', { class: 'connector', id: 'connector-' + e.id + '-' + c.connectorId },
          el('span', { text: 'Connector ' + c.connectorId }), el('span', { class: 'hint', text: c.type }),
          el('span', { class: pillClass(c.status) + ' connector-status', text: c.status }),
          el('span', { class: 'hint', text: c.plugged ? 'vehicle plugged in' : 'no vehicle' })))),
      el('div', { class: 'session-phase', id: 'phase-' + e.id, text: PHASES[s.phase] || s.phase }),
      el('div', { class: 'metrics' },
        metric('energy-' + e.id, s.energyWh === null || s.energyWh === undefined ? '–' : (s.energyWh / 1000).toFixed(2), 'kWh delivered'),
        metric('power-' + e.id, s.powerW === null || s.powerW === undefined ? '–' : (s.powerW / 1000).toFixed(1), 'kW now'),
        metric('soc-' + e.id, s.soc === null || s.soc === undefined ? '–' : s.soc.toFixed(0) + ' %', 'state of charge', s.soc),
        metric('elapsed-' + e.id, duration(s.elapsedSeconds), 'duration')),
      el('dl', { class: 'facts session-facts' },
        el('dt', { text: 'Transaction' }), el('dd', { class: 'mono', id: 'tx-' + e.id, text: s.transactionId || '–' }),
        el('dt', { text: 'Card' }), el('dd', { class: 'mono', text: s.idTokenHint || '–' }),
        el('dt', { text: 'Started' }), el('dd', { text: dateTime(s.startedAt) }),
        el('dt', { text: 'Stopped reason' }), el('dd', { text: s.stoppedReason || '–' })),
      s.message ? el('div', { class: 'session-message', id: 'message-' + e.id, text: s.message }) : null,
      simulated ? simControls(e) : null);
    return card;
  }

  function o_sessionsUnavailable() { return state.overview && !state.overview.sessionsAvailable ? 'no session data' : 'IDLE'; }

  function metric(id, value, label, soc) {
    const m = el('div', { class: 'metric' }, el('div', { class: 'value', id, text: value }), el('div', { class: 'label', text: label }));
    if (soc !== undefined && soc !== null) {
      const bar = el('div');
      bar.style.width = Math.max(0, Math.min(100, soc)) + '%';
      m.append(el('div', { class: 'soc-bar' }, bar));
    }
    return m;
  }

  function simControls(e) {
    const c = e.connectors.find(x => x.simulated);
    const target = { evseId: e.id, connectorId: c.connectorId };
    const phase = e.session ? e.session.phase : 'IDLE';
    const suspended = phase === 'SUSPENDED_EV';
    // Pausing means something only while energy may flow.
    const pausable = ['CABLE_CHECK', 'PRE_CHARGE', 'CHARGING', 'SUSPENDED_EVSE'].includes(phase);
    return el('div', { class: 'sim-controls' },
      el('span', { class: 'label', text: 'Simulated EV' }),
      el('button', { id: 'sim-plug-' + e.id, disabled: c.plugged, onclick: () => simulate('sim/plug', target, 'EV plugged into EVSE ' + e.id) }, 'Plug in'),
      el('button', { id: 'sim-unplug-' + e.id, disabled: !c.plugged, onclick: () => simulate('sim/unplug', target, 'EV unplugged from EVSE ' + e.id) }, 'Unplug'),
      el('button', { id: 'sim-pause-' + e.id, disabled: !c.plugged || !pausable, onclick: () => simulate('sim/ev', { ...target, suspend: true }, 'EV paused charging') }, 'EV pause'),
      el('button', { id: 'sim-resume-' + e.id, disabled: !c.plugged || !suspended, onclick: () => simulate('sim/ev', { ...target, suspend: false }, 'EV resumed charging') }, 'EV resume'));
  }

  async function simulate(path, payload, done) {
    const fb = $('sim-feedback');
    try {
      await postJson(path, payload);
      fb.className = 'sim-feedback';
      fb.textContent = done;
      setTimeout(loadOverview, 300);
    } catch (e) {
      fb.className = 'sim-feedback bad';
      fb.textContent = e.message;
    }
  }

  function tapCard() {
    const token = $('card-token').value.trim();
    if (!token) {
      $('sim-feedback').className = 'sim-feedback bad';
      $('sim-feedback').textContent = 'Enter the card\u2019s idToken first.';
      return;
    }
    const evseId = Number($('card-evse').value);
    simulate('sim/card', { idToken: token, type: 'ISO14443', evseId }, 'Card presented' + (evseId ? ' at EVSE ' + evseId : ''));
  }

  function sessionChanged(s) {
    if (!state.overview) return;
    const evse = state.overview.evses.find(e => e.id === s.evseId);
    if (!evse) return;
    evse.session = s;
    const card = $('evse-' + s.evseId);
    if (card) card.replaceWith(renderEvse(evse));
  }

  function connectorChanged(c) {
    if (!state.overview) return;
    const evse = state.overview.evses.find(e => e.id === c.evseId);
    if (!evse) { loadOverview(); return; }
    const i = evse.connectors.findIndex(x => x.connectorId === c.connectorId);
    if (i < 0) { loadOverview(); return; }
    evse.connectors[i] = { ...c, simulated: evse.connectors[i].simulated };
    const card = $('evse-' + c.evseId);
    if (card) card.replaceWith(renderEvse(evse));
  }

  // ------------------------------------------------------------------ OCPP link

  async function loadLink() {
    try {
      state.link = await getJson('link');
    } catch (e) {
      state.link = { available: false, connected: false, lastError: e.message };
    }
    renderLink();
  }

  function renderLink() {
    const l = state.link;
    const badge = $('badge-link');
    if (!l.available) {
      badge.textContent = 'OCPP not running';
      badge.className = 'badge bad';
      setText('link-state', 'the OCPP transport (io.galvani.ocpp.rpc) is not running');
      return;
    }
    badge.textContent = l.connected ? 'OCPP connected' : 'OCPP offline';
    badge.className = 'badge ' + (l.connected ? 'ok' : 'bad');
    $('link-state').replaceChildren(el('span', { class: l.connected ? 'pill ok' : 'pill bad', text: l.connected ? 'Connected' : 'Not connected' }));
    setText('link-endpoint', l.endpoint);
    setText('link-profile', l.securityProfile + (l.securityProfile === 1 ? ' (HTTP Basic, no TLS)' : l.securityProfile === 2 ? ' (TLS + HTTP Basic)' : ' (TLS with client certificate)'));
    setText('link-slot', l.activeNetworkProfile || '–');
    setText('link-since', dateTime(l.since));
    setText('link-error', l.lastError || 'none');
    const st = l.statistics;
    setText('latency-last', ms(st.lastRoundTripMs));
    setText('latency-avg', ms(st.averageRoundTripMs));
    setText('queue-transport', l.transportQueue);
    setText('queue-outbox', l.outbox ? l.outbox.queued : '–');
    setText('calls', st.callsSent + ' / ' + st.callsReceived);
    setText('timeouts', st.timeouts);
    setText('reconnects', st.reconnects);
    $('log-count').dataset.dropped = l.droppedEvents || 0;
    updateLogCount();
    setText('outbox-detail', l.outbox
      ? l.outbox.queued + ' of ' + l.outbox.capacity + ' stored' + (l.outbox.inFlight ? ', one in flight' : '')
        + ', ' + l.outbox.delivered + ' delivered, ' + l.outbox.discarded + ' discarded'
        + (l.outbox.oldest ? ', oldest ' + dateTime(l.outbox.oldest) : '')
      : 'the outbox (io.galvani.outbox) is not running');
  }

  let linkTimer = null;
  function linkSoon() {
    if (linkTimer) return;
    linkTimer = setTimeout(() => { linkTimer = null; loadLink(); }, 400);
  }

  // ------------------------------------------------------------------ message log

  function addFrame(f) {
    state.frames.push(f);
    if (state.frames.length > MAX_LOG_ROWS) state.frames.shift();
    if (f.action && !state.actions.has(f.action)) {
      state.actions.add(f.action);
      const select = $('log-filter');
      const current = select.value;
      const sorted = [...state.actions].sort();
      select.replaceChildren(el('option', { value: '', text: 'all actions' }), ...sorted.map(a => el('option', { value: a, text: a })));
      select.value = current;
    }
    if (state.paused) {
      state.pendingWhilePaused++;
      updateLogCount();
      return;
    }
    if (!state.filter || f.action === state.filter) {
      const body = $('log-body');
      body.prepend(frameRow(f));
      while (body.children.length > MAX_LOG_ROWS) body.lastChild.remove();
    }
    updateLogCount();
  }

  function frameRow(f) {
    const payload = f.payload === undefined ? f.text : JSON.stringify(f.payload);
    const preview = el('span', { class: 'payload-preview', title: 'click to expand', text: payload || '' });
    const cell = el('td', { class: 'payload' }, preview);
    preview.addEventListener('click', () => {
      cell.replaceChildren(el('pre', { text: f.payload === undefined ? f.text : JSON.stringify(f.payload, null, 2) }));
    });
    const type = f.type === 'CALLERROR' ? 'CALLERROR ' + (f.errorCode || '') : f.type;
    return el('tr', { class: f.direction + ' ' + f.type, 'data-action': f.action || '' },
      el('td', { class: 'time', text: time(f.at) }),
      el('td', { class: 'dir', title: f.direction === 'out' ? 'station to CSMS' : 'CSMS to station', text: f.direction === 'out' ? '\u2192' : '\u2190' }),
      el('td', { text: type }),
      el('td', { text: f.action || '' }),
      el('td', { class: 'mono', text: f.id ? f.id.substring(0, 8) : '' }),
      el('td', { class: 'rtt', text: f.roundTripMs === undefined ? '' : f.roundTripMs + ' ms' }),
      cell);
  }

  function renderLog() {
    const rows = state.frames.filter(f => !state.filter || f.action === state.filter).slice(-MAX_LOG_ROWS).reverse();
    $('log-body').replaceChildren(...rows.map(frameRow));
    updateLogCount();
  }

  function updateLogCount() {
    const shown = $('log-body').children.length;
    $('log-count').textContent = shown + ' frame' + (shown === 1 ? '' : 's')
      + (state.paused ? ' \u2014 paused, ' + state.pendingWhilePaused + ' new' : '')
      + (Number($('log-count').dataset.dropped) > 0 ? ' \u2014 ' + $('log-count').dataset.dropped
        + ' events dropped by the station (console overloaded)' : '');
  }

  // ------------------------------------------------------------------ device model

  async function loadDeviceModel() {
    try {
      state.deviceModel = await getJson('device-model');
      renderDeviceModel();
    } catch (e) {
      $('dm-body').replaceChildren(el('tr', {}, el('td', { colspan: '7', text: e.message })));
    }
  }

  function componentLabel(c) {
    let s = c.name + (c.instance ? ' [' + c.instance + ']' : '');
    if (c.evseId !== null && c.evseId !== undefined) s += ' \u2014 EVSE ' + c.evseId + (c.connectorId ? ' / connector ' + c.connectorId : '');
    return s;
  }

  function variableLabel(v) { return v.name + (v.instance ? ' [' + v.instance + ']' : ''); }

  function characteristicsText(ch) {
    const parts = [ch.dataType + (ch.unit ? ' (' + ch.unit + ')' : '')];
    if (ch.minLimit !== null && ch.minLimit !== undefined) parts.push('min ' + ch.minLimit);
    if (ch.maxLimit !== null && ch.maxLimit !== undefined) parts.push('max ' + ch.maxLimit);
    if (ch.valuesList && ch.valuesList.length) parts.push(ch.valuesList.join(', '));
    return parts.join('; ');
  }

  function renderDeviceModel() {
    const q = $('dm-search').value.trim().toLowerCase();
    const rows = [];
    let lastComponent = null, count = 0;
    for (const v of state.deviceModel.variables) {
      const comp = componentLabel(v.component);
      const varName = variableLabel(v.variable);
      if (q && !comp.toLowerCase().includes(q) && !varName.toLowerCase().includes(q)) continue;
      count++;
      if (comp !== lastComponent) {
        rows.push(el('tr', { class: 'component-row' }, el('td', { colspan: '7', text: comp })));
        lastComponent = comp;
      }
      v.attributes.forEach((a, i) => rows.push(attributeRow(v, a, i === 0 ? varName : '')));
    }
    $('dm-body').replaceChildren(...rows);
    $('dm-count').textContent = count + ' variable' + (count === 1 ? '' : 's');
  }

  function attributeRow(v, a, varName) {
    const key = v.component.name + (v.component.instance ? '[' + v.component.instance + ']' : '')
      + (v.component.evseId ? '@' + v.component.evseId + (v.component.connectorId ? '/' + v.component.connectorId : '') : '')
      + '.' + variableLabel(v.variable) + '.' + a.type;
    const valueCell = el('td', { class: 'value' }, a.mutability === 'WriteOnly'
      ? el('span', { class: 'secret', text: 'write-only, never shown' })
      : (a.value === null ? el('span', { class: 'secret', text: a.readStatus || '–' }) : a.value));
    const writable = a.mutability !== 'ReadOnly';
    const editCell = el('td', {}, writable
      ? el('button', { 'data-edit': key, onclick: () => startEdit(v, a, valueCell, editCell) }, 'Change')
      : null);
    return el('tr', { 'data-key': key },
      el('td', {}, ''), el('td', { text: varName }), el('td', { text: a.type }), valueCell,
      el('td', {}, el('span', { class: a.mutability === 'ReadOnly' ? 'pill' : 'pill info', text: a.mutability })),
      el('td', { class: 'hint', text: characteristicsText(v.characteristics) + (v.rebootRequired ? '; reboot required' : '') }),
      editCell);
  }

  function startEdit(v, a, valueCell, editCell) {
    const ch = v.characteristics;
    let input;
    if (ch.dataType === 'OptionList') {
      input = el('select', {}, ...ch.valuesList.map(x => el('option', { value: x, text: x })));
      if (a.value) input.value = a.value;
    } else if (ch.dataType === 'boolean') {
      input = el('select', {}, el('option', { value: 'true', text: 'true' }), el('option', { value: 'false', text: 'false' }));
      if (a.value) input.value = a.value;
    } else {
      input = el('input', { type: a.mutability === 'WriteOnly' ? 'password' : 'text', value: a.mutability === 'WriteOnly' ? '' : (a.value || ''), autocomplete: 'off', spellcheck: 'false', 'data-input': 'value' });
    }
    const save = el('button', { class: 'primary', 'data-save': '1' }, 'Set');
    const cancel = el('button', { onclick: () => renderDeviceModel() }, 'Cancel');
    save.addEventListener('click', () => writeVariable(v, a, input.value));
    input.addEventListener('keydown', ev => { if (ev.key === 'Enter') writeVariable(v, a, input.value); });
    valueCell.replaceChildren(el('div', { class: 'dm-edit' }, input));
    editCell.replaceChildren(el('div', { class: 'dm-edit' }, save, cancel));
    input.focus();
  }

  async function writeVariable(v, a, value) {
    const box = $('dm-result');
    box.classList.remove('hidden');
    const name = componentLabel(v.component) + ' \u00b7 ' + variableLabel(v.variable) + (a.type !== 'Actual' ? ' (' + a.type + ')' : '');
    try {
      const r = await postJson('device-model', {
        component: v.component.name, componentInstance: v.component.instance, evseId: v.component.evseId,
        connectorId: v.component.connectorId, variable: v.variable.name, variableInstance: v.variable.instance,
        attribute: a.type, value,
      });
      const ok = r.status === 'Accepted' || r.status === 'RebootRequired';
      box.className = 'dm-result ' + (ok ? 'ok' : 'bad');
      box.replaceChildren(...[el('span', { class: 'status', text: name + ': ' + r.status }),
        r.status === 'RebootRequired' ? ' \u2014 takes effect after a reboot' : null,
        ok && r.value !== null ? ' \u2014 value now ' + r.value : null,
        r.reasonCode ? el('span', {}, ' \u2014 ', el('span', { class: 'reason', text: r.reasonCode }), ': ', el('span', { class: 'detail', text: r.detail })) : null]
        .filter(x => x !== null));
      await loadDeviceModel();
    } catch (e) {
      box.className = 'dm-result bad';
      box.replaceChildren(el('span', { class: 'status', text: name + ': not sent' }), ' \u2014 ', el('span', { class: 'detail', text: e.message }));
    }
  }

  // ------------------------------------------------------------------ bundles and security

  async function loadBundles() {
    try {
      state.bundles = await getJson('bundles');
      renderBundles();
    } catch (e) {
      $('bundle-body').replaceChildren(el('tr', {}, el('td', { colspan: '5', text: e.message })));
    }
  }

  function renderBundles() {
    const q = $('bundle-search').value.trim().toLowerCase();
    const rows = state.bundles.bundles.filter(b => !q || (b.symbolicName || '').toLowerCase().includes(q));
    $('bundle-body').replaceChildren(...rows.map(b => el('tr', {},
      el('td', { text: b.id }), el('td', { class: 'mono', text: b.symbolicName || '(none)' }),
      el('td', { class: 'mono', text: b.version }),
      el('td', {}, el('span', { class: pillClass(b.state), text: b.fragment ? b.state + ' (fragment)' : b.state })),
      el('td', { text: b.startLevel }))));
    $('bundle-count').textContent = rows.length + ' of ' + state.bundles.bundles.length + ' bundles'
      + (state.bundles.firmwareVersion ? ' \u00b7 firmware ' + state.bundles.firmwareVersion : '');
  }

  async function loadSecurity() {
    try {
      const s = await getJson('security-events');
      $('security-note').textContent = s.available ? 'newest first' : 'the security event log (io.galvani.security.events) is not running';
      $('security-body').replaceChildren(...s.events.map(securityRow));
      if (!s.events.length) $('security-body').replaceChildren(el('tr', {}, el('td', { colspan: '4', class: 'hint', text: 'No security events recorded.' })));
    } catch (e) {
      $('security-note').textContent = e.message;
    }
  }

  function securityRow(e) {
    return el('tr', {}, el('td', { text: dateTime(e.at) }), el('td', { text: e.type }),
      el('td', {}, el('span', { class: e.critical ? 'pill bad' : 'pill', text: e.critical ? 'critical' : 'logged' })),
      el('td', { text: e.techInfo || '' }));
  }

  // ------------------------------------------------------------------ live stream

  function connectLive() {
    const source = new EventSource(API + 'events');
    const badge = $('badge-live');
    source.onopen = () => { badge.textContent = 'Live'; badge.className = 'badge ok'; };
    source.onerror = () => { badge.textContent = 'Live: reconnecting'; badge.className = 'badge warn'; };
    source.addEventListener('hello', () => {
      // The station sends the kept frames after this: start the log afresh (no duplicates after a reconnect).
      state.frames = [];
      $('log-body').replaceChildren();
      loadOverview();
    });
    source.addEventListener('frame', ev => { addFrame(JSON.parse(ev.data)); linkSoon(); });
    source.addEventListener('link', () => loadLink());
    source.addEventListener('session', ev => sessionChanged(JSON.parse(ev.data)));
    source.addEventListener('connector', ev => connectorChanged(JSON.parse(ev.data)));
    source.addEventListener('security', () => { if ($('panel-security').classList.contains('active')) loadSecurity(); });
  }

  // ------------------------------------------------------------------ start

  document.addEventListener('DOMContentLoaded', () => {
    document.querySelectorAll('.tab').forEach(t => t.addEventListener('click', () => showTab(t.dataset.tab)));
    $('sim-card').addEventListener('click', tapCard);
    $('card-token').addEventListener('keydown', ev => { if (ev.key === 'Enter') tapCard(); });
    $('log-filter').addEventListener('change', ev => { state.filter = ev.target.value; renderLog(); });
    $('log-pause').addEventListener('click', () => {
      state.paused = !state.paused;
      $('log-pause').textContent = state.paused ? 'Resume' : 'Pause';
      if (!state.paused) { state.pendingWhilePaused = 0; renderLog(); } else updateLogCount();
    });
    $('log-clear').addEventListener('click', () => { state.frames = []; state.pendingWhilePaused = 0; renderLog(); });
    $('dm-search').addEventListener('input', () => state.deviceModel && renderDeviceModel());
    $('bundle-search').addEventListener('input', () => state.bundles && renderBundles());
    const initial = location.hash.substring(1);
    if (['station', 'ocpp', 'devicemodel', 'bundles', 'security'].includes(initial)) showTab(initial);
    loadOverview();
    loadLink();
    connectLive();
    // Safety net next to the live stream: elapsed time, registration and queues change without an event.
    setInterval(loadOverview, 5000);
    setInterval(loadLink, 3000);
  });
})();
