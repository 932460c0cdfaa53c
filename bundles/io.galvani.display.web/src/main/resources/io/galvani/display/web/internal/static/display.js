// Mirrors the station's screen: renders each screen the station decided (server-sent events), decides nothing.
(function () {
  'use strict';

  var HEARTBEAT_TIMEOUT_MS = 35000; // three missed heartbeats (10 s) and some: the stream is dead
  var RECONNECT_MS = 3000;
  var TILES = ['energy', 'power', 'stateOfCharge', 'time', 'cost'];

  var source = null;
  var watchdog = null;
  var reconnect = null;
  var labels = {};

  function el(tag, className, text) {
    var e = document.createElement(tag);
    if (className) { e.className = className; }
    if (text !== undefined && text !== null) { e.textContent = text; }
    return e;
  }

  function renderEvse(evse, several) {
    var section = el('section', 'evse');
    section.setAttribute('data-evse', String(evse.evseId));
    section.setAttribute('data-state', evse.state);
    if (several) {
      section.appendChild(el('div', 'evse-label', (labels.evse || 'Charge point') + ' ' + evse.evseId));
    }
    section.appendChild(el('h1', 'title', evse.title));
    if (evse.reason) { section.appendChild(el('p', 'reason', evse.reason)); }
    var values = evse.values || {};
    var tiles = el('div', 'tiles');
    TILES.forEach(function (name) {
      var v = values[name];
      if (!v) { return; }
      var tile = el('div', 'tile');
      tile.setAttribute('data-value', name);
      tile.appendChild(el('span', 'value', v.text));
      tile.appendChild(el('span', 'caption', labels[name] || name));
      tiles.appendChild(tile);
    });
    if (tiles.childNodes.length > 0) { section.appendChild(tiles); }
    if (evse.hint) { section.appendChild(el('p', 'hint', evse.hint)); }
    return section;
  }

  function render(screen) {
    labels = screen.labels || {};
    document.documentElement.lang = screen.language || 'en';
    var main = document.getElementById('evses');
    var evses = screen.evses || [];
    main.textContent = '';
    if (evses.length === 0) {
      main.appendChild(renderEvse({ evseId: 0, state: 'STARTING', title: labels.starting || 'Starting up',
        hint: labels.wait || 'Please wait', values: {} }, false));
    }
    evses.forEach(function (evse) { main.appendChild(renderEvse(evse, evses.length > 1)); });
    main.setAttribute('data-connected', 'true');
    var offline = document.getElementById('offline');
    offline.textContent = labels.offline || 'offline';
    offline.hidden = screen.online !== false;
    document.getElementById('connection-lost').textContent = labels.connectionLost || 'Connection to the station lost';
    document.getElementById('display-lines').textContent = ((screen.display || {}).lines || []).join('\n');
  }

  function lost(yes) {
    document.getElementById('connection-lost').hidden = !yes;
    document.body.classList.toggle('lost', yes);
    document.getElementById('evses').setAttribute('data-connected', yes ? 'false' : 'true');
  }

  function alive() {
    clearTimeout(watchdog);
    watchdog = setTimeout(function () { lost(true); restart(); }, HEARTBEAT_TIMEOUT_MS);
  }

  function restart() {
    if (source) { source.close(); source = null; }
    clearTimeout(reconnect);
    reconnect = setTimeout(connect, RECONNECT_MS);
  }

  function connect() {
    source = new EventSource('display/events');
    source.addEventListener('screen', function (event) {
      alive();
      lost(false);
      try { render(JSON.parse(event.data)); } catch (e) { console.error('bad screen', e); }
    });
    source.addEventListener('heartbeat', function () { alive(); lost(false); });
    source.onopen = alive;
    source.onerror = function () {
      lost(true);
      // The browser retries by itself while the stream is CONNECTING; a refused one (404, 503) is CLOSED for good.
      if (source.readyState === EventSource.CLOSED) { restart(); }
    };
  }

  connect();
}());
