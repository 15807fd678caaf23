'use strict';
// Every value from the server goes into the page with textContent: never as markup.
(function () {
  const $ = (id) => document.getElementById(id);
  const cards = new Map();

  function fmt(value) {
    if (value === null || value === undefined || typeof value !== 'number') return '–';
    if (Number.isInteger(value)) return String(value);
    const magnitude = Math.abs(value);
    if (magnitude >= 100) return value.toFixed(1);
    if (magnitude >= 0.01) return value.toFixed(2);
    return String(Number(value.toPrecision(3)));
  }
  function clock(date) { return date.toLocaleTimeString([], { hour12: false }); }
  function percent(rate) { return typeof rate === 'number' ? (rate * 100).toFixed(1) + '%' : '–'; }
  function el(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    if (className) node.className = className;
    return node;
  }
  function badge(kind, value) { return el('span', value, kind + ' ' + String(value).replace(/[^a-z]/g, '')); }
  function row(cells) {
    const tr = document.createElement('tr');
    for (const cell of cells) {
      if (cell instanceof Node) { const td = el('td'); td.appendChild(cell); tr.appendChild(td); }
      else if (Array.isArray(cell)) { tr.appendChild(el('td', cell[0], cell[1])); }
      else tr.appendChild(el('td', cell));
    }
    return tr;
  }
  // a table with rows, or the line that says there are none
  function shown(id, any) { $(id).parentElement.hidden = !any; $('no-' + id).hidden = any; }
  function fill(table, rows) { const body = table.tBodies[0]; body.replaceChildren(...rows); }
  async function get(path) {
    const response = await fetch(path, { cache: 'no-store' });
    if (!response.ok) throw new Error(path + ' answered ' + response.status);
    return response.json();
  }

  function renderMetrics(data, alertsByMetric) {
    $('metric-count').textContent = '(' + data.metrics.length + ')';
    const seen = new Set();
    for (const metric of data.metrics) {
      seen.add(metric.name);
      let card = cards.get(metric.name);
      if (!card) {
        const section = el('section', undefined, 'metric');
        const title = el('h3', metric.name);
        const stats = el('p', undefined, 'stats');
        const img = el('img');
        img.alt = metric.name + ' over time';
        img.loading = 'lazy';
        section.append(title, stats, img);
        card = { section, stats, img, key: '' };
        cards.set(metric.name, card);
        $('metrics').appendChild(section);
      }
      const value = el('span', fmt(metric.latest), 'value');
      const parts = [' · min ' + fmt(metric.min) + ' · max ' + fmt(metric.max) + ' · mean ' + fmt(metric.mean)
        + ' · ' + metric.samples + (metric.samples === 1 ? ' reading' : ' readings')];
      if (metric.threshold !== null) parts.push(' · threshold ' + fmt(metric.threshold));
      card.stats.replaceChildren('latest ', value, ...parts);
      const key = [metric.latest, metric.samples, metric.mean, metric.min, metric.max, metric.threshold,
        alertsByMetric.get(metric.name) || 0].join('|');
      if (key !== card.key) {
        card.key = key;
        card.img.src = 'chart.svg?metric=' + encodeURIComponent(metric.name) + '&v=' + encodeURIComponent(key);
      }
    }
    for (const [name, card] of cards) {
      if (!seen.has(name)) { card.section.remove(); cards.delete(name); }
    }
  }

  function renderAlerts(data) {
    $('alert-total').textContent = '(' + data.total + ' raised)';
    shown('alerts', data.alerts.length > 0);
    fill($('alerts'), data.alerts.map((alert) => row([
      clock(new Date(alert.timestamp * 1000)), badge('sev', alert.severity), alert.metric_name,
      [fmt(alert.metric_value), 'num'], [fmt(alert.threshold), 'num'], [alert.message, 'message']])));
    const counts = new Map();
    for (const alert of data.alerts) counts.set(alert.metric_name, (counts.get(alert.metric_name) || 0) + 1);
    return counts;
  }

  function renderPipelines(data) {
    $('overall-health').textContent = '(overall ' + data.overall_health + ')';
    const names = Object.keys(data.pipelines).sort();
    shown('pipelines', names.length > 0);
    fill($('pipelines'), names.map((name) => {
      const p = data.pipelines[name];
      return row([name, badge('health', p.health), [String(p.total_executions), 'num'],
        [fmt(p.p50_execution_time), 'num'], [fmt(p.p95_execution_time), 'num'], [fmt(p.p99_execution_time), 'num'],
        [percent(p.recent_error_rate), 'num'], [percent(p.error_rate), 'num']]);
    }));
  }

  function renderHandlers(data) {
    const table = $('handlers');
    const keys = data.handlers.length ? Object.keys(data.handlers[0]) : ['name'];
    const head = table.tHead.rows[0];
    if (head.cells.length !== keys.length) {
      head.replaceChildren(...keys.map((key, i) => el('th', key === 'name' ? 'handler' : key, i ? 'num' : '')));
    }
    fill(table, data.handlers.map((h) => row(keys.map((key, i) => i ? [String(h[key]), 'num'] : String(h[key])))));
  }

  function renderSilences(data) {
    shown('silences', data.silences.length > 0);
    fill($('silences'), data.silences.map((silence) => {
      const button = el('button', 'Expire', 'expire');
      button.type = 'button';
      button.addEventListener('click', () => expire(silence.id));
      return row([silence.matchers, new Date(silence.ends_at).toLocaleString(), silence.comment, button]);
    }));
  }

  async function refresh() {
    try {
      const [metrics, alerts, pipelines, handlers, silences] = await Promise.all(
        ['api/metrics', 'api/alerts', 'api/pipelines', 'api/handlers', 'api/silences'].map(get));
      const alertsByMetric = renderAlerts(alerts);
      renderMetrics(metrics, alertsByMetric);
      renderPipelines(pipelines);
      renderHandlers(handlers);
      renderSilences(silences);
      $('status').textContent = 'Live · updated ' + clock(new Date());
    } catch (error) {
      $('status').textContent = 'Cannot reach the application: ' + error.message;
    } finally {
      setTimeout(refresh, 1000);
    }
  }

  function headers(json) {
    const result = json ? { 'Content-Type': 'application/json' } : {};
    const token = document.querySelector('#silence-form input[name="token"]').value;
    if (token) result.Authorization = 'Bearer ' + token;
    return result;
  }
  function say(text, failed) {
    const status = $('form-status');
    status.textContent = text;
    status.className = failed ? 'error' : '';
  }
  async function answer(response) {
    if (response.ok) return null;
    try { return (await response.json()).error; } catch (e) { return 'the server answered ' + response.status; }
  }

  async function expire(id) {
    const response = await fetch('api/silences/' + encodeURIComponent(id), { method: 'DELETE', headers: headers(false) });
    const problem = await answer(response);
    say(problem ? 'Not expired: ' + problem : 'Silence expired.', !!problem);
  }

  $('silence-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const form = event.target;
    const body = { matchers: form.matchers.value, duration: form.duration.value, comment: form.comment.value };
    const response = await fetch('api/silences', { method: 'POST', headers: headers(true), body: JSON.stringify(body) });
    const problem = await answer(response);
    if (problem) { say('Not added: ' + problem, true); return; }
    const silence = await response.json();
    say('Silence ' + silence.id + ' added until ' + new Date(silence.ends_at).toLocaleString() + '.', false);
    form.matchers.value = '';
    form.comment.value = '';
  });

  refresh();
}());
