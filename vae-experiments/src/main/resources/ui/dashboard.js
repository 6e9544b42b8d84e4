// The dashboard page: a table of the runs under the folder, a run's curves and pictures, several runs compared.
// Everything comes from the server's JSON API; it polls every few seconds so training runs update live.
'use strict';
window.charts = {};
let runs = [];
let sortKey = 'name';
let sortUp = true;
let openRun = null;
const selected = new Set();
const TIMINGS = ['train/imagesPerSec', 'train/epochSeconds'];

async function get(url) {
  const r = await fetch(url);
  if (!r.ok) throw new Error(url + ': ' + r.status);
  return r.json();
}

function cell(v) {
  return typeof v === 'number' ? v.toPrecision(5) : (v === null || v === undefined ? '' : String(v));
}

function columns() {
  const config = runs.length ? Object.keys(runs[0].config) : [];
  const results = runs.length ? Object.keys(runs[0].results) : [];
  return { config, results };
}

function value(run, key) {
  if (key.startsWith('config:')) return run.config[key.slice(7)];
  if (key.startsWith('result:')) return run.results[key.slice(7)];
  return run[key];
}

function renderRuns() {
  const { config, results } = columns();
  const head = document.querySelector('#runs-table thead');
  const keys = ['name', 'status', 'seed'].concat(config.map(c => 'config:' + c), results.map(r => 'result:' + r));
  head.innerHTML = '<tr><th></th>' + keys.map(k => `<th data-key="${k}">${k.replace(/^(config|result):/, '')}</th>`).join('') + '</tr>';
  head.querySelectorAll('th[data-key]').forEach(th => th.onclick = () => {
    sortUp = sortKey === th.dataset.key ? !sortUp : true;
    sortKey = th.dataset.key;
    renderRuns();
  });
  const filter = document.getElementById('filter').value.toLowerCase();
  const shown = runs.filter(r => JSON.stringify(r).toLowerCase().includes(filter));
  shown.sort((a, b) => {
    const x = value(a, sortKey), y = value(b, sortKey);
    const c = (typeof x === 'number' && typeof y === 'number') ? x - y : String(x).localeCompare(String(y));
    return sortUp ? c : -c;
  });
  document.querySelector('#runs-table tbody').innerHTML = shown.map(r =>
    `<tr data-id="${r.id}" class="status-${r.status}"><td><input type="checkbox" class="select" data-id="${r.id}"` +
    `${selected.has(r.id) ? ' checked' : ''}></td>` +
    keys.map(k => k === 'name' ? `<td><a class="open" data-id="${r.id}">${r.name}</a></td>` : `<td>${cell(value(r, k))}</td>`).join('') +
    '</tr>').join('');
  document.querySelectorAll('input.select').forEach(box => box.onchange = () => {
    box.checked ? selected.add(box.dataset.id) : selected.delete(box.dataset.id);
    document.getElementById('compare-button').disabled = selected.size < 2;
  });
  document.querySelectorAll('a.open').forEach(a => a.onclick = () => showRun(a.dataset.id));
}

function lineChart(id, title, xLabel, datasets) {
  if (window.charts[id]) window.charts[id].destroy();
  window.charts[id] = new Chart(document.getElementById(id), {
    type: 'line',
    data: { datasets },
    options: {
      animation: false, parsing: false, normalized: true,
      plugins: { title: { display: true, text: title } },
      scales: { x: { type: 'linear', title: { display: true, text: xLabel } }, y: { title: { display: true, text: 'nats per image' } } }
    }
  });
}

function series(lines, xKey, key) {
  return lines.filter(l => typeof l[key] === 'number' && l[xKey] !== undefined).map(l => ({ x: l[xKey], y: l[key] }));
}

async function showRun(id) {
  openRun = id;
  const run = await get('/api/run?id=' + encodeURIComponent(id));
  document.getElementById('run-panel').hidden = false;
  document.getElementById('run-title').textContent = id + ' (' + run.status + ')';
  const lines = run.metrics;
  const stepLines = lines.filter(l => !('train/epochSeconds' in l));
  const trainKeys = [...new Set(stepLines.flatMap(l => Object.keys(l)).filter(k => k.startsWith('train/') && !TIMINGS.includes(k)))];
  lineChart('run-train-chart', 'train (per logged step)', 'step', trainKeys.map(k => ({ label: k, data: series(stepLines, 'step', k) })));
  const epochLines = lines.filter(l => Object.keys(l).some(k => k.startsWith('test/')));
  const testKeys = [...new Set(epochLines.flatMap(l => Object.keys(l)).filter(k => k.startsWith('test/')))];
  lineChart('run-test-chart', 'test (per epoch)', 'epoch', testKeys.map(k => ({ label: k, data: series(epochLines, 'epoch', k) })));
  document.getElementById('run-images').innerHTML = run.images.map(f =>
    `<img alt="${f}" title="${f}" src="/api/image?id=${encodeURIComponent(id)}&file=${f}&t=${Date.now()}">`).join('');
  document.getElementById('run-config').textContent = JSON.stringify(run.config, null, 2);
  document.getElementById('run-provenance').textContent = JSON.stringify(run.provenance, null, 2);
}

async function compare() {
  const ids = [...selected];
  const all = await Promise.all(ids.map(id => get('/api/run?id=' + encodeURIComponent(id))));
  document.getElementById('compare-panel').hidden = false;
  lineChart('compare-test-chart', 'test negative ELBO', 'epoch',
    all.map(r => ({ label: r.id, data: series(r.metrics, 'epoch', 'test/negElbo') })));
  lineChart('compare-train-chart', 'train objective (loss/total)', 'step',
    all.map(r => ({ label: r.id, data: series(r.metrics.filter(l => !('train/epochSeconds' in l)), 'step', 'train/loss/total') })));
  const diff = await get('/api/diff?' + ids.map(id => 'id=' + encodeURIComponent(id)).join('&'));
  document.getElementById('diff').innerHTML = ids.length === 2
    ? (diff.config.length ? diff.config.map(d => `<li>${d}</li>`).join('') : '<li>identical configs</li>')
    : '<li>select exactly two runs to see their config diff</li>';
}

// One scatter per config path that varies across the runs and takes numbers (a sweep's axes): the chosen
// result against the path's value, one point per run (seeds side by side).
function renderAxes() {
  const { config, results } = columns();
  const select = document.getElementById('axis-metric');
  if (select.options.length !== results.length) {
    select.innerHTML = results.map(r => `<option>${r}</option>`).join('');
  }
  const metric = select.value || results[0];
  const axes = config.filter(p => p !== 'seed' && runs.every(r => r.config[p] !== '' && !isNaN(parseFloat(r.config[p]))));
  const holder = document.getElementById('axis-charts');
  const wanted = axes.map(p => 'axis-' + p).join(',');
  if (holder.dataset.axes !== wanted) {
    Object.keys(window.charts).filter(k => k.startsWith('axis-')).forEach(k => { window.charts[k].destroy(); delete window.charts[k]; });
    holder.innerHTML = axes.map(p => `<canvas id="axis-${p}"></canvas>`).join('');
    holder.dataset.axes = wanted;
  }
  axes.forEach(p => {
    const id = 'axis-' + p;
    const data = runs.filter(r => typeof r.results[metric] === 'number')
      .map(r => ({ x: parseFloat(r.config[p]), y: r.results[metric] }));
    if (window.charts[id]) window.charts[id].destroy();
    window.charts[id] = new Chart(document.getElementById(id), {
      type: 'scatter',
      data: { datasets: [{ label: metric, data }] },
      options: { animation: false, plugins: { title: { display: true, text: metric + ' against ' + p } },
        scales: { x: { title: { display: true, text: p } }, y: { title: { display: true, text: metric } } } }
    });
  });
}

async function refresh() {
  runs = await get('/api/runs');
  renderRuns();
  renderAxes();
  document.getElementById('ablation-table').innerHTML = (await get('/api/table')).html;
  document.getElementById('updated').textContent = 'updated ' + new Date().toLocaleTimeString();
  const open = runs.find(r => r.id === openRun);
  if (open && open.status === 'running') showRun(openRun);     // live curves while it trains
}

document.getElementById('filter').oninput = renderRuns;
document.getElementById('axis-metric').onchange = renderAxes;
document.getElementById('compare-button').onclick = compare;
refresh();
setInterval(refresh, 3000);
